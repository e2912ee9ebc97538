from odoo import api, fields, models
from odoo.exceptions import UserError


class HospitalRepairSettlementLine(models.Model):
    """One order of a settlement, with its charges as they were when the
    settlement was drawn up: a confirmed settlement does not move."""

    _name = "hospital.repair.settlement.line"
    _description = "Repair Settlement Line"
    _order = "settlement_id, date_verified, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "hospital.repair.settlement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    order_id = fields.Many2one(
        "hospital.repair.order", string="Repair Order", required=True, index=True,
        check_company=True)
    date_verified = fields.Datetime(string="Confirmed On")
    zone_id = fields.Many2one("hospital.repair.zone")
    category_id = fields.Many2one("hospital.repair.category")
    amount_material = fields.Monetary(string="Materials")
    amount_labour = fields.Monetary(string="Labour")
    amount_items = fields.Monetary(string="Repair Items")
    amount_total = fields.Monetary(string="Total")

    # an order is charged once
    _order_unique = models.UniqueIndex("(order_id)")

    @api.model
    def _prepare_values(self, settlement, order):
        by_kind = {kind: 0.0 for kind in ("material", "labour", "item")}
        for charge in order.sudo().charge_line_ids:
            by_kind[charge.kind] += charge.amount
        return {
            "settlement_id": settlement.id, "order_id": order.id,
            "date_verified": order.date_verified, "zone_id": order.zone_id.id,
            "category_id": order.category_id.id, "amount_material": by_kind["material"],
            "amount_labour": by_kind["labour"], "amount_items": by_kind["item"],
            "amount_total": sum(by_kind.values()),
        }

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_draft()
        return lines

    def write(self, vals):
        self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_draft()

    def _check_draft(self):
        if any(line.settlement_id.state != "draft" for line in self):
            raise UserError(self.env._("A confirmed settlement cannot change any more."))
