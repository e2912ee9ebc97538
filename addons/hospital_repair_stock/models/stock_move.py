from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    # copied by Odoo's return: a return move counts on the line it returns
    repair_material_line_id = fields.Many2one(
        "hospital.repair.material.line", string="Repair Material", index="btree_not_null",
        readonly=True)

    def _repair_returnable_quantity(self):
        """What of this done issue move may still be returned: its quantity
        less the returns done or under way."""
        self.ensure_one()
        returned = sum(
            m.product_uom._compute_quantity(m.product_uom_qty if m.state != "done" else m.quantity,
                                            self.product_uom)
            for m in self.returned_move_ids if m.state != "cancel")
        return max(self.quantity - returned, 0.0)

    def _set_value(self, correction_quantity=None):
        # The valuation of repair issues and returns is the books' work, not
        # a right of the storekeeper: an Inventory user may validate them, but
        # average costing reads and writes product values only Inventory
        # administrators may touch. Checked before: the user validates the
        # picking (its access rules and button_validate's checks passed).
        repair = self.filtered("repair_material_line_id")
        if repair:
            super(StockMove, repair.sudo())._set_value(correction_quantity=correction_quantity)
        return super(StockMove, self - repair)._set_value(correction_quantity=correction_quantity)

    def _action_done(self, cancel_backorder=False):
        self._check_repair_return_quantities()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _check_repair_return_quantities(self):
        """A return of repair materials never takes back more than its issue
        gave: the quantity may have been raised on the return after it was
        created. Checked when the goods move, so that nothing moves."""
        returns = self.filtered(
            lambda m: m.repair_material_line_id and m.origin_returned_move_id
            and m.state not in ("done", "cancel"))
        returning = defaultdict(float)
        for move in returns:
            returning[move.origin_returned_move_id] += move.product_uom._compute_quantity(
                move.quantity, move.origin_returned_move_id.product_uom)
        for origin, quantity in returning.items():
            returned = sum(
                m.product_uom._compute_quantity(m.quantity, origin.product_uom)
                for m in origin.returned_move_ids if m.state == "done")
            if float_compare(returned + quantity, origin.quantity,
                             precision_rounding=origin.product_uom.rounding) > 0:
                raise UserError(_(
                    "%(product)s: you cannot return %(quantity)s %(uom)s, only %(left)s %(uom)s "
                    "of %(issue)s were issued and not returned yet.",
                    product=origin.product_id.display_name, quantity=quantity,
                    uom=origin.product_uom.name, left=max(origin.quantity - returned, 0.0),
                    issue=origin.picking_id.name))
