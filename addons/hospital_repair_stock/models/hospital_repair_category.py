from odoo import fields, models


class HospitalRepairCategory(models.Model):
    """How a chargeable trade is billed: its labour, its materials and its
    price list (维修价目)."""

    _inherit = "hospital.repair.category"

    labour_price_type = fields.Selection(
        [("flat", "Flat per Order"), ("hour", "Per Hour Worked")],
        string="Labour Charged", default="flat", required=True,
        help="Flat: the labour price once per order. Per hour: the labour price for each "
        "hour from arrival to completion.")
    material_charge = fields.Selection(
        [("cost", "At Cost"), ("price", "At Sales Price")],
        string="Materials Charged", default="cost", required=True,
        help="At cost: what the store paid (the value of the stock moves). At sales "
        "price: the materials' sales price.")
    price_item_ids = fields.One2many(
        "hospital.repair.price.item", "category_id", string="Price List")

    def _get_labour_cost(self, hours):
        """Labour of an order of this category that took ``hours`` on site."""
        self.ensure_one()
        if self.labour_price_type == "hour":
            return self.labour_price * (hours or 0.0)
        return self.labour_price
