from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hospital_repair_auto_verify_days = fields.Integer(
        string="Auto-confirm after (days)",
        config_parameter="hospital_repair.auto_verify_days",
        default=3,
    )
    hospital_repair_dispatch_on_accept = fields.Boolean(
        string="Dispatch when accepted",
        config_parameter="hospital_repair.dispatch_on_accept",
        default=True,
    )
    hospital_repair_logistics_leader_id = fields.Many2one(
        "res.users",
        string="Logistics Leader",
        config_parameter="hospital_repair.logistics_leader_id",
    )
