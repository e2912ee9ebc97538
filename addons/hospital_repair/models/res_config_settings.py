from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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

    # Worker appraisal (绩效考核): weights of the measures in the score. No
    # field default: the settings store 0 by removing the parameter, so the
    # initial weights are parameters in data/hospital_repair_appraisal_data.xml.
    hospital_repair_weight_dispatch = fields.Integer(
        string="Weight: accept → dispatch time",
        config_parameter="hospital_repair.weight_dispatch")
    hospital_repair_weight_success = fields.Integer(
        string="Weight: success rate",
        config_parameter="hospital_repair.weight_success")
    hospital_repair_weight_satisfaction = fields.Integer(
        string="Weight: satisfaction",
        config_parameter="hospital_repair.weight_satisfaction")
    hospital_repair_weight_count = fields.Integer(
        string="Weight: number of orders",
        config_parameter="hospital_repair.weight_count")
    hospital_repair_weight_overdue = fields.Integer(
        string="Weight: on-time rate",
        config_parameter="hospital_repair.weight_overdue")

    @api.constrains(
        "hospital_repair_weight_dispatch", "hospital_repair_weight_success",
        "hospital_repair_weight_satisfaction", "hospital_repair_weight_count",
        "hospital_repair_weight_overdue")
    def _check_hospital_repair_weights(self):
        for settings in self:
            if min(settings.hospital_repair_weight_dispatch,
                   settings.hospital_repair_weight_success,
                   settings.hospital_repair_weight_satisfaction,
                   settings.hospital_repair_weight_count,
                   settings.hospital_repair_weight_overdue) < 0:
                raise ValidationError(self.env._("Appraisal weights cannot be negative."))
    hospital_repair_factor_urgent = fields.Float(
        string="Urgent SLA factor",
        config_parameter="hospital_repair.factor_urgent",
        default=0.5,
        help="Share of the category's SLA targets given to urgent orders.",
    )
    hospital_repair_factor_emergency = fields.Float(
        string="Emergency SLA factor",
        config_parameter="hospital_repair.factor_emergency",
        default=0.25,
        help="Share of the category's SLA targets given to emergencies.",
    )

    @api.constrains(
        "hospital_repair_auto_verify_days",
        "hospital_repair_factor_urgent",
        "hospital_repair_factor_emergency",
    )
    def _check_hospital_repair_values(self):
        for settings in self:
            if settings.hospital_repair_auto_verify_days < 1:
                raise ValidationError(_("Orders can be confirmed automatically after one day at the earliest."))
            for factor in (settings.hospital_repair_factor_urgent,
                           settings.hospital_repair_factor_emergency):
                if not 0 < factor <= 1:
                    raise ValidationError(_("An SLA factor lies between 0 (excluded) and 1."))
