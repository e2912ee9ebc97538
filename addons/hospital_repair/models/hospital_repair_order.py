import re
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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
        "res.users", string="Current Approver", compute="_compute_current_approval_id",
    )
    can_approve = fields.Boolean(compute="_compute_current_approval_id")
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
        # sudo: the reporter (maybe a portal user) cannot create approval
        # steps nor read the employees' hierarchy that routes them.
        self.env["hospital.repair.approval"].sudo()._create_steps(self)

    def _on_approval_approved(self):
        """Called by the last approval step: the order reaches the desk."""
        self.write({"state": "submitted", "date_approved": fields.Datetime.now()})
        for order in self:
            order.message_post(body=_("All approvals were given: the order goes to the desk."),
                               subtype_xmlid="mail.mt_note")

    def _on_approval_refused(self, reason):
        """Called by a refused approval step: the order ends here and the
        reporter is told why."""
        self.write({"state": "rejected", "reject_reason": reason})
        for order in self:
            order.message_post(
                body=_("Your repair request %(order)s was not approved: %(reason)s",
                       order=order.name, reason=reason),
                partner_ids=order.reporter_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

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
# Portal and notifications (issue 14): a separate _inherit class so that
# the lifecycle above stays untouched; it reaches it only through super().
# ----------------------------------------------------------------------
# Chinese mobile (1[3-9] + 9 digits) or landline with area code and an
# optional extension (021-12345678, 0512-1234567-801), spaces/dashes allowed.
PHONE_RE = re.compile(r"^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$")
MAX_PHOTOS = 6
MAX_PHOTO_SIZE = 8 * 1024 * 1024  # bytes; a phone camera photo is 2-5 MB
URGE_INTERVAL_MINUTES = 30
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
        if not PHONE_RE.match(re.sub(r"[\s()]", "", phone)):
            return self.env._(
                "Enter a mobile number (11 digits starting with 13-19) or a landline with "
                "its area code, e.g. 021-64370045-801."
            )
        return None

    @api.model
    def _appointment_error(self, appointment):
        if appointment and appointment < fields.Datetime.now() - APPOINTMENT_GRACE:
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
            error = self._appointment_error(order.appointment_date)
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

    def _portal_next_urge_date(self):
        self.ensure_one()
        if not self.date_last_urge:
            return False
        return self.date_last_urge + timedelta(minutes=URGE_INTERVAL_MINUTES)

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

    def _portal_evaluate(self, scores, comment):
        """Create or update the evaluation of the order by its reporter."""
        self.ensure_one()
        if any(not isinstance(v, int) or not 1 <= v <= 5 for v in scores.values()) \
                or len(scores) != 4:
            raise ValidationError(self.env._("Give every item from 1 to 5 stars."))
        vals = dict(scores, comment=comment or False)
        evaluation = self.evaluation_ids[:1]
        if evaluation:
            evaluation.write(vals)
            return evaluation
        return self.env["hospital.repair.evaluation"].create(
            dict(vals, order_id=self.id, partner_id=self.env.user.partner_id.id))

    def _portal_complain(self, description, photo=None):
        self.ensure_one()
        if not (description or "").strip():
            raise ValidationError(self.env._("Describe what you complain about."))
        return self.env["hospital.repair.complaint"].create({
            "order_id": self.id,
            "partner_id": self.env.user.partner_id.id,
            "description": description.strip(),
            "photo": photo or False,
        })

    def action_urge(self):
        now = fields.Datetime.now()
        too_soon = self.filtered(lambda o: o.date_last_urge and now < o._portal_next_urge_date())
        if too_soon:
            raise UserError(self.env._(
                "%(orders)s was urged less than %(minutes)s minutes ago; please wait.",
                orders=", ".join(too_soon.mapped("name")), minutes=URGE_INTERVAL_MINUTES))
        res = super().action_urge()
        for order in self:
            partners = (order.user_id | order.duty_user_id).partner_id
            order.sudo().message_post(
                body=self.env._("%(user)s urges this repair.", user=self.env.user.name),
                partner_ids=partners.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return res

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
