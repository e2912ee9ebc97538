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

    # Worker appraisal (绩效考核): weights of the measures in the score.
    hospital_repair_weight_dispatch = fields.Integer(
        string="Weight: accept → dispatch time",
        config_parameter="hospital_repair.weight_dispatch", default=20)
    hospital_repair_weight_success = fields.Integer(
        string="Weight: success rate",
        config_parameter="hospital_repair.weight_success", default=25)
    hospital_repair_weight_satisfaction = fields.Integer(
        string="Weight: satisfaction",
        config_parameter="hospital_repair.weight_satisfaction", default=25)
    hospital_repair_weight_count = fields.Integer(
        string="Weight: number of orders",
        config_parameter="hospital_repair.weight_count", default=15)
    hospital_repair_weight_overdue = fields.Integer(
        string="Weight: on-time rate",
        config_parameter="hospital_repair.weight_overdue", default=15)
