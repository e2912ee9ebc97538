from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..tools import transition_writes, try_lock

ROUND_OPEN_STATES = ("planned", "in_progress")


class HospitalRepairPatrolRound(models.Model):
    """One walk of a route by its worker on one day (巡检任务): the worker
    scans each checkpoint's QR code on the phone to prove being there,
    records its checklist, reports what failed, and finishes; a round not
    finished by its deadline is missed."""

    _name = "hospital.repair.patrol.round"
    _description = "Patrol Round"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    route_id = fields.Many2one(
        "hospital.repair.patrol.route", required=True, index=True, ondelete="cascade",
        readonly=True)
    company_id = fields.Many2one(related="route_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Worker", compute="_compute_user_id", store=True, index=True,
        readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    date_deadline = fields.Datetime(
        string="Deadline", compute="_compute_date_deadline", store=True, readonly=True)
    state = fields.Selection(
        # labels of their own: the order's "In Progress" is 维修中
        [("planned", "Planned"), ("in_progress", "Under Way"), ("done", "Finished"),
         ("missed", "Missed")],
        default="planned", required=True, readonly=True, tracking=True, index=True)
    date_started = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)
    visit_ids = fields.One2many(
        "hospital.repair.patrol.visit", "round_id", string="Checkpoints", readonly=True)
    order_ids = fields.One2many("hospital.repair.order", "patrol_round_id", string="Orders")
    visit_count = fields.Integer(compute="_compute_progress", string="Checkpoint Count")
    scanned_count = fields.Integer(compute="_compute_progress", string="Scanned")
    completion = fields.Float(
        string="Completion (%)", compute="_compute_completion", store=True, aggregator="avg",
        digits=(16, 1), help="100 for a round done in time, 0 for a missed one: averaged, "
                             "the patrol completion rate.")

    _route_date_unique = models.UniqueIndex("(route_id, date)")

    @api.depends("route_id.name", "date")
    def _compute_name(self):
        for rnd in self:
            rnd.name = f"{rnd.route_id.name} {rnd.date}" if rnd.date else rnd.route_id.name

    @api.depends("route_id")
    def _compute_user_id(self):
        # the worker of the route the day the round was created; a later
        # change of the route's worker leaves past rounds alone
        for rnd in self:
            rnd.user_id = rnd.user_id or rnd.route_id.user_id

    @api.depends("route_id", "date")
    def _compute_date_deadline(self):
        for rnd in self:
            rnd.date_deadline = rnd.date and rnd.route_id._deadline(rnd.date)

    @api.depends("visit_ids.date_scanned")
    def _compute_progress(self):
        for rnd in self:
            rnd.visit_count = len(rnd.visit_ids)
            rnd.scanned_count = len(rnd.visit_ids.filtered("date_scanned"))

    @api.depends("state")
    def _compute_completion(self):
        for rnd in self:
            rnd.completion = {"done": 100.0, "missed": 0.0}.get(rnd.state, False)

    @api.model_create_multi
    def create(self, vals_list):
        rounds = super().create(vals_list)
        visits = [{
            "round_id": rnd.id, "checkpoint_id": checkpoint.id,
            "sequence": checkpoint.sequence,
            "checklist_line_ids": [(0, 0, vals) for vals in (
                checkpoint.template_id or rnd.route_id.template_id
            )._line_values(checkpoint.equipment_id)],
        } for rnd in rounds for checkpoint in rnd.route_id.checkpoint_ids]
        # the checks are copied by the code, never added by hand
        with transition_writes():
            self.env["hospital.repair.patrol.visit"].sudo().create(visits)
        return rounds

    # ------------------------------------------------------------------
    # The worker's round
    # ------------------------------------------------------------------
    def _get_refusal(self):
        """Why the real user may not work on this round, or False."""
        self.ensure_one()
        if self.user_id != self.env.user and not self.env.user.has_group(
                "hospital_repair.group_repair_dispatcher"):
            return self.env._("Only %(worker)s walks %(round)s.",
                              worker=self.user_id.name, round=self.name)
        if self.state not in ROUND_OPEN_STATES:
            state = dict(self._fields["state"]._description_selection(self.env))[self.state]
            return self.env._("%(round)s is %(state)s.", round=self.name, state=state)
        return False

    def _check_round(self):
        self.check_access("read")
        for rnd in self:
            refusal = rnd._get_refusal()
            if refusal:
                raise UserError(refusal)

    @api.model
    def _scan(self, zone, equipment=None):
        """The current user scanned the QR code of ``zone`` or ``equipment``:
        the first visit of one of their open rounds of today at that place is
        stamped (presence proven). Returns that visit, or an empty recordset
        when the code is no checkpoint of theirs today."""
        today = self.env.company._get_repair_today()
        rounds = self.search([
            ("user_id", "=", self.env.uid), ("date", "=", today),
            ("state", "in", ROUND_OPEN_STATES),
        ])
        place = (Domain("checkpoint_id.equipment_id", "=", equipment.id) if equipment
                 else Domain("checkpoint_id.zone_id", "=", zone.id)
                 & Domain("checkpoint_id.equipment_id", "=", False))
        visits = self.env["hospital.repair.patrol.visit"].search(
            Domain("round_id", "in", rounds.ids) & place, order="date_scanned desc, sequence")
        visit = visits.filtered(lambda v: not v.date_scanned)[:1] or visits[:1]
        if visit and not visit.date_scanned:
            visit.round_id._check_round()
            now = fields.Datetime.now()
            visit.sudo().date_scanned = now
            rnd = visit.round_id.sudo()
            if rnd.state == "planned":
                rnd.write({"state": "in_progress", "date_started": now})
        return visit

    def action_finish(self):
        """Done: every checkpoint scanned and its required checks filled."""
        self._check_round()
        if not try_lock(self):
            raise UserError(self.env._("This round is being saved elsewhere: try again."))
        for rnd in self:
            unscanned = rnd.visit_ids.filtered(lambda v: not v.date_scanned)
            if unscanned:
                raise UserError(self.env._(
                    "Scan the QR code of %(checkpoints)s first.",
                    checkpoints=", ".join(unscanned.mapped("name"))))
            missing = rnd.visit_ids.checklist_line_ids._missing_required()
            if missing:
                raise UserError(self.env._(
                    "Fill in the required checks first: %(checks)s.",
                    checks=", ".join(missing.mapped("name"))))
        self.sudo().write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    @api.model
    def _flag_missed(self):
        """Rounds still open past their deadline are missed."""
        late = self.sudo().search([
            ("state", "in", ROUND_OPEN_STATES), ("date_deadline", "<", fields.Datetime.now()),
        ])
        late.write({"state": "missed"})
        return late

    def _get_portal_url(self):
        self.ensure_one()
        return f"/my/rounds/{self.id}"

    def action_open_portal(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self._get_portal_url(), "target": "self"}


