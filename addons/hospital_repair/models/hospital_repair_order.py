import re
from datetime import timedelta

import psycopg2
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

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
URGEABLE_STATES = ("to_approve", "submitted", "assigned", "in_progress")
URGE_INTERVAL_MINUTES = 30
PRIORITY_LEVELS = {"normal": 0, "urgent": 1, "emergency": 2}
# A phone number, an extension (8123) or a mobile: digits with separators.
# A contact phone: a Chinese mobile (1[3-9] + 9 digits) or a landline with its
# area code, optionally behind +86, with an optional extension (021-64370045-801,
# 021-64370045 转 801), or a 4-digit internal extension of the hospital (8123).
PHONE_RE = re.compile(r"^(?:(?:\+?86)?(?:1[3-9]\d{9}|0?\d{9,11})|[1-9]\d{3})$")
PHONE_EXTENSION_RE = re.compile(r"^(.+?)(?:转|ext|x|-)\d{1,6}$", re.IGNORECASE)


def is_valid_phone(phone):
    compact = re.sub(r"[\s()]", "", phone or "")
    candidates = [compact]
    extension = PHONE_EXTENSION_RE.match(compact)
    if extension:
        candidates.append(extension.group(1))
    return any(PHONE_RE.match(candidate.replace("-", "")) for candidate in candidates)

