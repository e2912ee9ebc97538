from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Per hospital: the company's fields (res_company.py), shown here.
    hospital_repair_auto_verify_days = fields.Integer(
        related="company_id.repair_auto_verify_days", readonly=False)
    hospital_repair_dispatch_on_accept = fields.Boolean(
        related="company_id.repair_dispatch_on_accept", readonly=False)
    hospital_repair_logistics_leader_id = fields.Many2one(
        related="company_id.repair_logistics_leader_id", readonly=False)
    hospital_repair_factor_urgent = fields.Float(
        related="company_id.repair_factor_urgent", readonly=False)
    hospital_repair_factor_emergency = fields.Float(
        related="company_id.repair_factor_emergency", readonly=False)
    hospital_repair_weight_dispatch = fields.Integer(
        related="company_id.repair_weight_dispatch", readonly=False)
    hospital_repair_weight_success = fields.Integer(
        related="company_id.repair_weight_success", readonly=False)
    hospital_repair_weight_satisfaction = fields.Integer(
        related="company_id.repair_weight_satisfaction", readonly=False)
    hospital_repair_weight_count = fields.Integer(
        related="company_id.repair_weight_count", readonly=False)
    hospital_repair_weight_overdue = fields.Integer(
        related="company_id.repair_weight_overdue", readonly=False)
