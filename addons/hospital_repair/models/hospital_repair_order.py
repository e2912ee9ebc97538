from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..const import (
    BOARD_FIELDS,
    FINISHED_STATES,
    PRIORITY_LEVELS,
    REPORTER_SUBTYPES,
    RIGHTS,
    SLA_RUNNING_STATES,
    STATES,
    TRANSITION_FIELDS,
)
from ..tools import in_transition, ref, transition_writes


class HospitalRepairOrder(models.Model):
    """The work order (报修单): reported, approved, accepted, dispatched,
    worked, confirmed by the reporter, called back and closed.

    This file holds what the order *is*: its fields, figures, constraints and
    the one ``create``/``write``, which guard who may write what. Who may do
    what is the table ``const.RIGHTS``, read by ``hospital.repair.order.rights``;
    the transitions live in ``hospital.repair.order.workflow``, the report
    form's helpers in ``hospital.repair.order.portal``.
    """

    _name = "hospital.repair.order"
    _description = "Repair Order"
    _inherit = [
        "portal.mixin", "mail.thread", "mail.activity.mixin",
        # before the rights and transitions: it hooks into both
        "hospital.repair.order.maintenance",
        "hospital.repair.order.rights", "hospital.repair.order.workflow",
        "hospital.repair.order.portal",
    ]
    _order = "priority_level desc, date_reported desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, index="trigram",
        default=lambda self: _("New"),
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False,
        index=True, group_expand="_read_group_state",
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
        required=True, default="phone", tracking=True,
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
    # stored: the portal's rule finds a leader's orders through this index
    # (an OR with a join to the department and its manager reads every order)
    department_leader_id = fields.Many2one(
        "res.users", string="Department Leader", related="department_id.manager_id.user_id",
        store=True, precompute=True, index="btree_not_null", help="The user of the department's manager.")
    zone_id = fields.Many2one(
        "hospital.repair.zone", required=True, index=True, tracking=True, check_company=True,
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
    # indexed: the dashboard's failures by equipment, the equipment's history
    equipment_id = fields.Many2one(
        "maintenance.equipment", check_company=True, index="btree_not_null")
    duty_user_id = fields.Many2one(
        "res.users", string="Duty Officer", index=True, tracking=True, readonly=True,
        domain="[('share', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Worker", index=True, tracking=True, copy=False, readonly=True,
        domain="[('share', '=', False)]",
    )
    vendor_id = fields.Many2one(
        "res.partner", string="Outsourced Vendor", tracking=True, copy=False, readonly=True,
    )
    submit_token = fields.Char(
        copy=False, readonly=True,
        help="Idempotency key of the report form: a double submit creates one order.",
    )

    # State stamps, the source of every duration. The board reads "accepted,
    # done, verified today" on every refresh: those three are indexed; the
    # report date by _reported_index.
    date_reported = fields.Datetime(readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_accepted = fields.Datetime(readonly=True, copy=False, index=True)
    date_assigned = fields.Datetime(readonly=True, copy=False)
    date_started = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False, index=True)
    date_verified = fields.Datetime(readonly=True, copy=False, index=True)
    date_closed = fields.Datetime(readonly=True, copy=False)
    date_cancelled = fields.Datetime(readonly=True, copy=False)
    date_followup = fields.Datetime(string="Follow-up Date", readonly=True, copy=False)

    # The SLA, the one truth every view reads: set once when the clock starts
    # (the report, or the last approval when the category needs one), with
    # the priority factor; later edits of the category or of the settings do
    # not move the deadlines of orders already running.
    date_sla_start = fields.Datetime(string="SLA Clock Start", readonly=True, copy=False)
    date_response_deadline = fields.Datetime(
        string="Accept Before", readonly=True, copy=False, index=True,
    )
    date_completion_deadline = fields.Datetime(
        string="Complete Before", readonly=True, copy=False, index=True,
    )
    # Stored so that lists, kanban, search and the reports group and filter on
    # them. Stamps recompute them at once; a cron flips the flags of open
    # orders whose deadline passed meanwhile (see _cron_update_overdue).
    is_response_overdue = fields.Boolean(
        string="Accepted Late", compute="_compute_overdue", store=True, index=True, precompute=True,
    )
    is_completion_overdue = fields.Boolean(
        string="Completed Late", compute="_compute_overdue", store=True, index=True, precompute=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_overdue", store=True, index=True, precompute=True,
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
        string="Follow-up Result", copy=False, tracking=True, readonly=True,
    )
    followup_note = fields.Text(string="Follow-up Remark", copy=False, readonly=True)

    approval_ids = fields.One2many("hospital.repair.approval", "order_id", string="Approvals")
    approval_duration = fields.Float(
        string="Approval Duration (h)", compute="_compute_approval_duration", store=True,
        precompute=True, aggregator="avg", help="Hours from the report to the last approval.",
    )
    current_approval_id = fields.Many2one(
        "hospital.repair.approval", string="Current Approval Step",
        compute="_compute_current_approval_id",
    )
    current_approver_id = fields.Many2one("res.users", compute="_compute_current_approval_id")
    can_approve = fields.Boolean(compute="_compute_current_approval_id")
    evaluation_ids = fields.One2many("hospital.repair.evaluation", "order_id")
    complaint_ids = fields.One2many("hospital.repair.complaint", "order_id")

    reporter_phone = fields.Char(related="reporter_id.phone", string="Reporter's Phone")
    call_phone = fields.Char(compute="_compute_call_phone", help="Number the worker calls.")

    is_my_zone = fields.Boolean(
        string="In My Zones", compute="_compute_is_my_zone", search="_search_is_my_zone",
    )
    # The requesters' rule reads these two: their search gives ids the
    # indexes find (an OR with a join to the steps reads every order), and
    # they are asked at each search, never cached with the rule's domain.
    is_my_department = fields.Boolean(
        string="In My Department", compute="_compute_is_my_department",
        search="_search_is_my_department",
    )
    is_my_approval = fields.Boolean(
        string="In My Approvals", compute="_compute_is_my_approval",
        search="_search_is_my_approval",
        help="An approval step of the order is (or was) the current user's.",
    )

    # Who may press which button, from const.RIGHTS as the actions check it.
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
    can_edit = fields.Boolean(compute="_compute_can_actions")
    can_record_work = fields.Boolean(compute="_compute_can_actions")
    # which fields of the form the user may change, from _writable_fields
    can_reclassify = fields.Boolean(compute="_compute_can_actions")
    can_change_reporter = fields.Boolean(compute="_compute_can_actions")

    # the lists' default order (_order): a page of 80 is read in index order
    # instead of sorting every order the domain matches
    _order_index = models.Index("(priority_level DESC, date_reported DESC, id DESC)")
    # The live orders (the desk's, the dashboard's open ones): a few hundred
    # among the years of finished ones. The desk's count and first page, the
    # dashboard's counts by state and flag read this small index alone. It
    # holds zone_id (and id) because PostgreSQL wants the report view's join
    # columns in an index-only scan even when it drops the join.
    _live_index = models.Index(
        "(priority_level DESC, date_reported DESC, id DESC)"
        f" INCLUDE (state, is_overdue, company_id, zone_id) WHERE state NOT IN {FINISHED_STATES}")
    # The reports of a period (the dashboard's weeks and months, the analysis
    # filtered by date), counted from the index alone, through the view too.
    _reported_index = models.Index("(date_reported, id) INCLUDE (company_id, zone_id)")
    _name_company_unique = models.UniqueIndex("(name, company_id)")
    _submit_token_unique = models.UniqueIndex("(submit_token) WHERE submit_token IS NOT NULL")
    _urge_reopen_positive = models.Constraint(
        "CHECK (urge_count >= 0 AND reopen_count >= 0)",
        "Counters cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Computes
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

    @api.depends("reporter_id", "company_id")
    def _compute_department_id(self):
        for order in self:
            if order.reporter_id:
                order.department_id = order._get_reporter_department() or order.department_id

    def _get_reporter_department(self):
        """The reporter's department in the order's hospital: of the
        departments the rules read (res.users.repair_department_ids, once a
        request), the one of this hospital."""
        self.ensure_one()
        # sudo: a portal reporter cannot read employees
        return self.reporter_id.sudo().repair_department_ids.filtered(
            lambda d: not d.company_id or d.company_id == self.company_id
        )[:1].sudo(False)

    @api.depends("priority")
    def _compute_priority_level(self):
        for order in self:
            order.priority_level = PRIORITY_LEVELS.get(order.priority, 0)

    @api.depends("contact_phone", "reporter_id")
    def _compute_call_phone(self):
        for order in self:
            order.call_phone = order.contact_phone or order.reporter_id.phone or False

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
                done = order.date_done or (now if order.state in SLA_RUNNING_STATES else None)
                completion = bool(done and done > order.date_completion_deadline)
            order.is_response_overdue = response
            order.is_completion_overdue = completion
            order.is_overdue = response or completion

    @api.depends_context("uid")
    @api.depends("state", "user_id", "reporter_id", "department_id")
    def _compute_can_actions(self):
        actions = [a for a in RIGHTS if f"can_{a}" in self._fields]
        for order in self:
            roles = order._get_roles()
            for action in actions:
                order[f"can_{action}"] = order._may(action, roles)
            writable = order._writable_fields(roles)
            order.can_reclassify = "category_id" in writable
            order.can_change_reporter = "reporter_id" in writable

    @api.depends_context("uid")
    @api.depends("zone_id", "user_id")
    def _compute_is_my_zone(self):
        zones = self.env.user.repair_covered_zone_ids
        for order in self:
            order.is_my_zone = order.user_id == self.env.user or order.zone_id in zones

    def _search_is_my_zone(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("user_id", "=", self.env.uid) | Domain(
            "zone_id", "in", self.env.user.repair_covered_zone_ids.ids
        )
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends_context("uid", "allowed_company_ids")
    @api.depends("department_id")
    def _compute_is_my_department(self):
        departments = self.env.user.repair_department_ids
        for order in self:
            order.is_my_department = order.department_id in departments

    def _search_is_my_department(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("department_id", "in", self.env.user.repair_department_ids.ids)
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends_context("uid")
    @api.depends("approval_ids.approver_id")
    def _compute_is_my_approval(self):
        orders = self.env.user.repair_approval_order_ids
        for order in self:
            order.is_my_approval = order in orders

    def _search_is_my_approval(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("id", "in", self.env.user.repair_approval_order_ids.ids)
        return domain if (operator == "in") == (True in value) else ~domain

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

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/repairs/{order.id}"
        return res

    def _start_sla_clock(self):
        """Set the deadlines from the clock's start (the report, or the last
        approval) and the category's targets for the order's priority. Called
        when the clock starts, and when the desk reclassifies a running order."""
        for order in self:
            start = order.date_approved or order.date_reported
            response, completion = order.category_id._get_deadlines(start, order.priority)
            order._transition_write({
                "date_sla_start": start,
                "date_response_deadline": response, "date_completion_deadline": completion,
            })

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

    # ------------------------------------------------------------------
    # CRUD: the only create and write of the order
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        transition = in_transition()
        if self.env.context.get("hospital_repair_auto_submit"):
            # a quick create in a kanban column is submitted by its transition
            self = self.with_context(default_state="draft")  # noqa: PLW0642
        if not transition:
            for vals in vals_list:
                self._check_create_values(vals)
                for fname in TRANSITION_FIELDS & set(vals):
                    del vals[fname]
        # OdooBot (data, crons, imports) takes no calls: it is nobody's duty officer
        takes_calls = (self.env.user.has_group("hospital_repair.group_repair_dispatcher")
                       and not self.env.user._is_superuser())
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("hospital.repair.order")
            channel = vals.get("channel") or self.env.context.get("default_channel", "phone")
            if takes_calls and channel in ("phone", "walk_in"):
                vals.setdefault("duty_user_id", self.env.uid)
        # The reporter follows the discussion and the events of
        # _notify_reporter (const.REPORTER_SUBTYPES), not the creator's defaults.
        orders = super(HospitalRepairOrder, self.with_context(mail_create_nosubscribe=True)).create(
            vals_list).with_env(self.env)
        if not transition:
            orders._check_reported_as_self()
        orders._link_photos()
        orders._subscribe_reporters()
        self.env["hospital.repair.board"]._notify_orders_changed(orders)
        if self.env.context.get("hospital_repair_auto_submit"):
            orders.filtered(lambda o: o.state == "draft").action_submit()
        return orders

    def write(self, vals):
        if not in_transition():
            self._check_write(vals)
        boards = self.env["hospital.repair.board"]
        if "zone_id" in vals or "category_id" in vals:
            # an order moving out of a board's zone or category leaves that board
            boards._notify_orders_changed(self)
        res = super().write(vals)
        if vals.get("photo_ids"):
            self._link_photos()
        if "reporter_id" in vals:
            self._subscribe_reporters()
        if {"category_id", "priority"} & set(vals):
            # the desk reclassified running orders: their deadlines follow
            self.filtered(lambda o: o.state in SLA_RUNNING_STATES)._start_sla_clock()
        if BOARD_FIELDS & set(vals):
            boards._notify_orders_changed(self)
        return res

    @api.model
    def _create_history(self, vals_list):
        """Orders with a past, for demo data and test fixtures: created with
        the states and stamps the transitions gave them, and the deadlines
        those stamps imply. Private: no client can call it."""
        with transition_writes():
            orders = self.create(vals_list)
        orders._restart_history_clock()
        return orders

    def _write_history(self, vals):
        """Rewrite the past of orders (demo data, test fixtures); see _create_history."""
        with transition_writes():
            self.write(vals)
        if {"state", "date_reported", "date_approved"} & set(vals):
            self._restart_history_clock()

    def _restart_history_clock(self):
        self.filtered(
            lambda o: o.date_reported and o.state not in ("draft", "to_approve")
        )._start_sla_clock()

    def _transition_write(self, vals):
        """The write of a transition, after its check: sudo, and allowed to
        set the fields of TRANSITION_FIELDS."""
        with transition_writes():
            return self.sudo().write(vals)

    def _subscribe_reporters(self):
        subtype_ids = [ref(self.env, xmlid).id for xmlid in REPORTER_SUBTYPES]
        for reporter, orders in self.filtered("reporter_id").grouped("reporter_id").items():
            # sudo: the reporter may be a portal user who cannot manage followers
            orders.sudo().message_subscribe(
                partner_ids=reporter.partner_id.ids, subtype_ids=subtype_ids)

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

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        if in_transition() and self.env.context.get("hospital_repair_todo_subscribes"):
            # _dispatch: the worker's to-do subscribes them (a client's
            # context key outside a transition changes nothing)
            return []
        return super()._message_auto_subscribe_followers(updated_values, default_subtype_ids)

    def _track_subtype(self, init_values):
        # the subtype of the transition's event (_notify_reporter), the one
        # place that decides who hears of a change; other changes are logged
        self.ensure_one()
        return self._tracked_event_subtype() or super()._track_subtype(init_values)

    @api.model
    def _demo_generate(self):
        # imported here: the generator is demo-only code, never loaded otherwise
        from ..demo import hospital_repair_demo

        return hospital_repair_demo.generate(self.env)

    @api.model
    def _demo_set_currency(self):
        from ..demo import hospital_repair_demo

        return hospital_repair_demo.set_currency(self.env)
