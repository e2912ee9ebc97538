from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import DEFAULT_PRIORITY_FACTORS


class ResCompany(models.Model):
    """What differs from one hospital to the next (设置 ▸ 后勤报修)."""

    _inherit = "res.company"

    repair_dispatch_on_accept = fields.Boolean(
        string="Dispatch When Accepted", default=True,
        help="Accepting an order gives it at once to the worker answering for its zone.",
    )
    repair_auto_verify_days = fields.Integer(
        string="Auto-confirm After (days)", default=3,
        help="Orders left done without an answer of the reporter are confirmed then.",
    )
    repair_logistics_leader_id = fields.Many2one(
        "res.users", string="Logistics Leader",
        help="Second approver and recipient of escalations; empty: the managers decide.",
    )
    repair_factor_urgent = fields.Float(
        string="Urgent SLA Factor", default=DEFAULT_PRIORITY_FACTORS["urgent"],
        help="Share of the category's SLA targets given to urgent orders.",
    )
    repair_factor_emergency = fields.Float(
        string="Emergency SLA Factor", default=DEFAULT_PRIORITY_FACTORS["emergency"],
        help="Share of the category's SLA targets given to emergencies.",
    )
    # Worker appraisal (绩效考核): weights of the measures in the score.
    repair_weight_dispatch = fields.Integer(string="Weight: Accept → Dispatch Time", default=20)
    repair_weight_success = fields.Integer(string="Weight: Success Rate", default=25)
    repair_weight_satisfaction = fields.Integer(string="Weight: Satisfaction", default=25)
    repair_weight_count = fields.Integer(string="Weight: Number of Orders", default=15)
    repair_weight_overdue = fields.Integer(string="Weight: On-time Rate", default=15)

    @api.constrains("repair_auto_verify_days", "repair_factor_urgent", "repair_factor_emergency")
    def _check_repair_settings(self):
        for company in self:
            if company.repair_auto_verify_days < 1:
                raise ValidationError(self.env._(
                    "Orders can be confirmed automatically after one day at the earliest."))
            for factor in (company.repair_factor_urgent, company.repair_factor_emergency):
                if not 0 < factor <= 1:
                    raise ValidationError(self.env._(
                        "An SLA factor lies between 0 (excluded) and 1."))

    @api.constrains(
        "repair_weight_dispatch", "repair_weight_success", "repair_weight_satisfaction",
        "repair_weight_count", "repair_weight_overdue")
    def _check_repair_weights(self):
        for company in self:
            if min(company._get_repair_weights().values()) < 0:
                raise ValidationError(self.env._("Appraisal weights cannot be negative."))

    def _get_repair_priority_factor(self, priority):
        """Share of the SLA targets an order of ``priority`` gets (1 = all)."""
        self.ensure_one()
        if priority == "urgent":
            return self.repair_factor_urgent
        if priority == "emergency":
            return self.repair_factor_emergency
        return 1.0

    def _get_repair_weights(self):
        self.ensure_one()
        return {
            key: self[f"repair_weight_{key}"]
            for key in ("dispatch", "success", "satisfaction", "count", "overdue")
        }

    def _get_repair_logistics_leader(self):
        """The logistics leader of the settings, if set and active."""
        self.ensure_one()
        return self.sudo().repair_logistics_leader_id.filtered("active").sudo(False)

    def _get_repair_lang(self):
        """The hospital's language (its partner's) if installed, else False:
        what the system writes by itself (a wall screen, the orders a cron
        creates) speaks like the hospital, not like whoever set it up."""
        self.ensure_one()
        lang = self.partner_id.lang
        return lang if lang in dict(self.env["res.lang"].get_installed()) else False

    def _get_repair_tz(self):
        """The hospital's time zone (its partner's), UTC if unset: the day a
        patrol round belongs to is the hospital's, whoever (a worker, the
        cron's OdooBot) asks."""
        self.ensure_one()
        return self.partner_id.tz or "UTC"

    def _get_repair_today(self, timestamp=None):
        """The hospital's date of ``timestamp`` (UTC, now by default): the
        day a patrol round or a preventive order belongs to, whoever asks
        (see _get_repair_tz)."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._get_repair_tz()), timestamp)

    def _get_repair_datetime(self, day, hours):
        """The UTC time (naive, as Odoo stores it) of ``hours`` after the
        hospital's midnight of ``day``: a patrol round's deadline, a
        preventive order's appointment."""
        self.ensure_one()
        local = datetime.combine(day, time.min) + timedelta(hours=hours)
        tz = pytz.timezone(self._get_repair_tz())
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _get_repair_escalation_user(self):
        """Who hears of escalations: the logistics leader, else the first
        repair manager."""
        self.ensure_one()
        leader = self._get_repair_logistics_leader()
        if leader:
            return leader
        group = self.env.ref("hospital_repair.group_repair_manager").sudo()
        return self.env["res.users"].sudo().search(
            [("group_ids", "in", group.ids), ("share", "=", False),
             ("id", "!=", self.env.ref("base.user_root").id)],
            order="id", limit=1,
        ) or self.env.user
