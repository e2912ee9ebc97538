from datetime import datetime, time, timedelta

import babel
import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import date_utils
from odoo.tools.misc import get_lang
from odoo.tools.sql import SQL

from ..const import STATES

# Who reads, in the analysis, what reporters said of a repair (ratings,
# complaints): the desk and the managers, who read every evaluation and
# complaint (their rules); anyone else reads them through those models.
RATINGS_GROUP = "hospital_repair.group_repair_dispatcher"

# Orders that never reach the desk or the worker have no SLA to meet.
SLA_EXEMPT_STATES = ("draft", "rejected", "cancelled")


def _hours(later, earlier):
    # double precision, as the fields are: EXTRACT gives a numeric, whose
    # averages over a million orders cost a third more
    return SQL("date_part('epoch', %s - %s) / 3600.0", later, earlier)


class HospitalRepairReport(models.Model):
    """One row per reported order with its durations, SLA flags, scores and
    cost, for the pivot and graph views, the dashboard and the appraisal.

    The query is assembled from small overridable methods so that other
    addons extend it without copying it: ``_join()`` adds tables and
    ``_material_cost_sql()`` gives the material cost of an order (0 here, the
    stock addon fills it).

    The SLA columns have no formula of their own: they read the deadlines
    the order stored when its clock started (priority factor applied) and
    its overdue flags, so that the desk's lists, the big screen, this view,
    the dashboard and the appraisal give every order the same answer.
    """

    _name = "hospital.repair.report"
    _description = "Repair Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_reported desc, id desc"
    # what the query reads, flushed before any search or read of the view, so
    # that it agrees with the orders within a transaction too
    _depends = {
        "hospital.repair.order": [
            "name", "company_id", "state", "channel", "priority", "result", "zone_id",
            "category_id", "department_id", "reporter_id", "user_id", "duty_user_id",
            "date_reported", "date_approved", "date_accepted", "date_assigned", "date_started",
            "date_done", "date_verified", "date_closed", "date_sla_start", "date_response_deadline",
            "date_completion_deadline", "is_response_overdue", "is_completion_overdue",
            "is_overdue", "reopen_count", "urge_count", "equipment_id", "equipment_category_id",
            "pm_plan_id", "pm_date_due", "pm_on_time",
        ],
        "hospital.repair.zone": ["parent_path", "zone_type"],
        "hospital.repair.evaluation": [
            "order_id", "score_quality", "score_attitude", "score_timeliness", "score_desk",
            "score_average",
        ],
        "hospital.repair.complaint": ["order_id"],
    }

    name = fields.Char(string="Number", readonly=True)
    order_id = fields.Many2one("hospital.repair.order", readonly=True)
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
    zone_id = fields.Many2one("hospital.repair.zone", readonly=True)
    building_id = fields.Many2one("hospital.repair.zone", readonly=True)
    category_id = fields.Many2one("hospital.repair.category", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    reporter_id = fields.Many2one("res.users", readonly=True)
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
        string="Response Target (h)", readonly=True, aggregator="avg", digits=(16, 2),
        help="From the start of the order's clock to its response deadline.")
    completion_target_hours = fields.Float(
        string="Completion Target (h)", readonly=True, aggregator="avg", digits=(16, 2),
        help="From the start of the order's clock to its completion deadline.")

    response_sla_met = fields.Boolean(string="Response On Time", readonly=True)
    completion_sla_met = fields.Boolean(string="Completion On Time", readonly=True)
    response_overdue = fields.Integer(
        string="# Response Overdue", readonly=True, aggregator="sum")
    completion_overdue = fields.Integer(
        string="# Completion Overdue", readonly=True, aggregator="sum")
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    overdue_rate = fields.Float(
        string="Overdue Rate (%)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Share of the orders done, or still open, past their completion deadline.")
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
    # a row may be a colleague's or another worker's order: see RATINGS_GROUP
    complaint_count = fields.Integer(
        string="# Complaints", readonly=True, aggregator="sum", groups=RATINGS_GROUP)
    has_complaint = fields.Boolean(string="Complained", readonly=True, groups=RATINGS_GROUP)
    score_quality = fields.Float(
        string="Quality", readonly=True, aggregator="avg", digits=(16, 2), groups=RATINGS_GROUP)
    score_attitude = fields.Float(
        string="Attitude", readonly=True, aggregator="avg", digits=(16, 2), groups=RATINGS_GROUP)
    score_timeliness = fields.Float(
        string="Timeliness", readonly=True, aggregator="avg", digits=(16, 2), groups=RATINGS_GROUP)
    score_desk = fields.Float(
        string="Service Desk Satisfaction", readonly=True, aggregator="avg", digits=(16, 2),
        groups=RATINGS_GROUP)
    score_average = fields.Float(
        string="Worker Satisfaction", readonly=True, aggregator="avg", digits=(16, 2), groups=RATINGS_GROUP)
    date_evaluated = fields.Datetime(readonly=True, groups=RATINGS_GROUP)
    material_cost = fields.Float(
        readonly=True, aggregator="sum", digits=(16, 2))
    equipment_id = fields.Many2one("maintenance.equipment", readonly=True)
    equipment_category_id = fields.Many2one("maintenance.equipment.category", readonly=True)
    pm_plan_id = fields.Many2one("hospital.repair.pm.plan", string="PM Plan", readonly=True)
    pm_date_due = fields.Date(string="PM Due Date", readonly=True)
    pm_compliance = fields.Float(
        string="PM Compliance (%)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Preventive orders done by their due date, among those due (due date passed, "
             "or done).")

    # Used by the record rules: "the orders in my zones" for workers.

    # ------------------------------------------------------------------
    # Query
    # ------------------------------------------------------------------
    @property
    def _table_query(self) -> SQL:
        return SQL("%s %s %s %s", self._select(), self._from(), self._join(), self._where())

    def _material_cost_sql(self):
        """SQL expression of the material cost of the order ``o``."""
        return SQL("0.0")

    def _select(self) -> SQL:
        # the targets: the order's deadlines from the start of its SLA clock
        clock_start = SQL("o.date_sla_start")
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
                -- the rates are double precision like their fields (see _hours)
                -- the order's flags: late, or still open past the deadline
                -- (the cron refreshes those of open orders)
                (o.is_response_overdue IS TRUE)::int AS response_overdue,
                (o.is_completion_overdue IS TRUE)::int AS completion_overdue,
                o.is_overdue IS TRUE AS is_overdue,
                -- met or missed once the stamp is there, for the orders that
                -- have a deadline and still an SLA (not rejected, cancelled)
                CASE WHEN o.date_accepted IS NULL OR o.date_response_deadline IS NULL
                          OR o.state IN %(exempt)s THEN NULL
                     ELSE o.is_response_overdue IS NOT TRUE END AS response_sla_met,
                CASE WHEN o.date_done IS NULL OR o.date_completion_deadline IS NULL
                          OR o.state IN %(exempt)s THEN NULL
                     ELSE o.is_completion_overdue IS NOT TRUE END AS completion_sla_met,
                CASE WHEN o.date_completion_deadline IS NULL OR o.state IN %(exempt)s
                     THEN NULL
                     ELSE 100.0::float * (o.is_completion_overdue IS TRUE)::int END AS overdue_rate,
                CASE o.result WHEN 'success' THEN 100.0::float WHEN 'failure' THEN 0.0::float
                     ELSE NULL END AS success_rate,
                CASE WHEN o.result IS NULL THEN NULL
                     WHEN o.result = 'success' AND COALESCE(o.reopen_count, 0) = 0 THEN 100.0::float
                     ELSE 0.0::float END AS first_time_fix_rate,
                CASE WHEN o.date_done IS NULL AND COALESCE(o.reopen_count, 0) = 0 THEN NULL
                     WHEN COALESCE(o.reopen_count, 0) > 0 THEN 100.0::float
                     ELSE 0.0::float END AS reopen_rate,
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
                ev.create_date AS date_evaluated,
                %(material_cost)s AS material_cost,
                o.equipment_id AS equipment_id,
                o.equipment_category_id AS equipment_category_id,
                o.pm_plan_id AS pm_plan_id,
                o.pm_date_due AS pm_date_due,
                CASE WHEN o.pm_date_due IS NULL THEN NULL
                     WHEN o.pm_on_time THEN 100.0::float
                     WHEN o.pm_date_due < CURRENT_DATE THEN 0.0::float
                     ELSE NULL END AS pm_compliance
            """,
            h_accept=_hours(SQL("o.date_accepted"), SQL("o.date_reported")),
            h_dispatch=_hours(SQL("o.date_assigned"), SQL("o.date_accepted")),
            h_start=_hours(SQL("o.date_started"), SQL("o.date_assigned")),
            h_finish=_hours(SQL("o.date_done"), SQL("o.date_started")),
            h_done=_hours(SQL("o.date_done"), SQL("o.date_reported")),
            h_verify=_hours(SQL("o.date_verified"), SQL("o.date_reported")),
            h_approval=_hours(SQL("o.date_approved"), SQL("o.date_reported")),
            response_target=_hours(SQL("o.date_response_deadline"), clock_start),
            completion_target=_hours(SQL("o.date_completion_deadline"), clock_start),
            exempt=SLA_EXEMPT_STATES,
            material_cost=self._material_cost_sql(),
        )

    def _from(self) -> SQL:
        return SQL(
            """
            FROM hospital_repair_order o
            -- LEFT JOINs on unique keys only: PostgreSQL drops the ones a
            -- query does not use (a count by date reads the orders alone)
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
    # Dashboard
    # ------------------------------------------------------------------
    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        # the web client labels weeks "W23 2026" in every language: the pivot
        # of the weekly workload speaks the user's
        formatter = super()._web_read_group_groupby_formatter(groupby_spec, values)
        if not groupby_spec.endswith(":week"):
            return formatter
        locale = babel.Locale.parse(get_lang(self.env).code)

        def formatter_week(value):
            (key, label), domain = formatter(value)
            if value:
                year, week = date_utils.weeknumber(locale, value)
                label = self.env._("Week %(week)s, %(year)s", week=week, year=year)
            return (key, label), domain

        return formatter_week

    @api.model
    def _dashboard_periods(self, today):
        month_start = today.replace(day=1)
        last_month_start = month_start - relativedelta(months=1)
        first_day = int(get_lang(self.env).week_start) - 1  # the weeks of _read_group
        week_start = today - timedelta(days=(today.weekday() - first_day) % 7)
        return {
            "today": today,
            "tomorrow": today + timedelta(days=1),
            "month_start": month_start,
            "last_month_start": last_month_start,
            # the same days of last month as this month has had so far
            "last_month_to_date_end": min(
                last_month_start + timedelta(days=today.day), month_start),
            "weeks_start": week_start - timedelta(weeks=11),
        }

    def _local_midnight_to_utc(self, day):
        local = self.env.tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _reported_between(self, start, end=None):
        domain = Domain("date_reported", ">=", self._local_midnight_to_utc(start))
        if end:
            domain &= Domain("date_reported", "<", self._local_midnight_to_utc(end))
        return domain

    @api.model
    @api.readonly
    def get_dashboard_data(self):
        """Every figure of the logistics leader's dashboard in one call; each
        comes with the model and domain of the list its click opens."""
        self.env.flush_all()
        _ = self.env._
        now = fields.Datetime.now()
        p = self._dashboard_periods(fields.Date.context_today(self, now))
        open_domain = Domain("state", "in", ["submitted", "assigned", "in_progress"])
        # the desk's "Overdue" filter on the open orders: the same stored flag
        # on the report and on the order, so the click opens what was counted
        overdue_domain = open_domain & Domain("is_overdue", "=", True)

        def figure(model, domain, name, value=None):
            # counted on the report, whose rules mirror the orders' ones
            if value is None:
                value = self.search_count(domain)
            return {"value": value, "model": model, "domain": list(domain), "name": name}

        this_month = self._reported_between(p["month_start"])
        overdue_rows = self.search_fetch(
            overdue_domain, ["order_id", "name", "zone_id", "user_id", "date_reported"],
            order="date_reported asc, id asc", limit=5)
        # an order is evaluated after its report (verified or closed): the
        # evaluations of this month's orders are among this month's ones, read
        # through their index instead of every evaluation of the years
        evaluated = (this_month & Domain("score_average", "!=", False)
                     & Domain("date_evaluated", ">=",
                              self._local_midnight_to_utc(p["month_start"])))
        worker_score = desk_score = evaluations = 0
        # the ratings' fields say who reads them (RATINGS_GROUP)
        if self._has_field_access(self._fields["score_average"], "read"):
            [(worker_score, desk_score, evaluations)] = self._read_group(
                evaluated, [], ["score_average:avg", "score_desk:avg", "__count"])
        # Two reads of the recent and open orders through their indexes, not
        # one count per figure: the open ones by state and flag, the reports
        # of the last weeks by local day (the days _reported_between bounds)
        open_counts = {
            (state, overdue): count for state, overdue, count in self._read_group(
                open_domain, ["state", "is_overdue"], ["__count"])}
        first_day = min(p["weeks_start"], p["last_month_start"])
        days = {
            (key.date() if isinstance(key, datetime) else key): count
            for key, count in self._read_group(
                self._reported_between(first_day), ["date_reported:day"], ["__count"])
            if key
        }

        def reported(start, end=None):
            return sum(count for day, count in days.items() if start <= day and (
                end is None or day < end))

        week_list = []
        for i in range(12):
            start = p["weeks_start"] + timedelta(weeks=i)
            end = start + timedelta(weeks=1)
            week_list.append(figure(
                "hospital.repair.order", self._reported_between(start, end),
                _("Week of %s", fields.Date.to_string(start)), reported(start, end))
                | {"week": fields.Date.to_string(start)})
        this_month_fig = figure("hospital.repair.order", this_month, _("Reported This Month"),
                                reported(p["month_start"]))
        last_month_fig = figure(
            "hospital.repair.order",
            self._reported_between(p["last_month_start"], p["month_start"]),
            _("Reported Last Month"), reported(p["last_month_start"], p["month_start"]))
        last_to_date_fig = figure(
            "hospital.repair.order",
            self._reported_between(p["last_month_start"], p["last_month_to_date_end"]),
            _("Last Month (same days)"),
            reported(p["last_month_start"], p["last_month_to_date_end"]))
        base = last_to_date_fig["value"]
        return {
            "open": figure("hospital.repair.order", open_domain, _("Open Orders"),
                           sum(open_counts.values())),
            "overdue": figure("hospital.repair.order", overdue_domain, _("Overdue Orders"),
                              sum(c for (_s, late), c in open_counts.items() if late)),
            "unassigned": figure(
                "hospital.repair.order", Domain("state", "=", "submitted"), _("Unassigned"),
                sum(c for (state, _l), c in open_counts.items() if state == "submitted")),
            "today": figure(
                "hospital.repair.order", self._reported_between(p["today"], p["tomorrow"]),
                _("Reported Today"), reported(p["today"], p["tomorrow"])),
            "this_month": this_month_fig,
            "last_month": last_month_fig,
            "last_month_to_date": last_to_date_fig,
            "month_change": round(100.0 * (this_month_fig["value"] - base) / base, 1)
            if base else None,
            "top_overdue": [
                {
                    "id": row.order_id.id,
                    "name": row.name,
                    "zone": row.zone_id.sudo().complete_name or "",
                    "worker": row.user_id.sudo().name or "",
                    "hours_open": round((now - row.date_reported).total_seconds() / 3600.0, 1),
                }
                for row in overdue_rows
            ],
            "satisfaction": figure(
                "hospital.repair.order", this_month & Domain("evaluation_ids", "!=", False),
                _("Evaluated Orders"), evaluations)
            | {"worker": round(worker_score, 2) if evaluations else None,
               "desk": round(desk_score, 2) if evaluations else None},
            "weeks": week_list,
            **self._maintenance_dashboard_data(p),
        }

    def _maintenance_dashboard_data(self, p):
        """PM compliance and patrol completion this month, and the equipments
        that failed most over six months: the figures of the report and of
        the rounds, each with the list its click opens."""
        _ = self.env._
        today = p["today"]
        pm_due = (Domain("pm_date_due", ">=", p["month_start"])
                  & Domain("pm_date_due", "<=", today))
        # count: the rows with a compliance (due, or done), 0 % ones included
        [(compliance, pm_count)] = self._read_group(
            pm_due, [], ["pm_compliance:avg", "pm_compliance:count"])
        rounds_domain = (Domain("date", ">=", p["month_start"]) & Domain("date", "<=", today)
                         & Domain("state", "in", ("done", "missed")))
        Round = self.env["hospital.repair.patrol.round"]
        rounds = Round.has_access("read") and Round._read_group(
            rounds_domain, [], ["completion:avg", "__count"])
        completion, round_count = rounds[0] if rounds else (None, 0)
        failures = (Domain("equipment_id", "!=", False)
                    & Domain("channel", "not in", ("preventive",))
                    & Domain("state", "not in", ("rejected", "cancelled"))
                    & self._reported_between(p["today"] - relativedelta(months=6), p["tomorrow"]))
        top = self._read_group(failures, ["equipment_id"], ["__count", "hours_to_done:avg"],
                               order="__count desc", limit=5)
        return {
            "pm_compliance": {
                "value": round(compliance, 1) if pm_count else None, "count": pm_count,
                "model": "hospital.repair.order", "domain": list(pm_due),
                "name": _("Preventive Orders Due This Month")},
            "patrol_completion": {
                "value": round(completion, 1) if round_count else None, "count": round_count,
                "model": "hospital.repair.patrol.round", "domain": list(rounds_domain),
                "name": _("Patrol Rounds This Month")},
            "top_equipment": [{
                "id": equipment.id,
                "name": equipment.sudo().display_name,
                "value": count,
                "mttr": round(mttr, 1) if mttr else None,
                "model": "hospital.repair.order",
                "domain": list(failures & Domain("equipment_id", "=", equipment.id)),
                "title": _("Repairs of %s", equipment.sudo().display_name),
            } for equipment, count, mttr in top],
        }
