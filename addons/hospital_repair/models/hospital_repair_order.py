from odoo import _, api, fields, models
from odoo.exceptions import UserError

STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("submitted", "Submitted"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("verified", "Verified"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("draft", "to_approve", "submitted", "assigned", "in_progress", "done")
CANCELLABLE_STATES = ("draft", "to_approve", "submitted", "assigned")


class HospitalRepairOrder(models.Model):
    """The work order (报修单): reported, approved, accepted, dispatched,
    worked, confirmed by the reporter, called back and closed.

    Every transition is an ``action_<verb>`` method that checks the state and
    the user's right, stamps its ``date_*`` field and is tracked; the KPIs are
    computed from the stamps.
    """

    _name = "hospital.repair.order"
    _description = "Repair Order"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_reported desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: _("New"),
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection(
        [
            ("portal", "Portal"),
            ("phone", "Phone"),
            ("walk_in", "Walk-in"),
            ("qr", "QR Code"),
            ("mobile", "Mobile"),
            ("oa", "OA"),
            ("patrol", "Patrol"),
            ("preventive", "Preventive"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    # Reporter: a user, or for phone and walk-in reports a name typed by the desk.
    reporter_id = fields.Many2one(
        "res.users", string="Reporter", index=True, tracking=True,
        default=lambda self: self.env.user,
    )
    reporter_name = fields.Char(
        compute="_compute_reporter_name", store=True, readonly=False, precompute=True
    )
    contact_phone = fields.Char(tracking=True)
    department_id = fields.Many2one(
        "hr.department", index=True, tracking=True,
        compute="_compute_department_id", store=True, readonly=False, precompute=True,
    )
    zone_id = fields.Many2one(
        "hospital.repair.zone", string="Zone", required=True, index=True,
        tracking=True, check_company=True,
    )
    location = fields.Char(string="Precise Location")
    category_id = fields.Many2one(
        "hospital.repair.category", required=True, index=True, tracking=True,
        check_company=True,
    )
    priority = fields.Selection(
        [("normal", "Normal"), ("urgent", "Urgent"), ("emergency", "Emergency")],
        default="normal", required=True, tracking=True,
    )
    description = fields.Text(required=True)
    photo_ids = fields.Many2many(
        "ir.attachment", "hospital_repair_order_photo_rel", "order_id", "attachment_id",
        string="Photos",
    )
    appointment_date = fields.Datetime(string="Appointment")
    equipment_id = fields.Many2one("maintenance.equipment", check_company=True)
    duty_user_id = fields.Many2one(
        "res.users", string="Duty Officer", index=True, tracking=True,
        domain="[('share', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Worker", index=True, tracking=True, copy=False,
        domain="[('share', '=', False)]",
    )
    vendor_id = fields.Many2one(
        "res.partner", string="Outsourced Vendor", tracking=True, copy=False,
    )

    # State stamps, the source of every KPI.
    date_reported = fields.Datetime(readonly=True, copy=False, index=True)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_accepted = fields.Datetime(readonly=True, copy=False)
    date_assigned = fields.Datetime(readonly=True, copy=False)
    date_started = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    date_verified = fields.Datetime(readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)
    date_cancelled = fields.Datetime(readonly=True, copy=False)

    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)
    result = fields.Selection(
        [("success", "Success"), ("failure", "Failure")], readonly=True, copy=False,
        tracking=True,
    )
    work_note = fields.Text(string="Work Done", copy=False)
    failure_reason = fields.Text(string="Failure Explanation", copy=False)
    proposed_solution = fields.Text(copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    reopen_reason = fields.Text(readonly=True, copy=False)
    urge_count = fields.Integer(readonly=True, copy=False)
    date_last_urge = fields.Datetime(readonly=True, copy=False)
    followup_result = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("unsatisfied", "Unsatisfied"),
            ("unreachable", "Unreachable"),
            ("escalated", "Escalated to Management"),
        ],
        string="Follow-up Result", copy=False, tracking=True,
    )
    followup_note = fields.Text(string="Follow-up Remark", copy=False)

    approval_ids = fields.One2many("hospital.repair.approval", "order_id", string="Approvals")
    evaluation_ids = fields.One2many("hospital.repair.evaluation", "order_id")
    complaint_ids = fields.One2many("hospital.repair.complaint", "order_id")

    _name_company_unique = models.UniqueIndex("(name, company_id)")

    @api.depends("reporter_id")
    def _compute_reporter_name(self):
        for order in self:
            if order.reporter_id:
                order.reporter_name = order.reporter_id.name

    @api.depends("reporter_id")
    def _compute_department_id(self):
        for order in self:
            if order.reporter_id:
                employee = order.reporter_id.employee_id
                order.department_id = employee.department_id or order.department_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("hospital.repair.order")
        return super().create(vals_list)

    def _compute_access_url(self):
        super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/repairs/{order.id}"

    def _check_state(self, allowed, action_label):
        wrong = self.filtered(lambda o: o.state not in allowed)
        if wrong:
            raise UserError(
                _(
                    "%(action)s is not possible for %(orders)s in its current state.",
                    action=action_label,
                    orders=", ".join(wrong.mapped("name")),
                )
            )

    def _check_group(self, group_xmlid, action_label):
        if not self.env.user.has_group(group_xmlid):
            raise UserError(
                _("You are not allowed to %(action)s repair orders.", action=action_label)
            )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Report: orders of a category that needs approval wait for it."""
        self._check_state(("draft",), _("Submitting"))
        now = fields.Datetime.now()
        needs_approval = self.filtered("category_id.approval_required")
        needs_approval.write({"state": "to_approve", "date_reported": now})
        needs_approval._start_approval()
        (self - needs_approval).write({"state": "submitted", "date_reported": now})
        return True

    def _start_approval(self):
        """Create the approval steps of the orders; see hospital.repair.approval."""
        self.env["hospital.repair.approval"]._create_steps(self)

    def _on_approval_approved(self):
        """Called by the last approval step: the order reaches the desk."""
        self.write({"state": "submitted", "date_approved": fields.Datetime.now()})

    def _on_approval_refused(self, reason):
        """Called by a refused approval step: the order ends here."""
        self.write({"state": "rejected", "reject_reason": reason})

    def action_accept(self):
        """The desk accepts: the order is dispatched at once to the zone's worker."""
        self._check_group("hospital_repair.group_repair_dispatcher", _("accept"))
        self._check_state(("submitted",), _("Accepting"))
        now = fields.Datetime.now()
        self.write({"state": "assigned", "date_accepted": now, "duty_user_id": self.env.user.id})
        for order in self:
            order._dispatch(order.zone_id._get_responsible_user())
        return True

    def _dispatch(self, user):
        """Give the order to ``user`` (a worker) and stamp the dispatch."""
        self.ensure_one()
        self.write({"user_id": user.id, "date_assigned": fields.Datetime.now() if user else False})

    def action_reject(self, reason):
        self._check_group("hospital_repair.group_repair_dispatcher", _("reject"))
        self._check_state(("submitted",), _("Rejecting"))
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the rejection."))
        self.write({"state": "rejected", "reject_reason": reason})
        return True

    def action_redispatch(self, user, reason):
        self._check_group("hospital_repair.group_repair_dispatcher", _("re-dispatch"))
        self._check_state(("assigned", "in_progress"), _("Re-dispatching"))
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the re-dispatch."))
        for order in self:
            order._dispatch(user)
            order.message_post(body=_("Re-dispatched to %(worker)s: %(reason)s",
                                      worker=user.name, reason=reason))
        return True

    def _check_is_worker(self, action_label):
        if self.env.user.has_group("hospital_repair.group_repair_dispatcher"):
            return
        others = self.filtered(lambda o: o.user_id != self.env.user)
        if others:
            raise UserError(
                _("Only the assigned worker can %(action)s %(orders)s.",
                  action=action_label, orders=", ".join(others.mapped("name")))
            )

    def action_start(self):
        self._check_state(("assigned",), _("Starting"))
        self._check_is_worker(_("start"))
        self.write({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def action_finish(self, result="success", failure_reason=None, proposed_solution=None):
        self._check_state(("in_progress",), _("Finishing"))
        self._check_is_worker(_("finish"))
        vals = {"state": "done", "result": result, "date_done": fields.Datetime.now()}
        if result == "failure":
            if not (failure_reason or "").strip() or not (proposed_solution or "").strip():
                raise UserError(
                    _("A failed repair needs an explanation and a proposed solution.")
                )
            vals.update(failure_reason=failure_reason, proposed_solution=proposed_solution)
        self.write(vals)
        return True

    def _check_is_reporter(self, action_label):
        if self.env.user.has_group("hospital_repair.group_repair_dispatcher"):
            return
        others = self.filtered(lambda o: o.reporter_id != self.env.user)
        if others:
            raise UserError(
                _("Only the reporter can %(action)s %(orders)s.",
                  action=action_label, orders=", ".join(others.mapped("name")))
            )

    def action_verify(self):
        self._check_state(("done",), _("Confirming"))
        self._check_is_reporter(_("confirm"))
        self.write({"state": "verified", "date_verified": fields.Datetime.now()})
        return True

    def action_reopen(self, reason):
        self._check_state(("done",), _("Reopening"))
        self._check_is_reporter(_("reopen"))
        if not (reason or "").strip():
            raise UserError(_("Give a reason for reopening the repair."))
        for order in self:
            order.write({
                "state": "assigned",
                "reopen_count": order.reopen_count + 1,
                "reopen_reason": reason,
                "result": False,
                "date_started": False,
                "date_done": False,
            })
        return True

    def action_followup(self, result, note=None):
        self._check_group("hospital_repair.group_repair_dispatcher", _("record the follow-up of"))
        self._check_state(("done", "verified"), _("Recording a follow-up"))
        self.write({"followup_result": result, "followup_note": note})
        return True

    def action_close(self):
        self._check_group("hospital_repair.group_repair_dispatcher", _("close"))
        self._check_state(("verified",), _("Closing"))
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._check_state(CANCELLABLE_STATES, _("Cancelling"))
        self._check_is_reporter(_("cancel"))
        self.write({"state": "cancelled", "date_cancelled": fields.Datetime.now()})
        return True

    def action_urge(self):
        self._check_state(OPEN_STATES[1:], _("Urging"))
        now = fields.Datetime.now()
        for order in self:
            order.write({"urge_count": order.urge_count + 1, "date_last_urge": now})
        return True


# ----------------------------------------------------------------------
# Live board
# ----------------------------------------------------------------------
# Fields the big screens show: writing one of them redraws the screens.
BOARD_FIELDS = frozenset(
    ("state", "user_id", "urge_count", "zone_id", "category_id", "priority", "date_reported")
)


class HospitalRepairOrderBoard(models.Model):
    """Screens redraw when an order appears or changes what they show.

    Kept apart from the lifecycle above so that both evolve on their own."""

    _inherit = "hospital.repair.order"

    # "Accepted, done, verified today" on every board refresh: with these
    # and the state index, PostgreSQL reads today's orders, not all of them.
    date_accepted = fields.Datetime(index=True)
    date_done = fields.Datetime(index=True)
    date_verified = fields.Datetime(index=True)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        self.env["hospital.repair.board"]._notify_orders_changed(orders)
        return orders

    def write(self, vals):
        if not BOARD_FIELDS.intersection(vals):
            return super().write(vals)
        boards = self.env["hospital.repair.board"]
        # An order moving out of a board's zone or category leaves that board too.
        if "zone_id" in vals or "category_id" in vals:
            boards._notify_orders_changed(self)
        res = super().write(vals)
        boards._notify_orders_changed(self)
        return res