# Who may press each button: its states, and "desk" (service desk), "worker"
# (the assigned worker, or the desk for them), "reporter" (the reporter or
# whoever typed the order, or the desk for them) or "member" (anyone who can
# read the order). Buttons, can_* fields and the actions all read this table.
ACTION_RULES = {
    "submit": (("draft",), "reporter"),
    "accept": (("submitted",), "desk"),
    "reject": (("submitted",), "desk"),
    "redispatch": (("assigned", "in_progress"), "desk"),
    "start": (("assigned",), "worker"),
    "finish": (("in_progress",), "worker"),
    "verify": (("done",), "reporter"),
    "reopen": (("done",), "reporter"),
    "followup": (("done", "verified"), "desk"),
    "close": (("verified",), "desk"),
    "cancel": (CANCELLABLE_STATES, "reporter"),
    "urge": (URGEABLE_STATES, "member"),
}
# Fields only the transitions (or the desk) write: the state machine and its
# stamps must not be bypassed by a plain write from a requester or a worker.
PROTECTED_FIELDS = {
    "state", "user_id", "vendor_id", "duty_user_id", "reject_reason", "result",
    "reopen_count", "reopen_reason", "urge_count", "date_last_urge",
    "followup_result", "followup_note", "date_reported", "date_approved",
    "date_accepted", "date_assigned", "date_started", "date_done", "date_verified",
    "date_closed", "date_cancelled", "date_followup",
}
# What the report says: editable by its reporter until the desk accepts it.
REPORT_FIELDS = {
    "channel", "reporter_id", "reporter_name", "department_id", "zone_id", "location",
    "category_id", "priority", "description", "equipment_id",
}
REPORT_EDITABLE_STATES = ("draft", "to_approve", "submitted")
ACT_WORKER = "hospital_repair.mail_act_repair_todo"
ACT_REPORTER = "hospital_repair.mail_act_repair_verify"
ACT_DESK = "hospital_repair.mail_act_repair_desk"
ACT_ESCALATION = "hospital_repair.mail_act_repair_escalation"


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
    _order = "priority_level desc, date_reported desc, id desc"
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
        STATES, default="draft", required=True, tracking=True, copy=False, index=True,
        group_expand="_read_group_state",
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
        "res.users", index=True, tracking=True, check_company=False,
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
        "hospital.repair.zone", required=True, index=True,
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
    priority_level = fields.Integer(
        compute="_compute_priority_level", store=True, precompute=True,
        help="Rank of the priority, so that lists show emergencies first.",
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
    date_followup = fields.Datetime(string="Follow-up Date", readonly=True, copy=False)

    # SLA: the category answers by when; the clock starts when the order
    # reaches the desk (its report, or its approval when it needed one).
    date_response_deadline = fields.Datetime(
        string="Accept Before", compute="_compute_deadlines", store=True, index=True,
    )
    date_completion_deadline = fields.Datetime(
        string="Complete Before", compute="_compute_deadlines", store=True, index=True,
    )
    # Stored so that lists, kanban, search and the reports group and filter on
    # them. Stamps recompute them at once; a cron flips the flags of open
    # orders whose deadline passed meanwhile (see _cron_update_overdue).
    is_response_overdue = fields.Boolean(
        string="Accepted Late", compute="_compute_overdue", store=True, index=True,
    )
    is_completion_overdue = fields.Boolean(
        string="Completed Late", compute="_compute_overdue", store=True, index=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_overdue", store=True, index=True,
    )

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
    # Approval (hospital.repair.approval decides; the order only shows it).
    approval_duration = fields.Float(
        string="Approval Duration (h)", compute="_compute_approval_duration", store=True,
        aggregator="avg", help="Hours from the report to the last approval.",
    )
    current_approval_id = fields.Many2one(
        "hospital.repair.approval", string="Current Approval Step",
        compute="_compute_current_approval_id",
    )
    current_approver_id = fields.Many2one(
        "res.users", compute="_compute_current_approval_id",
    )
    can_approve = fields.Boolean(compute="_compute_current_approval_id")
    evaluation_ids = fields.One2many("hospital.repair.evaluation", "order_id")
    complaint_ids = fields.One2many("hospital.repair.complaint", "order_id")

    reporter_phone = fields.Char(related="reporter_id.phone", string="Reporter's Phone")
    call_phone = fields.Char(compute="_compute_call_phone", help="Number the worker calls.")

    is_my_zone = fields.Boolean(
        string="In My Zones", compute="_compute_is_my_zone", search="_search_is_my_zone",
    )

    # Who may press which button, from the same rules the actions check.
    can_submit = fields.Boolean(compute="_compute_can_actions")
    can_accept = fields.Boolean(compute="_compute_can_actions")
    can_reject = fields.Boolean(compute="_compute_can_actions")
    can_redispatch = fields.Boolean(compute="_compute_can_actions")
    can_start = fields.Boolean(compute="_compute_can_actions")
    can_finish = fields.Boolean(compute="_compute_can_actions")
    can_verify = fields.Boolean(compute="_compute_can_actions")
    can_reopen = fields.Boolean(compute="_compute_can_actions")
    can_followup = fields.Boolean(compute="_compute_can_actions")
    can_close = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")
    can_urge = fields.Boolean(compute="_compute_can_actions")

    _name_company_unique = models.UniqueIndex("(name, company_id)")
    _urge_reopen_positive = models.Constraint(
        "CHECK (urge_count >= 0 AND reopen_count >= 0)",
        "Counters cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    def _read_group_state(self, states, domain):
        """The desk's kanban always shows the columns of the daily work."""
        shown = set(states) | {"submitted", "assigned", "in_progress", "done"}
        return [key for key, _label in STATES if key in shown]

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

    @api.depends("priority")
    def _compute_priority_level(self):
        for order in self:
            order.priority_level = PRIORITY_LEVELS.get(order.priority, 0)

    @api.depends("contact_phone", "reporter_id")
    def _compute_call_phone(self):
        for order in self:
            order.call_phone = order.contact_phone or order.reporter_id.phone or False

    @api.depends(
        "date_reported", "date_approved", "state", "priority",
        "category_id.response_hours", "category_id.completion_hours",
    )
    def _compute_deadlines(self):
        factors = {}
        for order in self:
            start = order.date_approved or order.date_reported
            if not start or order.state in ("draft", "to_approve") or not order.category_id:
                order.date_response_deadline = order.date_completion_deadline = False
                continue
            response, completion = order.category_id._get_deadlines(
                start, order.priority, factors
            )
            order.date_response_deadline = response
            order.date_completion_deadline = completion

    @api.depends(
        "state", "date_accepted", "date_done",
        "date_response_deadline", "date_completion_deadline",
    )
    def _compute_overdue(self):
        now = fields.Datetime.now()
        for order in self:
            live = order.state not in ("rejected", "cancelled")
            response = completion = False
            if live and order.date_response_deadline:
                accepted = order.date_accepted or (now if order.state == "submitted" else None)
                response = bool(accepted and accepted > order.date_response_deadline)
            if live and order.date_completion_deadline:
                done = order.date_done or (
                    now if order.state in ("submitted", "assigned", "in_progress") else None
                )
                completion = bool(done and done > order.date_completion_deadline)
            order.is_response_overdue = response
            order.is_completion_overdue = completion
            order.is_overdue = response or completion

    @api.depends_context("uid")
    @api.depends("state", "user_id", "vendor_id", "reporter_id")
    def _compute_can_actions(self):
        labels = self._action_labels()
        for order in self:
            for action in ACTION_RULES:
                order[f"can_{action}"] = not order._get_refusal(action, labels)

    @api.depends_context("uid")
    @api.depends("zone_id", "user_id")
    def _compute_is_my_zone(self):
        zones = self.env.user.repair_covered_zone_ids
        for order in self:
            order.is_my_zone = order.user_id == self.env.user or order.zone_id in zones

    def _search_is_my_zone(self, operator, value):
        if operator not in ("in", "not in", "=", "!="):
            return NotImplemented
        domain = Domain("user_id", "=", self.env.uid) | Domain(
            "zone_id", "in", self.env.user.repair_covered_zone_ids.ids
        )
        positive = (operator in ("=", "in")) == bool(value if operator in ("=", "!=") else True in value)
        return domain if positive else ~domain

    @api.constrains("reporter_id", "reporter_name")
    def _check_reporter(self):
        for order in self:
            if not order.reporter_id and not (order.reporter_name or "").strip():
                raise ValidationError(_("Give the reporter: a user, or the caller's name."))

    @api.constrains("user_id", "vendor_id")
    def _check_worker_or_vendor(self):
        for order in self:
            if order.user_id and order.vendor_id:
                raise ValidationError(
                    _("%(order)s goes either to a worker or to an outsourced vendor, "
                      "not both.", order=order.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _is_desk(self):
        return self.env.su or self.env.user.has_group("hospital_repair.group_repair_dispatcher")

    def _check_protected_fields(self, vals, creating=False):
        if self._is_desk():
            return
        touched = {
            fname for fname in PROTECTED_FIELDS & set(vals)
            # a new order may carry the empty defaults of the client
            if not creating or (vals[fname] and not (fname == "state" and vals[fname] == "draft"))
        }
        if touched:
            raise AccessError(
                _("Only the service desk can change %(fields)s directly: use the "
                  "order's buttons.",
                  fields=", ".join(sorted(self._fields[f].string for f in touched)))
            )

    @api.depends("date_reported", "date_approved")
    def _compute_approval_duration(self):
        for order in self:
            if order.date_reported and order.date_approved:
                delta = order.date_approved - order.date_reported
                order.approval_duration = delta.total_seconds() / 3600
            else:
                order.approval_duration = 0.0

    @api.depends("approval_ids.state", "approval_ids.approver_id")
    @api.depends_context("uid")
    def _compute_current_approval_id(self):
        for order in self:
            step = order.approval_ids.filtered(lambda s: s.state == "pending")[:1]
            order.current_approval_id = step
            order.current_approver_id = step.approver_id
            order.can_approve = bool(step) and step.can_decide

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("hospital_repair_auto_submit") and "default_state" in self.env.context:
            # a quick create in a kanban column must not skip the transitions
            self = self.with_context(default_state="draft")  # noqa: PLW0642
        is_desk = self._is_desk()
        for vals in vals_list:
            self._check_protected_fields(vals, creating=True)
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("hospital.repair.order")
            channel = vals.get("channel") or self.env.context.get("default_channel", "phone")
            if is_desk and not self.env.su and channel in ("phone", "walk_in"):
                vals.setdefault("duty_user_id", self.env.uid)
        orders = super().create(vals_list)
        unstamped = orders.filtered(lambda o: o.state != "draft" and not o.date_reported)
        if unstamped:
            # imported or typed directly past draft: reported now, for the KPIs
            unstamped.sudo().write({"date_reported": fields.Datetime.now()})
        orders._link_photos()
        reporters = orders.filtered(
            lambda o: o.reporter_id and o.reporter_id.partner_id not in o.message_partner_ids
        )
        for order in reporters:
            order.message_subscribe(partner_ids=order.reporter_id.partner_id.ids)
        if self.env.context.get("hospital_repair_auto_submit"):
            orders.filtered(lambda o: o.state == "draft").action_submit()
        return orders

    def write(self, vals):
        self._check_protected_fields(vals)
        if REPORT_FIELDS & set(vals) and not self._is_desk():
            accepted = self.filtered(lambda o: o.state not in REPORT_EDITABLE_STATES)
            if accepted:
                raise UserError(_(
                    "%(orders)s was accepted: ask the service desk to change what the "
                    "report says.", orders=", ".join(accepted.mapped("name"))))
        res = super().write(vals)
        if vals.get("photo_ids"):
            self._link_photos()
        return res

    def _link_photos(self):
        """Photos uploaded before the order existed hang on nothing: attach
        them to their order so that its readers may see them."""
        for order in self.filtered("photo_ids"):
            loose = order.photo_ids.filtered(
                lambda a: not a.res_id and a.create_uid == self.env.user
            )
            if loose:
                # checked: the uploader's own, unattached files
                loose.sudo().write({"res_model": self._name, "res_id": order.id})

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/repairs/{order.id}"
        return res

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            if self.state == "assigned" and self.user_id:
                return self.env.ref("hospital_repair.mt_order_assigned")
            if self.state == "done":
                return self.env.ref("hospital_repair.mt_order_done")
            if self.state == "rejected":
                return self.env.ref("hospital_repair.mt_order_rejected")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Rights: one answer for buttons and actions
    # ------------------------------------------------------------------
    def _action_labels(self):
        return {
            "submit": _("submit"), "accept": _("accept"), "reject": _("reject"),
            "redispatch": _("re-dispatch"), "start": _("start"), "finish": _("finish"),
            "verify": _("confirm"), "reopen": _("reopen"),
            "followup": _("record the follow-up of"), "close": _("close"),
            "cancel": _("cancel"), "urge": _("urge"),
        }

    def _get_refusal(self, action, labels=None):
        """Why the current user may not ``action`` this order, or False."""
        self.ensure_one()
        states, who = ACTION_RULES[action]
        label = (labels or self._action_labels())[action]
        user = self.env.user
        if who == "desk" and not self._is_desk():
            return _("Only the service desk can %(action)s repair orders.", action=label)
        if self.state not in states:
            return _(
                "You cannot %(action)s %(order)s: it is %(state)s.",
                action=label, order=self.name,
                state=dict(self._fields["state"]._description_selection(self.env))[self.state],
            )
        if who == "worker" and not self._is_desk() and self.user_id != user:
            return _("Only the assigned worker can %(action)s %(orders)s.",
                     action=label, orders=self.name)
        if who == "reporter" and not self._is_desk() and user not in (
            self.reporter_id | self.create_uid
        ):
            return _("Only the reporter can %(action)s %(orders)s.",
                     action=label, orders=self.name)
        return False

    def _check_action(self, action, lock=True):
        """Raise the first refusal of ``action`` among the orders, then lock
        their rows so that two people cannot move the same order at once."""
        if not self:
            return
        self.check_access("read")
        labels = self._action_labels()
        for order in self:
            refusal = order._get_refusal(action, labels)
            if refusal:
                raise UserError(refusal)
        if lock:
            self._lock_rows()
            # the state read above may predate a commit of the lock holder
            self.invalidate_recordset(["state", "user_id", "vendor_id"])
            for order in self:
                refusal = order._get_refusal(action, labels)
                if refusal:
                    raise UserError(refusal)

    def _lock_rows(self):
        """Row locks up to the end of the transaction; NOWAIT turns a race
        into a clear error instead of a blocked request or a double dispatch."""
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL(
                    "SELECT id FROM hospital_repair_order WHERE id IN %s FOR UPDATE NOWAIT",
                    tuple(self.ids),
                ))
        except (LockNotAvailable, SerializationFailure):
            raise UserError(
                _("Someone else is handling %(orders)s at this very moment: reload "
                  "the order and try again.", orders=", ".join(self.mapped("name")))
            ) from None

    def _open_wizard(self, action):
        return {
            "type": "ir.actions.act_window",
            "name": self._action_labels()[action].capitalize(),
            "res_model": "hospital.repair.order.action.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_ids": self.ids,
                "default_action": action,
            },
        }

    # ------------------------------------------------------------------
    # Activities: who must act next
    # ------------------------------------------------------------------
    def _get_desk_user(self):
        """The desk user an order's to-dos go to: its duty officer, else the
        first active service-desk member."""
        self.ensure_one()
        if self.duty_user_id.active:
            return self.duty_user_id
        group = self.env.ref("hospital_repair.group_repair_dispatcher").sudo()
        desk = self.env["res.users"].sudo().search(
            [("group_ids", "in", group.ids), ("share", "=", False),
             ("id", "!=", self.env.ref("base.user_root").id)],
            order="id", limit=1,
        )
        return desk or self.env.user

    def _notify_desk(self, summary, note=""):
        for order in self:
            order.sudo().activity_schedule(
                ACT_DESK, summary=summary, note=note, user_id=order._get_desk_user().id,
            )

    def _schedule_worker_todo(self):
        """One to-do per dispatched order for its worker, created in one batch
        and without the activity e-mail: the assignment notice already told
        the worker (one message, not two)."""
        orders = self.filtered("user_id")
        if not orders:
            return
        act_type = self.env.ref(ACT_WORKER)
        model_id = self.env["ir.model"]._get_id(self._name)
        now = fields.Datetime.now()
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create([{
            "res_model_id": model_id,
            "res_id": order.id,
            "activity_type_id": act_type.id,
            "automated": True,
            "summary": self.env._("Repair: %(location)s",
                                  location=order.location or order.zone_id.name),
            "user_id": order.user_id.id,
            "date_deadline": fields.Date.context_today(
                order, order.date_completion_deadline or now
            ),
        } for order in orders])

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Report: orders of a category that needs approval wait for it."""
        self._check_action("submit")
        now = fields.Datetime.now()
        needs_approval = self.filtered("category_id.approval_required")
        direct = self - needs_approval
        for orders, state in ((needs_approval, "to_approve"), (direct, "submitted")):
            keep = orders.filtered("date_reported")
            keep.sudo().write({"state": state})
            (orders - keep).sudo().write({"state": state, "date_reported": now})
        if needs_approval:
            needs_approval.sudo()._start_approval()
        return True

    def _start_approval(self):
        """Create the approval steps of the orders; see hospital.repair.approval."""
        # sudo: the reporter (maybe a portal user) cannot create approval
        # steps nor read the employees' hierarchy that routes them.
        self.env["hospital.repair.approval"].sudo()._create_steps(self)

    def _on_approval_approved(self):
        """Called by the last approval step: the order reaches the desk."""
        # the step checked its approver's right; the state is ours to move
        self.sudo().write({"state": "submitted", "date_approved": fields.Datetime.now()})
        for order in self:
            order.message_post(body=_("All approvals were given: the order goes to the desk."),
                               subtype_xmlid="mail.mt_note")

    def _on_approval_refused(self, reason):
        """Called by a refused approval step: the order ends here and the
        reporter is told why."""
        self.sudo().write({"state": "rejected", "reject_reason": reason})
        self.sudo().activity_unlink([ACT_DESK])
        for order in self:
            order.message_post(
                body=_("Your repair request %(order)s was not approved: %(reason)s",
                       order=order.name, reason=reason),
                partner_ids=order.reporter_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def action_accept(self):
        """The desk accepts (受理): the order is dispatched at once to the
        worker answering for its zone, unless the settings say otherwise."""
        self._check_action("accept")
        now = fields.Datetime.now()
        untaken = self.filtered(lambda o: not o.duty_user_id)
        untaken.sudo().write({"duty_user_id": self.env.uid})
        self.sudo().write({"state": "assigned", "date_accepted": now})
        dispatch = self.env["ir.config_parameter"].sudo().get_param(
            "hospital_repair.dispatch_on_accept", "True"
        )
        if dispatch not in ("False", "0", ""):
            self._auto_dispatch(now)
        else:
            self._notify_desk(_("Dispatch this order"))
        return True

    def _auto_dispatch(self, at=None):
        """Give each order to the worker its zone answers for at ``at``;
        orders nobody can take stay unassigned and the desk is told."""
        at = at or fields.Datetime.now()
        by_zone = {}
        for zone in self.zone_id:
            by_zone[zone] = zone._get_responsible_user(at)
        by_user = {}
        for order in self:
            by_user.setdefault(by_zone[order.zone_id], []).append(order.id)
        for user, ids in by_user.items():
            orders = self.browse(ids)
            if user:
                orders._dispatch(user, at=at)
            else:
                for order in orders:
                    order._notify_desk(
                        _("No worker available: dispatch by hand"),
                        note=_("Nobody answers for %(zone)s right now (no worker, or "
                               "worker and backup absent).", zone=order.zone_id.complete_name),
                    )

    def _dispatch(self, user=None, vendor=None, at=None):
        """Give the orders to ``user`` (a worker) or ``vendor`` and stamp it."""
        at = at or fields.Datetime.now()
        user = user or self.env["res.users"]
        vendor = vendor or self.env["res.partner"]
        self.sudo().activity_unlink([ACT_WORKER])
        self.sudo().write({
            "user_id": user.id, "vendor_id": vendor.id,
            "date_assigned": at if (user or vendor) else False,
        })
        self.sudo().activity_feedback([ACT_DESK])
        self._schedule_worker_todo()

    def action_reject(self, reason=None):
        """The desk rejects (驳回) what is out of scope, with a reason."""
        if reason is None:
            self._check_action("reject", lock=False)
            return self._open_wizard("reject")
        self._check_action("reject")
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the rejection."))
        self.sudo().write({"state": "rejected", "reject_reason": reason})
        self.sudo().activity_feedback([ACT_DESK])
        return True

    def action_redispatch(self, user=None, reason=None, vendor=None):
        """The desk gives the order to another worker, or to a vendor."""
        if user is None and vendor is None:
            self._check_action("redispatch", lock=False)
            return self._open_wizard("redispatch")
        self._check_action("redispatch")
        if not user and not vendor:
            raise UserError(self.env._("Choose the worker or the vendor who takes the order."))
        if user and not user.has_group("hospital_repair.group_repair_worker"):
            raise UserError(self.env._("%(user)s is not a maintenance worker.", user=user.name))
        if any(o.user_id or o.vendor_id for o in self) and not (reason or "").strip():
            raise UserError(self.env._("Give a reason for the re-dispatch."))
        for order in self:
            previous = order.user_id.name or order.vendor_id.name
            order._dispatch(user, vendor)
            if previous:
                order.message_post(body=self.env._(
                    "Re-dispatched from %(previous)s to %(worker)s: %(reason)s",
                    previous=previous, worker=(user or vendor).name, reason=reason,
                ))
        return True

    def action_start(self):
        """The worker arrives on site (到场) and starts."""
        self._check_action("start")
        missing = self.filtered(lambda o: not o.user_id and not o.vendor_id)
        if missing:
            raise UserError(_("Dispatch %(orders)s to a worker first.",
                              orders=", ".join(missing.mapped("name"))))
        self.sudo().write({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def action_finish(self, result=None, failure_reason=None, proposed_solution=None,
                      work_note=None):
        """The worker finishes with a result; a failure needs an explanation
        and a proposed solution, and the desk hears of it."""
        if result is None:
            self._check_action("finish", lock=False)
            return self._open_wizard("finish")
        self._check_action("finish")
        if result not in ("success", "failure"):
            raise UserError(_("The result of a repair is success or failure."))
        vals = {"state": "done", "result": result, "date_done": fields.Datetime.now()}
        if work_note:
            vals["work_note"] = work_note
        if result == "failure":
            if not (failure_reason or "").strip() or not (proposed_solution or "").strip():
                raise UserError(
                    _("A failed repair needs an explanation and a proposed solution.")
                )
            vals.update(failure_reason=failure_reason, proposed_solution=proposed_solution)
        self.sudo().write(vals)
        self.sudo().activity_feedback([ACT_WORKER])
        for order in self:
            reporter = order.reporter_id
            if reporter and reporter.active and not reporter.share:
                order.sudo().activity_schedule(
                    ACT_REPORTER, user_id=reporter.id,
                    summary=_("Confirm the repair of %(order)s", order=order.name),
                )
        if result == "failure":
            self._notify_desk(_("Repair failed: follow up"), note=failure_reason)
        return True

    def action_verify(self):
        """The reporter confirms the repair on site (验收)."""
        self._check_action("verify")
        self._do_verify()
        return True

    def _do_verify(self):
        self.sudo().write({"state": "verified", "date_verified": fields.Datetime.now()})
        self.sudo().activity_feedback([ACT_REPORTER])

    def action_reopen(self, reason=None):
        """The reporter rejects the repair: back to the worker, counted."""
        if reason is None:
            self._check_action("reopen", lock=False)
            return self._open_wizard("reopen")
        self._check_action("reopen")
        if not (reason or "").strip():
            raise UserError(_("Give a reason for reopening the repair."))
        for order in self:
            order.sudo().write({
                "state": "assigned",
                "reopen_count": order.reopen_count + 1,
                "reopen_reason": reason,
                "result": False,
                "date_started": False,
                "date_done": False,
            })
            order.message_post(body=_("Reopened: %(reason)s", reason=reason))
        self.sudo().activity_unlink([ACT_REPORTER])
        self._schedule_worker_todo()
        self._notify_desk(_("Repair reopened by the reporter"), note=reason)
        return True

    def action_followup(self, result=None, note=None):
        """The desk records its follow-up call (回访)."""
        if result is None:
            self._check_action("followup", lock=False)
            return self._open_wizard("followup")
        self._check_action("followup")
        self.sudo().write({
            "followup_result": result, "followup_note": note,
            "date_followup": fields.Datetime.now(),
        })
        self.sudo().activity_feedback([ACT_DESK])
        if result == "escalated":
            leader = self._get_logistics_leader()
            for order in self:
                order.sudo().activity_schedule(
                    ACT_ESCALATION, user_id=leader.id, note=note or "",
                    summary=_("Escalated after the follow-up call of %(order)s", order=order.name),
                )
        return True

    def _get_logistics_leader(self):
        """Who hears of escalations: the logistics leader of the settings,
        else the first repair manager."""
        leader_id = self.env["ir.config_parameter"].sudo().get_param(
            "hospital_repair.logistics_leader_id"
        )
        leader = self.env["res.users"].sudo().browse(int(leader_id)).exists() if leader_id else None
        if leader and leader.active:
            return leader
        group = self.env.ref("hospital_repair.group_repair_manager").sudo()
        return self.env["res.users"].sudo().search(
            [("group_ids", "in", group.ids), ("share", "=", False),
             ("id", "!=", self.env.ref("base.user_root").id)],
            order="id", limit=1,
        ) or self.env.user

    def action_close(self):
        self._check_action("close")
        self.sudo().write({"state": "closed", "date_closed": fields.Datetime.now()})
        self.sudo().activity_feedback([ACT_DESK, ACT_ESCALATION])
        return True

    def action_cancel(self):
        self._check_action("cancel")
        self.sudo().write({"state": "cancelled", "date_cancelled": fields.Datetime.now()})
        self.sudo().activity_unlink([ACT_WORKER, ACT_REPORTER, ACT_DESK])
        return True

    def action_urge(self):
        """Urge (催促): counted, timed; the worker and the desk are told. At
        most once per URGE_INTERVAL_MINUTES, so that urging means something."""
        self._check_action("urge")
        now = fields.Datetime.now()
        too_soon = self.filtered(lambda o: o.date_last_urge and now < o._next_urge_date())
        if too_soon:
            raise UserError(_(
                "%(orders)s was urged less than %(minutes)s minutes ago; please wait.",
                orders=", ".join(too_soon.mapped("name")), minutes=URGE_INTERVAL_MINUTES))
        subtype = self.env.ref("hospital_repair.mt_order_urged")
        desk_type = self.env.ref(ACT_DESK)
        for order in self:
            order.sudo().write({"urge_count": order.urge_count + 1, "date_last_urge": now})
            desk = order._get_desk_user()
            order.message_post(
                body=_("%(user)s urges this repair (%(count)s times so far).",
                       user=self.env.user.name, count=order.urge_count),
                subtype_id=subtype.id,
                partner_ids=(order.user_id.partner_id | desk.partner_id).ids,
            )
            if not order.sudo().activity_ids.filtered(
                lambda a, desk=desk: a.activity_type_id == desk_type and a.user_id == desk
            ):
                order._notify_desk(_("Urged: hurry this order"))
        return True

    def _next_urge_date(self):
        self.ensure_one()
        if not self.date_last_urge:
            return False
        return self.date_last_urge + timedelta(minutes=URGE_INTERVAL_MINUTES)

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _cron_auto_verify(self):
        """Orders left done past the delay count as accepted (默认验收)."""
        days = int(self.env["ir.config_parameter"].sudo().get_param(
            "hospital_repair.auto_verify_days", 3) or 3)
        limit = fields.Datetime.now() - timedelta(days=days)
        orders = self.sudo().search([("state", "=", "done"), ("date_done", "<=", limit)])
        if orders:
            orders._do_verify()
            for order in orders:
                order.message_post(body=_(
                    "Confirmed automatically: the reporter did not answer within "
                    "%(days)s days.", days=days))
        return orders

    @api.model
    def _cron_update_overdue(self):
        """Flip the flags of open orders whose deadline passed since their
        last write: time moves, but stored flags only change on writes."""
        now = fields.Datetime.now()
        orders = self.sudo().search(
            Domain("is_overdue", "=", False)
            & Domain.OR([
                Domain("state", "=", "submitted") & Domain("date_response_deadline", "<", now),
                Domain("state", "in", ("submitted", "assigned", "in_progress"))
                & Domain("date_completion_deadline", "<", now),
            ])
        )
        if orders:
            for fname in ("is_response_overdue", "is_completion_overdue", "is_overdue"):
                self.env.add_to_compute(self._fields[fname], orders)
            orders.flush_recordset()
        return orders

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------
    @api.model
    def _demo_generate(self):
        # imported here: the generator is demo-only code, never loaded otherwise
        from ..demo import hospital_repair_demo

        return hospital_repair_demo.generate(self.env)

# ----------------------------------------------------------------------
# Portal and notifications (issue 14): a separate _inherit class so that
# the lifecycle above stays untouched; it reaches it only through super().
# ----------------------------------------------------------------------
MAX_PHOTOS = 6
MAX_PHOTO_SIZE = 8 * 1024 * 1024  # bytes; a phone camera photo is 2-5 MB
# Tolerance for an appointment "now": the form is filled in over a minute or two.
APPOINTMENT_GRACE = timedelta(minutes=5)


class HospitalRepairOrderPortal(models.Model):
    _inherit = "hospital.repair.order"

    submit_token = fields.Char(
        copy=False, readonly=True,
        help="Idempotency key of the report form: a double submit creates one order.",
    )

    _submit_token_unique = models.UniqueIndex("(submit_token) WHERE submit_token IS NOT NULL")

    # -- validation shared by the backend and the report form ----------
    @api.model
    def _phone_error(self, phone):
        if not (phone or "").strip():
            return self.env._("Give a contact phone number.")
        if not is_valid_phone(phone):
            return self.env._(
                "Enter a mobile number (11 digits starting with 13-19), a landline with "
                "its area code, e.g. 021-64370045-801, or a 4-digit internal extension."
            )
        return None

    @api.model
    def _appointment_error(self, appointment, reported=None):
        """An appointment cannot precede the report (now, for a new report)."""
        reference = reported or fields.Datetime.now()
        if appointment and appointment < reference - APPOINTMENT_GRACE:
            return self.env._("The appointment time cannot be in the past.")
        return None

    @api.model
    def _photos_error(self, attachments_data):
        """``attachments_data``: list of (mimetype, size) of the photos."""
        if len(attachments_data) > MAX_PHOTOS:
            return self.env._("At most %(count)s photos.", count=MAX_PHOTOS)
        for mimetype, size in attachments_data:
            if not (mimetype or "").startswith("image/"):
                return self.env._("Only images can be attached as photos.")
            if size > MAX_PHOTO_SIZE:
                return self.env._(
                    "A photo is larger than %(size)s MB.", size=MAX_PHOTO_SIZE // (1024 * 1024)
                )
        return None

    @api.constrains("contact_phone")
    def _check_contact_phone(self):
        for order in self.filtered("contact_phone"):
            error = self._phone_error(order.contact_phone)
            if error:
                raise ValidationError(error)

    @api.constrains("appointment_date")
    def _check_appointment_date(self):
        for order in self:
            error = self._appointment_error(order.appointment_date, order.date_reported)
            if error:
                raise ValidationError(error)

    @api.constrains("photo_ids")
    def _check_photo_ids(self):
        for order in self:
            error = self._photos_error(
                [(a.mimetype, a.file_size) for a in order.photo_ids.sudo()]
            )
            if error:
                raise ValidationError(error)

    @api.model
    def _portal_report_errors(self, values, photos):
        """Field name -> message for the report form; ``photos`` is a list of
        (filename, mimetype, bytes). Empty when the report can be created."""
        errors = {}
        if not (values.get("description") or "").strip():
            errors["description"] = self.env._("Describe the fault.")
        zone = self.env["hospital.repair.zone"].browse(values.get("zone_id") or []).exists()
        if not zone or not zone.active:
            errors["zone_id"] = self.env._("Choose the place of the fault from the list.")
        category = self.env["hospital.repair.category"].browse(
            values.get("category_id") or []).exists()
        if not category or not category.active:
            errors["category_id"] = self.env._("Choose a category.")
        if values.get("priority") not in dict(self._fields["priority"].selection):
            errors["priority"] = self.env._("Choose an urgency.")
        phone_error = self._phone_error(values.get("contact_phone"))
        if phone_error:
            errors["contact_phone"] = phone_error
        appointment_error = self._appointment_error(values.get("appointment_date"))
        if appointment_error:
            errors["appointment_date"] = appointment_error
        photos_error = self._photos_error([(p[1], len(p[2])) for p in photos])
        if photos_error:
            errors["photos"] = photos_error
        return errors

    @api.model
    def _portal_create_report(self, values, photos):
        """Create and submit the order of the report form for the current
        user; return it. Raises ValidationError (one message per line) on bad
        input; a second call with the same ``submit_token`` returns the first
        order instead of creating another."""
        token = values.get("submit_token")
        if token:
            existing = self.sudo().search(
                [("submit_token", "=", token), ("reporter_id", "=", self.env.uid)], limit=1
            )
            if existing:
                return existing
        errors = self._portal_report_errors(values, photos)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        vals = {
            key: values.get(key)
            for key in ("zone_id", "category_id", "location", "description", "priority",
                        "contact_phone", "appointment_date", "submit_token")
        }
        vals.update(
            channel=values["channel"] if values.get("channel") in ("qr", "mobile") else "portal",
            reporter_id=self.env.uid,
            company_id=self.env["hospital.repair.zone"].browse(vals["zone_id"]).company_id.id,
        )
        # Portal reporters have no create right on orders: the input is checked
        # above and the reporter is forced to the current user.
        try:
            with self.env.cr.savepoint():
                order = self.sudo().create(vals)
        except psycopg2.errors.UniqueViolation:
            # A concurrent submit of the same form won the race (its order is
            # not visible in this transaction's snapshot yet).
            raise UserError(self.env._(
                "This report was already sent; see My repairs.")) from None
        if photos:
            order.photo_ids = self.env["ir.attachment"].sudo().create([
                {"name": name, "raw": data, "res_model": self._name, "res_id": order.id}
                for name, _mimetype, data in photos
            ])
        order.action_submit()
        return order

    # -- what the current user may do on the portal ---------------------
    def _portal_is_reporter(self):
        self.ensure_one()
        return self.reporter_id == self.env.user

    def _portal_is_department_leader(self):
        self.ensure_one()
        return bool(self.department_id) and self.department_id.manager_id.user_id == self.env.user

    def _portal_allowed_actions(self):
        """The portal buttons the current user sees on this order."""
        self.ensure_one()
        owner = self._portal_is_reporter()
        concerned = owner or self._portal_is_department_leader()
        allowed = set()
        if concerned and self.state in OPEN_STATES[1:] and self.state != "done":
            allowed.add("urge")
        if owner and self.state in CANCELLABLE_STATES:
            allowed.add("cancel")
        if owner and self.state == "done":
            allowed |= {"confirm", "reopen"}
        if owner and self.state in ("verified", "closed"):
            evaluation = self.evaluation_ids[:1]
            if not evaluation or evaluation._is_editable():
                allowed.add("evaluate")
        if concerned:
            allowed.add("complain")
        return allowed

    def _portal_check_allowed(self, action):
        for order in self:
            if action not in order._portal_allowed_actions():
                raise UserError(self.env._("This action is not available on %(order)s now.",
                                           order=order.name))

    # -- notifications to the reporter ----------------------------------
    def write(self, vals):
        watched = "state" in vals or "user_id" in vals
        before = {o.id: (o.state, o.user_id) for o in self} if watched else {}
        res = super().write(vals)
        if watched:
            for order in self:
                state, worker = before[order.id]
                if "state" in vals and vals["state"] != state:
                    event = {"assigned": "accepted" if state == "submitted" else None,
                             "done": "done", "rejected": "rejected"}.get(order.state)
                    if event:
                        order._notify_reporter(event)
                if "user_id" in vals and order.user_id and order.user_id != worker:
                    order._notify_reporter("dispatched")
        return res

    def _notify_reporter(self, event):
        """Tell the reporter (inbox for users, e-mail for portal users) what
        happened, with the link to the order. ``event`` in accepted,
        dispatched, done, rejected."""
        self.ensure_one()
        reporter = self.reporter_id
        if not reporter or reporter == self.env.user or not reporter.active:
            return
        env = self.with_context(lang=reporter.lang).env
        subjects = {
            "accepted": env._("Your repair %(order)s was accepted", order=self.name),
            "dispatched": env._("A worker is coming for %(order)s", order=self.name),
            "done": env._("Your repair %(order)s is done: please confirm", order=self.name),
            "rejected": env._("Your repair %(order)s was rejected", order=self.name),
        }
        body = self.env["ir.qweb"]._render(
            "hospital_repair.repair_order_notification",
            {"order": self.sudo(), "event": event,
             "url": self.get_base_url() + self.get_portal_url()},
            lang=reporter.lang,
        )
        # The reporter may not read every field used by the mail layout; the
        # recipients are fixed to the reporter alone.
        self.sudo().with_context(lang=reporter.lang).message_notify(
            partner_ids=reporter.partner_id.ids,
            subject=subjects[event],
            body=body,
            model_description=env._("Repair Order"),
            email_layout_xmlid="mail.mail_notification_light",
        )

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

    _inherit = "hospital.repair.order"  # pylint: disable=consider-merging-classes-inherited

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
