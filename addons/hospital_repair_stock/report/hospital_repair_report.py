from odoo import fields, models
from odoo.tools.sql import SQL


class HospitalRepairReport(models.Model):
    """The analysis gains each order's material cost (stored on the order
    from its stock moves), its labour and what was charged."""

    _inherit = "hospital.repair.report"
    _depends = {
        "hospital.repair.order": ["material_cost", "labour_cost", "amount_charged"],
    }

    labour_cost = fields.Float(readonly=True, aggregator="sum", digits=(16, 2))
    amount_charged = fields.Float(string="Charged", readonly=True, aggregator="sum",
                                  digits=(16, 2))

    def _material_cost_sql(self):
        return SQL("COALESCE(o.material_cost, 0.0)")

    def _select(self) -> SQL:
        return SQL(
            "%s, COALESCE(o.labour_cost, 0.0) AS labour_cost, "
            "COALESCE(o.amount_charged, 0.0) AS amount_charged",
            super()._select())
