from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hospital_repair.tools import in_transition


class HospitalRepairChargeLine(models.Model):
    """What a chargeable order bills its department (收费): its materials
    (at cost or sales price, as its category says) and its labour, written
    by the order when it is confirmed, and items of the price list added by
    the worker or the desk."""

    _name = "hospital.repair.charge.line"
    _description = "Repair Charge"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "hospital.repair.order", string="Repair Order", required=True, index=True,
        ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("material", "Material"), ("labour", "Labour"), ("item", "Repair Item")],
        default="item", required=True, readonly=True)
    price_item_id = fields.Many2one(
        "hospital.repair.price.item", check_company=True,
        domain="[('category_id', '=', parent.category_id)]")
    material_line_id = fields.Many2one(
        "hospital.repair.material.line", readonly=True, ondelete="cascade")
    name = fields.Char(
        string="Description", compute="_compute_from_item", store=True, readonly=False,
        precompute=True, required=True)
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    price_unit = fields.Monetary(
        string="Unit Price", compute="_compute_from_item", store=True, readonly=False,
        precompute=True)
    amount = fields.Monetary(compute="_compute_amount", store=True)

    _quantity_positive = models.Constraint(
        "CHECK (quantity >= 0 AND price_unit >= 0)",
        "Charged quantities and prices cannot be negative.")

    @api.depends("price_item_id")
    def _compute_from_item(self):
        for line in self.filtered("price_item_id"):
            line.name = line.price_item_id.name
            line.price_unit = line.price_item_id.price

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.quantity * line.price_unit) \
                if line.currency_id else line.quantity * line.price_unit

    @api.model
    def _check_amounts(self, vals):
        # before anything is written; the table's CHECK is the last guard
        if any((vals.get(fname) or 0.0) < 0 for fname in ("quantity", "price_unit")):
            raise ValidationError(_("Charged quantities and prices cannot be negative."))

    # the order's rights (record_materials) decide, for every caller; the
    # lines the order computes (materials, labour) are the order's alone
    def _check_order_rights(self, orders, lines=None):
        if in_transition():
            return
        orders._check_write({"charge_line_ids"})
        if lines and lines.filtered(lambda c: c.kind != "item"):
            raise ValidationError(_("Material and labour charges follow the order: change "
                                    "its materials instead."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_amounts(vals)
            if not in_transition():
                vals["kind"] = "item"
        self._check_order_rights(self.env["hospital.repair.order"].browse(
            {vals.get("order_id") for vals in vals_list if vals.get("order_id")}))
        return super().create(vals_list)

    def write(self, vals):
        self._check_order_rights(self.order_id, self)
        self._check_amounts(vals)
        return super().write(vals)

    def unlink(self):
        self._check_order_rights(self.order_id, self)
        return super().unlink()
