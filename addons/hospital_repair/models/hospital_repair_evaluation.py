from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# How long the reporter can still change an evaluation (a constant, not a
# setting: the desk's follow-up calls rely on scores that settle quickly).
EVALUATION_EDIT_DAYS = 7
LOW_SCORE = 2
SCORE_FIELDS = ("score_quality", "score_attitude", "score_timeliness", "score_desk")
# What the reporter may change while the evaluation is editable. The rest
# (the order, the author, the worker and duty officer copied from the order)
# never changes: the worker appraisal is computed from these scores.
EDITABLE_FIELDS = frozenset(SCORE_FIELDS + ("comment",))
CREATE_FIELDS = EDITABLE_FIELDS | {"order_id", "partner_id"}
RATEABLE_STATES = ("verified", "closed")


class HospitalRepairEvaluation(models.Model):
    """The reporter's satisfaction with one order (满意度评价)."""

    _name = "hospital.repair.evaluation"
    _description = "Repair Evaluation"
    _order = "id desc"

    order_id = fields.Many2one(
        "hospital.repair.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Worker")
    duty_user_id = fields.Many2one(related="order_id.duty_user_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Evaluated By", default=lambda self: self.env.user.partner_id
    )
    score_quality = fields.Integer(string="Quality")
    score_attitude = fields.Integer(string="Attitude")
    score_timeliness = fields.Integer(string="Timeliness")
    score_desk = fields.Integer(string="Service Desk")
    score_average = fields.Float(
        compute="_compute_score_average", store=True, aggregator="avg"
    )
    comment = fields.Text()

    _order_unique = models.UniqueIndex("(order_id)")
    # the dashboard reads the evaluations of this month's orders among this
    # month's evaluations (see hospital.repair.report.get_dashboard_data)
    _create_date_index = models.Index("(create_date)")
    _scores_range = models.Constraint(
        "CHECK (score_quality BETWEEN 1 AND 5 AND score_attitude BETWEEN 1 AND 5"
        " AND score_timeliness BETWEEN 1 AND 5 AND score_desk BETWEEN 1 AND 5)",
        "Scores go from 1 to 5 stars.",
    )

    @api.depends("score_quality", "score_attitude", "score_timeliness", "score_desk")
    def _compute_score_average(self):
        for evaluation in self:
            evaluation.score_average = (
                evaluation.score_quality
                + evaluation.score_attitude
                + evaluation.score_timeliness
                + evaluation.score_desk
            ) / 4.0

    @api.constrains(*SCORE_FIELDS)
    def _check_scores(self):
        # Same rule as the SQL constraint, but with a readable message for the portal.
        for evaluation in self:
            if any(not 1 <= evaluation[f] <= 5 for f in SCORE_FIELDS):
                raise ValidationError(self.env._("Give every item from 1 to 5 stars."))

    @api.constrains("order_id")
    def _check_order_verified(self):
        for evaluation in self:
            if evaluation.order_id.state not in RATEABLE_STATES:
                raise ValidationError(self.env._(
                    "%(order)s can be evaluated only after its repair was confirmed.",
                    order=evaluation.order_id.name))

    def _is_editable(self):
        self.ensure_one()
        created = self.create_date or fields.Datetime.now()
        return fields.Datetime.now() <= created + timedelta(days=EVALUATION_EDIT_DAYS)

    @api.model
    def _rating_refusal(self, order):
        """Why the current user cannot rate ``order`` now, as the exception to
        raise; None when they can: its reporter, once the repair was
        confirmed, while the evaluation is editable. The portal's button and
        ``_submit`` ask it; for any other caller the record rules (the
        reporter's own), the constraint and ``write`` hold the same."""
        order.ensure_one()
        # who and from which state: the order's rights table (const.RIGHTS),
        # for the user asking here
        order = order.with_env(self.env)
        refusal = order._get_refusal("evaluate")
        if refusal:
            reporter = "reporter" in order._get_roles()
            return (ValidationError if reporter else AccessError)(refusal)
        # sudo: the existing evaluation decides, whoever asks
        evaluation = order.sudo().evaluation_ids[:1]
        if evaluation and not evaluation._is_editable():
            return ValidationError(self.env._(
                "An evaluation can be changed during %(days)s days only.",
                days=EVALUATION_EDIT_DAYS))
        return None

    @api.model
    def _submit(self, order, scores, comment):
        """The reporter rates ``order``: creates its evaluation, or updates
        it while it is still editable. ``scores``: the four items, 1 to 5.
        The rights are checked for the real user, even in superuser mode."""
        order.ensure_one()
        refusal = self._rating_refusal(order)
        if refusal:
            raise refusal
        if len(scores) != 4 or any(
            not isinstance(value, int) or not 1 <= value <= 5 for value in scores.values()
        ):
            raise ValidationError(self.env._("Give every item from 1 to 5 stars."))
        vals = dict(scores, comment=comment or False)
        evaluation = order.evaluation_ids[:1]
        if evaluation:
            evaluation.write(vals)
            return evaluation
        return self.create(dict(vals, order_id=order.id, partner_id=self.env.user.partner_id.id))

    @api.model_create_multi
    def create(self, vals_list):
        # Who may rate which order is the record rules' (the reporter's own);
        # here, for every caller, what: the scores, in the creator's own name
        # (set explicitly, so that no default_partner_id in the context wins).
        partner_id = self.env.user.partner_id.id
        if any(not CREATE_FIELDS.issuperset(vals) for vals in vals_list):
            raise AccessError(self.env._("An evaluation gives scores and a comment only."))
        if any(vals.get("partner_id", partner_id) != partner_id for vals in vals_list):
            raise AccessError(self.env._("You can evaluate only in your own name."))
        vals_list = [dict(vals, partner_id=partner_id) for vals in vals_list]
        evaluations = super().create(vals_list)
        evaluations._schedule_low_score_followup()
        return evaluations

    def write(self, vals):
        if not EDITABLE_FIELDS.issuperset(vals):
            raise AccessError(self.env._(
                "Only the scores and the comment of an evaluation can be changed."))
        if EDITABLE_FIELDS.intersection(vals) and self.filtered(lambda e: not e._is_editable()):
            # for everyone: the desk's follow-up and the appraisal rely on
            # scores that settle
            raise ValidationError(self.env._(
                "An evaluation can be changed during %(days)s days only.",
                days=EVALUATION_EDIT_DAYS))
        res = super().write(vals)
        if any(f in vals for f in SCORE_FIELDS):
            self._schedule_low_score_followup()
        return res

    def _schedule_low_score_followup(self):
        """A low score (≤ 2 on any item) asks the desk to call the reporter back."""
        for evaluation in self:
            if min(evaluation[f] for f in SCORE_FIELDS) > LOW_SCORE:
                continue
            order = evaluation.order_id.sudo()
            desk_user = order.duty_user_id or self.env.ref(
                "hospital_repair.group_repair_dispatcher").sudo().user_ids.filtered(
                lambda u: u.active and not u.share)[:1]
            if not desk_user:
                continue
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Low satisfaction score: call the reporter back"),
                note=evaluation.comment or "",
                user_id=desk_user.id,
            )
