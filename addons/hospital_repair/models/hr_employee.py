from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    repair_zone_ids = fields.Many2many(
        "hospital.repair.zone", string="Repair Zones",
        compute="_compute_repair_zone_ids",
        groups="hospital_repair.group_repair_requester",
    )

    @api.depends("user_id")
    def _compute_repair_zone_ids(self):
        for employee in self:
            employee.repair_zone_ids = (
                employee.user_id.repair_zone_ids | employee.user_id.repair_backup_zone_ids
            )
