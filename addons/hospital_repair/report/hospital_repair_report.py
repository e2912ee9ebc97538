from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.misc import get_lang
from odoo.tools.sql import SQL

from ..models.hospital_repair_order import STATES

# Orders that never reach the desk or the worker have no SLA to meet.
SLA_EXEMPT_STATES = ("draft", "rejected", "cancelled")


def _hours(later, earlier):
    return SQL("EXTRACT(EPOCH FROM (%s - %s)) / 3600.0", later, earlier)


class HospitalRepairReport(models.Model):
    """One row per reported order with its durations, SLA flags, scores and
    cost, for the pivot and graph views, the dashboard and the appraisal.

    The query is assembled from small overridable methods so that other
    addons extend it without copying it: ``_join()`` adds tables,
    ``_material_cost_sql()`` gives the material cost of an order (0 here, the
    stock addon fills it) and ``_sla_hours_sql(kind)`` gives the SLA target
    in hours (the category's target here).
    """

    _name = "hospital.repair.report"
    _description = "Repair Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_reported desc, id desc"

    name = fields.Char(string="Number", readonly=True)
    order_id = fields.Many2one("hospital.repair.order", string="Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(STATES, readonly=True)
    channel = fields.Selection(
        lambda self: self.env["hospital.repair.order"]._fields["channel"].selection,
        readonly=True,
    )
    priority = fields.Selection(
        lambda self: self.env["hospital.repair.order"]._fields["priority"].selection,
        readonly=True,
    )
    result = fields.Selection(
        [("success", "Success"), ("failure", "Failure")], readonly=True
    )
    zone_id = fields.Many2one("hospital.repair.zone", string="Zone", readonly=True)
    building_id = fields.Many2one("hospital.repair.zone", string="Building", readonly=True)
    category_id = fields.Many2one("hospital.repair.category", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    reporter_id = fields.Many2one("res.users", string="Reporter", readonly=True)
    user_id = fields.Many2one("res.users", string="Worker", readonly=True)
    duty_user_id = fields.Many2one("res.users", string="Duty Officer", readonly=True)

    date_reported = fields.Datetime(readonly=True)
    date_accepted = fields.Datetime(readonly=True)
    date_assigned = fields.Datetime(string="Date Dispatched", readonly=True)
    date_started = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)
    date_verified = fields.Datetime(readonly=True)
    date_closed = fields.Datetime(readonly=True)

    hours_to_accept = fields.Float(
        string="Report → Accept (h)", readonly=True, aggregator="avg", digits=(16, 2))
    hours_to_dispatch = fields.Float(
        string="Accept → Dispatch (h)", readonly=True, aggregator="avg", digits=(16, 2))
    hours_to_start = fields.Float(
        string="Dispatch → Arrival (h)", readonly=True, aggregator="avg", digits=(16, 2))
    hours_to_finish = fields.Float(
        string="Arrival → Done (h)", readonly=True, aggregator="avg", digits=(16, 2))
    hours_to_done = fields.Float(
        string="Report → Done (h)", readonly=True, aggregator="avg", digits=(16, 2))
    hours_to_verify = fields.Float(
        string="Report → Confirmed (h)", readonly=True, aggregator="avg", digits=(16, 2))
    hours_approval = fields.Float(
        string="Approval (h)", readonly=True, aggregator="avg", digits=(16, 2))
    response_target_hours = fields.Float(
        string="Response Target (h)", readonly=True, aggregator="avg", digits=(16, 2))
    completion_target_hours = fields.Float(
        string="Completion Target (h)", readonly=True, aggregator="avg", digits=(16, 2))

    response_sla_met = fields.Boolean(string="Response On Time", readonly=True)
    completion_sla_met = fields.Boolean(string="Completion On Time", readonly=True)
    response_overdue = fields.Integer(
        string="# Response Overdue", readonly=True, aggregator="sum")
    completion_overdue = fields.Integer(
        string="# Completion Overdue", readonly=True, aggregator="sum")
    overdue_rate = fields.Float(
        string="Overdue Rate (%)", readonly=True, aggregator="avg", digits=(16, 1))
    success_rate = fields.Float(
        string="Success Rate (%)", readonly=True, aggregator="avg", digits=(16, 1))
    first_time_fix_rate = fields.Float(
        string="First-Time Fix Rate (%)", readonly=True, aggregator="avg", digits=(16, 1))
    reopen_rate = fields.Float(
        string="Reopen Rate (%)", readonly=True, aggregator="avg", digits=(16, 1))

    order_count = fields.Integer(string="# Orders", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="# Completed", readonly=True, aggregator="sum")
    reopen_count = fields.Integer(string="# Reopened", readonly=True, aggregator="sum")
    urge_count = fields.Integer(string="# Urges", readonly=True, aggregator="sum")
    complaint_count = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    has_complaint = fields.Boolean(string="Complained", readonly=True)
    score_quality = fields.Float(string="Quality", readonly=True, aggregator="avg", digits=(16, 2))
    score_attitude = fields.Float(
        string="Attitude", readonly=True, aggregator="avg", digits=(16, 2))
    score_timeliness = fields.Float(
        string="Timeliness", readonly=True, aggregator="avg", digits=(16, 2))
    score_desk = fields.Float(
        string="Service Desk Satisfaction", readonly=True, aggregator="avg", digits=(16, 2))
    score_average = fields.Float(
        string="Worker Satisfaction", readonly=True, aggregator="avg", digits=(16, 2))
    material_cost = fields.Float(
        string="Material Cost", readonly=True, aggregator="sum", digits=(16, 2))

    # Used by the record rules: "the orders in my zones" for workers.
    in_my_zones = fields.Boolean(
        compute="_compute_in_my_zones", search="_search_in_my_zones")

    # ------------------------------------------------------------------
    # Query
    # ------------------------------------------------------------------
    @property
    def _table_query(self) -> SQL:
        return SQL("%s %s %s %s", self._select(), self._from(), self._join(), self._where())

    def _now_sql(self):
        return SQL("(NOW() AT TIME ZONE 'UTC')")

    def _sla_hours_sql(self, kind):
        """SQL expression of the SLA target in hours of ``kind`` ('response'
        or 'completion'); override to apply e.g. a priority factor."""
        column = "response_hours" if kind == "response" else "completion_hours"
        return SQL("COALESCE(%s, 0.0)", SQL.identifier("cat", column))

    def _material_cost_sql(self):
        """SQL expression of the material cost of the order ``o``."""
        return SQL("0.0")

    def _sla_overdue_sql(self, kind):
        """1 when the SLA of ``kind`` is missed (late or still open past the
        deadline), else 0."""
        stamp = SQL("o.date_accepted") if kind == "response" else SQL("o.date_done")
        deadline = SQL(
            "o.date_reported + %s * INTERVAL '1 hour'", self._sla_hours_sql(kind))
        return SQL(
            """CASE WHEN o.date_reported IS NULL OR (o.state IN %(exempt)s AND %(stamp)s IS NULL)
                    THEN 0
                    WHEN COALESCE(%(stamp)s, %(now)s) > %(deadline)s THEN 1
                    ELSE 0 END""",
            exempt=SLA_EXEMPT_STATES, stamp=stamp, now=self._now_sql(), deadline=deadline,
        )

    def _select(self) -> SQL:
        return SQL(
            """
            SELECT
                o.id AS id,
                o.id AS order_id,
                o.name AS name,
                o.company_id AS company_id,
                o.state AS state,
                o.channel AS channel,
                o.priority AS priority,
                o.result AS result,
                o.zone_id AS zone_id,
                zb.building_id AS building_id,
                o.category_id AS category_id,
                o.department_id AS department_id,
                o.reporter_id AS reporter_id,
                o.user_id AS user_id,
                o.duty_user_id AS duty_user_id,
                o.date_reported AS date_reported,
                o.date_accepted AS date_accepted,
                o.date_assigned AS date_assigned,
                o.date_started AS date_started,
                o.date_done AS date_done,
                o.date_verified AS date_verified,
                o.date_closed AS date_closed,
                %(h_accept)s AS hours_to_accept,
                %(h_dispatch)s AS hours_to_dispatch,
                %(h_start)s AS hours_to_start,
                %(h_finish)s AS hours_to_finish,
                %(h_done)s AS hours_to_done,
                %(h_verify)s AS hours_to_verify,
                %(h_approval)s AS hours_approval,
                %(response_target)s AS response_target_hours,
                %(completion_target)s AS completion_target_hours,
                %(response_overdue)s AS response_overdue,
                %(completion_overdue)s AS completion_overdue,
                CASE WHEN o.date_accepted IS NULL THEN NULL
                     ELSE %(response_overdue)s = 0 END AS response_sla_met,
                CASE WHEN o.date_done IS NULL THEN NULL
                     ELSE %(completion_overdue)s = 0 END AS completion_sla_met,
                CASE WHEN o.date_reported IS NULL OR o.state IN %(exempt)s THEN NULL
                     ELSE 100.0 * %(completion_overdue)s END AS overdue_rate,
                CASE o.result WHEN 'success' THEN 100.0 WHEN 'failure' THEN 0.0
                     ELSE NULL END AS success_rate,
                CASE WHEN o.result IS NULL THEN NULL
                     WHEN o.result = 'success' AND COALESCE(o.reopen_count, 0) = 0 THEN 100.0
                     ELSE 0.0 END AS first_time_fix_rate,
                CASE WHEN o.date_done IS NULL AND COALESCE(o.reopen_count, 0) = 0 THEN NULL
                     WHEN COALESCE(o.reopen_count, 0) > 0 THEN 100.0
                     ELSE 0.0 END AS reopen_rate,
                1 AS order_count,
                CASE WHEN o.date_done IS NULL THEN 0 ELSE 1 END AS done_count,
                COALESCE(o.reopen_count, 0) AS reopen_count,
                COALESCE(o.urge_count, 0) AS urge_count,
                COALESCE(cpl.complaint_count, 0) AS complaint_count,
                cpl.complaint_count IS NOT NULL AS has_complaint,
                ev.score_quality::float AS score_quality,
                ev.score_attitude::float AS score_attitude,
                ev.score_timeliness::float AS score_timeliness,
                ev.score_desk::float AS score_desk,
                ev.score_average::float AS score_average,
                %(material_cost)s AS material_cost
            """,
            h_accept=_hours(SQL("o.date_accepted"), SQL("o.date_reported")),
            h_dispatch=_hours(SQL("o.date_assigned"), SQL("o.date_accepted")),
            h_start=_hours(SQL("o.date_started"), SQL("o.date_assigned")),
            h_finish=_hours(SQL("o.date_done"), SQL("o.date_started")),
            h_done=_hours(SQL("o.date_done"), SQL("o.date_reported")),
            h_verify=_hours(SQL("o.date_verified"), SQL("o.date_reported")),
            h_approval=_hours(SQL("o.date_approved"), SQL("o.date_reported")),
            response_target=self._sla_hours_sql("response"),
            completion_target=self._sla_hours_sql("completion"),
            response_overdue=self._sla_overdue_sql("response"),
            completion_overdue=self._sla_overdue_sql("completion"),
            exempt=SLA_EXEMPT_STATES,
            material_cost=self._material_cost_sql(),
        )

    def _from(self) -> SQL:
        return SQL(
            """
            FROM hospital_repair_order o
            JOIN hospital_repair_category cat ON cat.id = o.category_id
            LEFT JOIN (
                -- the nearest ancestor (or the zone itself) of type building
                SELECT DISTINCT ON (z.id) z.id AS zone_id, b.id AS building_id
                  FROM hospital_repair_zone z
                  JOIN hospital_repair_zone b
                    ON b.zone_type = 'building' AND z.parent_path LIKE b.parent_path || '%%'
                 ORDER BY z.id, length(b.parent_path) DESC
            ) zb ON zb.zone_id = o.zone_id
            LEFT JOIN hospital_repair_evaluation ev ON ev.order_id = o.id
            LEFT JOIN (
                SELECT order_id, COUNT(*) AS complaint_count
                  FROM hospital_repair_complaint
                 GROUP BY order_id
            ) cpl ON cpl.order_id = o.id
            """
        )

    def _join(self) -> SQL:
        """Extra joins of extending addons (e.g. material moves)."""
        return SQL()

    def _where(self) -> SQL:
        return SQL("WHERE o.date_reported IS NOT NULL")

    # ------------------------------------------------------------------
    # Record rules helper
    # ------------------------------------------------------------------
    def _compute_in_my_zones(self):
        zones = self._my_zones()
        for row in self:
            row.in_my_zones = row.zone_id in zones

    def _my_zones(self):
        """The zones the current user is responsible (or backup) for, with
        their descendants: a building's worker covers its floors."""
        Zone = self.env["hospital.repair.zone"].sudo().with_context(active_test=False)
        roots = Zone.search(
            ["|", ("user_id", "=", self.env.uid), ("backup_user_id", "=", self.env.uid)])
        if not roots:
            return Zone
        return Zone.search([("id", "child_of", roots.ids)])

    def _search_in_my_zones(self, operator, value):
        if operator != "in":
            return NotImplemented
        positive = True in value
        domain = Domain("zone_id", "in", self._my_zones().ids)
        return domain if positive else ~domain

    # ------------------------------------------------------------------
    # Dashboard
    # ------------------------------------------------------------------
    @api.model
    def _dashboard_periods(self, today):
        month_start = today.replace(day=1)
        last_month_start = month_start - relativedelta(months=1)
        first_day = int(get_lang(self.env).week_start) - 1  # the weeks of _read_group
        week_start = today - timedelta(days=(today.weekday() - first_day) % 7)
        return {
            "today": today,
            "month_start": month_start,
            "last_month_start": last_month_start,
            "last_month_same_day": min(
                last_month_start + timedelta(days=today.day),
                month_start,
            ),
            "weeks_start": week_start - timedelta(weeks=11),
        }

    @api.model
    def _dashboard_domains(self, now=None):
        """The domains behind every figure of the dashboard, on the orders
        (the click-through target) and the report."""
        now = now or fields.Datetime.now()
        tz_today = fields.Date.context_today(self, now)
        p = self._dashboard_periods(tz_today)
        to_utc = self._local_midnight_to_utc
        open_states = ["submitted", "assigned", "in_progress"]
        deadline_domain = Domain("completion_overdue", "=", 1)
        return {
            "open": Domain("state", "in", open_states),
            "unassigned": Domain("state", "=", "submitted"),
            "today": Domain("date_reported", ">=", to_utc(p["today"])),
            "this_month": Domain("date_reported", ">=", to_utc(p["month_start"])),
            "last_month": Domain("date_reported", ">=", to_utc(p["last_month_start"]))
            & Domain("date_reported", "<", to_utc(p["last_month_same_day"])),
            "weeks": Domain("date_reported", ">=", to_utc(p["weeks_start"])),
            "overdue_report": Domain("state", "in", open_states) & deadline_domain,
            "periods": p,
        }

    def _local_midnight_to_utc(self, day):
        local = self.env.tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def get_dashboard_data(self):
        """Every figure of the logistics leader's dashboard in one call,
        each with the order ids or domain its click opens."""
        self.env.flush_all()
        d = self._dashboard_domains()
        p = d.pop("periods")
        Order = self.env["hospital.repair.order"]

        def count(domain):
            return self.search_count(domain)

        overdue_rows = self.search_fetch(
            d["overdue_report"], ["order_id", "name", "hours_to_done", "date_reported"],
            order="date_reported asc, id asc", limit=5)
        overdue_ids = self.search(d["overdue_report"]).order_id.ids
        now = fields.Datetime.now()
        top5 = [
            {
                "id": row.order_id.id,
                "name": row.name,
                "zone": row.order_id.sudo().zone_id.complete_name or "",
                "worker": row.order_id.sudo().user_id.name or "",
                "hours_open": round((now - row.date_reported).total_seconds() / 3600.0, 1),
            }
            for row in overdue_rows
        ]
        satisfaction = self._read_group(
            d["this_month"] & Domain("score_average", "!=", False), [],
            ["score_average:avg", "score_desk:avg", "__count"])[0]
        weeks = dict(self._read_group(
            d["weeks"], ["date_reported:week"], ["__count"]))
        week_list = []
        for i in range(12):
            start = p["weeks_start"] + timedelta(weeks=i)
            count_week = next((
                n for key, n in weeks.items()
                if key and (key.date() if isinstance(key, datetime) else key) == start
            ), 0)
            week_list.append({"week": fields.Date.to_string(start), "count": count_week})
        this_month = count(d["this_month"])
        last_month = count(d["last_month"])
        return {
            "open": {"value": Order.search_count(d["open"]), "domain": list(d["open"])},
            "overdue": {"value": len(overdue_ids), "domain": [("id", "in", overdue_ids)]},
            "unassigned": {
                "value": Order.search_count(d["unassigned"]), "domain": list(d["unassigned"])},
            "today": {"value": count(d["today"]), "domain": list(d["today"])},
            "this_month": {"value": this_month, "domain": list(d["this_month"])},
            "last_month": {"value": last_month, "domain": list(d["last_month"])},
            "month_change": round(100.0 * (this_month - last_month) / last_month, 1)
            if last_month else None,
            "top_overdue": top5,
            "satisfaction": {
                "worker": round(satisfaction[0] or 0.0, 2),
                "desk": round(satisfaction[1] or 0.0, 2),
                "count": satisfaction[2],
                "domain": list(d["this_month"] & Domain("score_average", "!=", False)),
            },
            "weeks": week_list,
        }
