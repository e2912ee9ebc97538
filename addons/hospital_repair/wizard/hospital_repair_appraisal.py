from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

# Each hour from acceptance to dispatch costs this many points of 100.
DISPATCH_POINTS_PER_HOUR = 10.0


def _default_date_from(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(months=1)


def _default_date_to(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - timedelta(days=1)


class HospitalRepairAppraisal(models.TransientModel):
    """Worker appraisal (绩效考核) over a period, from hospital.repair.report.

    Each measure is scored 0-100: accept→dispatch time (100 minus
    DISPATCH_POINTS_PER_HOUR per hour), success rate, satisfaction (stars/5),
    number of orders (relative to the busiest worker), on-time rate (100 minus
    the overdue rate). The score is their average weighted by the settings;
    a measure a worker has no data for (e.g. no evaluation) is left out of
    their average instead of counting as 0.
    """

    _name = "hospital.repair.appraisal"
    _description = "Worker Appraisal"

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    user_ids = fields.Many2many(
        "res.users", string="Workers", domain="[('share', '=', False)]",
        help="Leave empty to appraise every worker who had orders in the period.")
    line_ids = fields.One2many("hospital.repair.appraisal.line", "appraisal_id", readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period must end after it starts."))

    @api.model
    def _get_weights(self):
        # the hospital's weights (res.company, shown in the settings)
        weights = self.env.company._get_repair_weights()
        if not sum(weights.values()):
            raise UserError(self.env._(
                "Give at least one appraisal weight a value above zero in the settings."))
        return weights

    def _period_domain(self):
        self.ensure_one()
        tz = self.env.tz

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return Domain("date_reported", ">=", utc(self.date_from)) & Domain(
            "date_reported", "<", utc(self.date_to + timedelta(days=1)))

    def _report_domain(self):
        domain = self._period_domain() & Domain("user_id", "!=", False)
        if self.user_ids:
            domain &= Domain("user_id", "in", self.user_ids.ids)
        return domain

    def _compute_figures(self):
        """Per worker: the measures, their 0-100 scores and the weighted score,
        best first."""
        self.ensure_one()
        weights = self._get_weights()
        groups = self.env["hospital.repair.report"]._read_group(
            self._report_domain(), ["user_id"],
            ["order_count:sum", "hours_to_dispatch:avg", "success_rate:avg",
             "score_average:avg", "overdue_rate:avg",
             # _read_group turns an average of nothing into 0: count the values
             "hours_to_dispatch:count", "success_rate:count", "score_average:count",
             "overdue_rate:count", "reopen_rate:avg"])
        max_count = max((g[1] for g in groups), default=0)
        rows = []
        for user, count, dispatch, success, satisfaction, overdue, *known, reopen in groups:
            dispatch, success, satisfaction, overdue = (
                value if n else None
                for value, n in zip((dispatch, success, satisfaction, overdue), known, strict=True))
            scores = {
                "dispatch": None if dispatch is None
                else max(0.0, 100.0 - DISPATCH_POINTS_PER_HOUR * dispatch),
                "success": success,
                "satisfaction": None if satisfaction is None else satisfaction * 20.0,
                "count": 100.0 * count / max_count if max_count else None,
                "overdue": None if overdue is None else 100.0 - overdue,
            }
            used = {k: w for k, w in weights.items() if scores[k] is not None}
            total_weight = sum(used.values())
            score = (sum(scores[k] * w for k, w in used.items()) / total_weight
                     if total_weight else 0.0)
            rows.append({
                "user_id": user.id,
                "order_count": count,
                "hours_to_dispatch": dispatch or 0.0,
                "success_rate": success or 0.0,
                "satisfaction": satisfaction or 0.0,
                "overdue_rate": overdue or 0.0,
                "reopen_rate": reopen or 0.0,
                "score": round(score, 2),
            })
        rows.sort(key=lambda r: (-r["score"], -r["order_count"], r["user_id"]))
        for rank, row in enumerate(rows, 1):
            row["rank"] = rank
        return rows

    def action_compute(self):
        self.ensure_one()
        self.line_ids.unlink()
        self.write({"line_ids": [fields.Command.create(row) for row in self._compute_figures()]})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Worker Appraisal"),
            "context": {"dialog_size": "extra-large"},
        }

    def action_export_appraisal(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        return self.env.ref("hospital_repair.action_report_appraisal_xlsx").report_action(self)

    def action_export_statistics(self):
        self.ensure_one()
        return self.env.ref("hospital_repair.action_report_statistics_xlsx").report_action(self)
