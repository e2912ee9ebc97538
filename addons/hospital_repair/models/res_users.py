from odoo import fields, models
from odoo.fields import Domain


class ResUsers(models.Model):
    _inherit = "res.users"

    repair_zone_ids = fields.One2many(
        "hospital.repair.zone", "user_id", string="Repair Zones",
        help="Zones this worker is responsible for (their sub-zones included).",
    )
    repair_backup_zone_ids = fields.One2many(
        "hospital.repair.zone", "backup_user_id", string="Backup Repair Zones",
        help="Zones this worker covers when their responsible worker is absent.",
    )

    repair_covered_zone_ids = fields.Many2many(
        "hospital.repair.zone", string="Covered Repair Zones",
        compute="_compute_repair_covered_zone_ids",
        help="Zones, with their sub-zones, this user answers for as responsible "
        "or backup; read by the workers' record rule.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        # a worker sees the zones they cover in their own preferences
        return super().SELF_READABLE_FIELDS + ["repair_zone_ids", "repair_backup_zone_ids"]

    def _compute_repair_covered_zone_ids(self):
        Zone = self.env["hospital.repair.zone"].sudo()
        for user in self:
            zones = Zone.search(
                ["|", ("user_id", "=", user.id), ("backup_user_id", "=", user.id)]
            )
            user.repair_covered_zone_ids = (
                Zone.search([("id", "child_of", zones.ids)]) if zones else Zone
            )

    def _hospital_repair_absent_at(self, at):
        """The users of ``self`` who cannot take work at ``at``: archived, or
        on leave in the resource calendar of their employee/resource."""
        absent = self.filtered(lambda u: not u.active)
        present = self - absent
        if present:
            leaves = self.env["resource.calendar.leaves"].sudo().search_fetch(
                Domain("resource_id.user_id", "in", present.ids)
                & Domain("date_from", "<=", at)
                & Domain("date_to", ">=", at),
                ["resource_id"],
            )
            absent |= leaves.resource_id.user_id
        return absent
