from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.hospital_repair.tools import try_lock


class StockPicking(models.Model):
    """Issues (维修领料) and returns (维修退料) of repair materials: each hangs
    on its order, whose zone, department and worker the storekeeper sees."""

    _inherit = "stock.picking"

    # copied by Odoo's return of an issue: the return hangs on the same order
    repair_order_id = fields.Many2one(
        "hospital.repair.order", index="btree_not_null",
        readonly=True, check_company=True)
    repair_zone_id = fields.Many2one(
        related="repair_order_id.zone_id", string="Repair Zone", store=True)
    repair_department_id = fields.Many2one(
        related="repair_order_id.department_id", string="Repair Department", store=True)
    repair_worker_id = fields.Many2one(
        related="repair_order_id.user_id", string="Repair Worker", store=True)
    repair_location = fields.Char(related="repair_order_id.location", string="Repair Location")

    def button_validate(self):
        repair = self.filtered("repair_order_id")
        if repair:
            # two storekeepers validating the same issue at once: the goods
            # leave the store once, the second is told
            if not try_lock(repair):
                raise UserError(_(
                    "Someone else is validating %(pickings)s at this very moment: reload "
                    "and check.", pickings=", ".join(repair.mapped("name"))))
            repair.invalidate_recordset(["state"])
            done = repair.filtered(lambda p: p.state in ("done", "cancel"))
            if done:
                raise UserError(_("%(pickings)s was already validated or cancelled.",
                                  pickings=", ".join(done.mapped("name"))))
        return super().button_validate()

    @api.model
    def _repair_open_domain(self):
        return [("repair_order_id", "!=", False), ("state", "not in", ("done", "cancel"))]
