from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare


class StockReturnPicking(models.TransientModel):
    """Odoo's own return, used for repair materials by the storekeeper (the
    Return button of an issue) and by the order (its workers' returns): it
    carries the issue's cost back. Refused when it asks back more than
    what was issued and is not returned or being returned yet."""

    _inherit = "stock.return.picking"

    def _create_return(self):
        if self.picking_id.repair_order_id:
            for line in self.product_return_moves.filtered("move_id"):
                move = line.move_id
                if float_compare(line.quantity, 0.0, precision_rounding=line.uom_id.rounding) < 0:
                    raise UserError(_("A quantity to return cannot be negative."))
                left = move._repair_returnable_quantity()
                if float_compare(line.quantity, left, precision_rounding=line.uom_id.rounding) > 0:
                    raise UserError(_(
                        "%(product)s: you cannot return %(quantity)s %(uom)s, only %(left)s "
                        "%(uom)s of %(issue)s were issued and not returned yet.",
                        product=move.product_id.display_name, quantity=line.quantity,
                        uom=line.uom_id.name, left=left, issue=move.picking_id.name))
        return super()._create_return()