class HospitalRepairPatrolVisit(models.Model):
    """One checkpoint of a round: when its QR code was scanned, its checks,
    and the orders reported from them."""

    _name = "hospital.repair.patrol.visit"
    _description = "Patrol Checkpoint Visit"
    _order = "round_id, sequence, id"

    round_id = fields.Many2one(
        "hospital.repair.patrol.round", required=True, index=True, ondelete="cascade",
        readonly=True)
    company_id = fields.Many2one(related="round_id.company_id", store=True, index=True)
    checkpoint_id = fields.Many2one(
        "hospital.repair.patrol.checkpoint", required=True, ondelete="cascade", readonly=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char(related="checkpoint_id.name")
    zone_id = fields.Many2one(related="checkpoint_id.zone_id")
    equipment_id = fields.Many2one(related="checkpoint_id.equipment_id")
    date_scanned = fields.Datetime(string="Scanned", readonly=True)
    checklist_line_ids = fields.One2many(
        "hospital.repair.checklist.line", "visit_id", string="Checks", readonly=True)
    order_ids = fields.One2many("hospital.repair.order", "patrol_visit_id", string="Orders")

    def _get_fill_refusal(self):
        """Why the real user may not record the checks of this visit, or False."""
        self.ensure_one()
        refusal = self.round_id._get_refusal()
        if refusal:
            return refusal
        if not self.date_scanned:
            return self.env._("Scan the QR code of %(checkpoint)s first.", checkpoint=self.name)
        return False

    def _record_checks(self, values):
        """Record the results of this visit's checks: ``values`` maps a line
        id to its value fields; the lines check who may fill them."""
        self.ensure_one()
        lines = self.checklist_line_ids
        unknown = set(values) - set(lines.ids)
        if unknown:
            raise UserError(self.env._("These checks are not of %(checkpoint)s.",
                                       checkpoint=self.name))
        for line in lines.filtered(lambda l: l.id in values):
            if values[line.id]:
                line.write(values[line.id])
        return True
