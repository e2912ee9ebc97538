from odoo import fields, models


class HospitalRepairPriceItem(models.Model):
    """One line of the price list (维修价目) of a trade: a repair item with
    its price, charged on chargeable orders."""

    _name = "hospital.repair.price.item"
    _description = "Repair Price Item"
    _order = "category_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Item", required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        "hospital.repair.category", required=True, index=True, ondelete="cascade",
        check_company=True)
    company_id = fields.Many2one(related="category_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(required=True)
    unit = fields.Char(default=lambda self: self.env._("time"))
    description = fields.Text()

    _price_positive = models.Constraint("CHECK (price >= 0)", "A price cannot be negative.")
