from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..tools import try_lock

APPROVAL_ROLES = [
    ("department_leader", "Reporter's Direct Leader"),
    ("logistics_leader", "Logistics Leader"),
]
# The steps of a category that needs approval but lists none.
DEFAULT_ROLES = ("department_leader", "logistics_leader")
ACTIVITY_TYPE_XMLID = "hospital_repair.mail_activity_type_repair_approval"
MANAGER_GROUP_XMLID = "hospital_repair.group_repair_manager"


class HospitalRepairApproval(models.Model):
    """One approval step of an order, the single source of truth of the
    approval flow.

    Life of a step: ``waiting`` (an earlier step is not approved yet) →
    ``pending`` (waiting for its approver's decision) → ``approved`` or
    ``refused``; steps left behind by a refusal become ``cancelled``.

    The approver is resolved when the order is submitted (see
    ``_resolve_approver``). A step without approver belongs to the logistics
    managers' group (``group_repair_manager``): any of them may decide it, and
    each of them gets the activity. A manager may also decide a step of
    someone else; the chatter then says for whom they acted.

    Extension point for other addons (e.g. hospital_repair_oa pushes OA
    to-dos), each called exactly once per event, on the steps concerned,
    after the change is written:

    - ``_on_step_created()``: the steps were just created;
    - ``_on_step_current()``: the steps became the one waiting for a decision;
    - ``_on_step_decided()``: the steps were approved, refused or cancelled
      (a refusal calls it once on the refused step and the steps it cancels).
    """

    _name = "hospital.repair.approval"
    _description = "Repair Approval Step"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        "hospital.repair.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    role = fields.Selection(APPROVAL_ROLES, required=True)
    approver_id = fields.Many2one(
        "res.users", index=True,
        help="Empty: any logistics manager may decide.",
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="waiting",
        required=True,
        index=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date = fields.Datetime(string="Decision Date", readonly=True)
    comment = fields.Text()
    delegator_id = fields.Many2one(
        "res.users", string="On Behalf Of", readonly=True,
        help="The approver who delegated this step to the current approver.",
    )
    resolution_note = fields.Char(
        string="Routing Note", readonly=True,
        help="Why the step went to this approver when the usual one was not found.",
    )
    can_decide = fields.Boolean(
        compute="_compute_can_decide", search="_search_can_decide",
        help="The current user may approve or refuse this step now.",
    )
    is_mine = fields.Boolean(
        string="Waiting for Me", compute="_compute_is_mine", search="_search_is_mine",
        help="Pending and assigned to the current user (or, without approver, "
        "to the logistics managers the user belongs to).",
    )
    # Related fields are computed as superuser: an approver outside the
    # order's department still sees what they are approving.
    reporter_id = fields.Many2one(related="order_id.reporter_id", string="Reporter")
    department_id = fields.Many2one(related="order_id.department_id")
    category_id = fields.Many2one(related="order_id.category_id")
    zone_id = fields.Many2one(related="order_id.zone_id")
    description = fields.Text(related="order_id.description")
    date_reported = fields.Datetime(related="order_id.date_reported")

    # ------------------------------------------------------------------
    # Who decides
    # ------------------------------------------------------------------
    @api.depends("order_id.name", "role")
    def _compute_display_name(self):
        # the breadcrumb of a step's form: the order and what is decided
        roles = dict(self._fields["role"]._description_selection(self.env))
        for step in self:
            step.display_name = " · ".join(
                filter(None, [step.sudo().order_id.name, roles.get(step.role)]))

    def _is_decidable_by(self, user):
        self.ensure_one()
        if self.state != "pending":
            return False
        return self.approver_id == user or user.has_group(MANAGER_GROUP_XMLID)

    @api.depends("state", "approver_id")
    @api.depends_context("uid")
    def _compute_can_decide(self):
        for step in self:
            step.can_decide = step._is_decidable_by(self.env.user)

    def _search_can_decide(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        if self.env.user.has_group(MANAGER_GROUP_XMLID):
            domain = Domain("state", "=", "pending")
        else:
            domain = Domain("state", "=", "pending") & Domain("approver_id", "=", self.env.uid)
        wanted = (True in value) if operator == "in" else (True not in value)
        return domain if wanted else ~domain

    @api.depends("state", "approver_id")
    @api.depends_context("uid")
    def _compute_is_mine(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP_XMLID)
        for step in self:
            step.is_mine = step.state == "pending" and (
                step.approver_id == self.env.user or (not step.approver_id and is_manager)
            )

    def _search_is_mine(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        mine = Domain("approver_id", "=", self.env.uid)
        if self.env.user.has_group(MANAGER_GROUP_XMLID):
            mine |= Domain("approver_id", "=", False)
        domain = Domain("state", "=", "pending") & mine
        wanted = (True in value) if operator == "in" else (True not in value)
        return domain if wanted else ~domain

    def _check_can_decide(self):
        # sudo: the approver may not be allowed to read the order itself;
        # the check is against env.user, which sudo keeps.
        for step in self.sudo():
            if step.state != "pending" or step.order_id.state != "to_approve":
                raise UserError(
                    _("The approval step of %(order)s is not waiting for a decision.",
                      order=step.order_id.name)
                )
            if not step._is_decidable_by(self.env.user):
                raise UserError(
                    _("Only %(approver)s can decide the approval step of %(order)s.",
                      approver=step.approver_id.name or _("a logistics manager"),
                      order=step.order_id.name)
                )

    def _lock_for_decision(self):
        """Lock the pending steps so that one decision wins.

        Two approvers (the approver and a manager, or a double click) may
        decide at once: the first takes the row lock, the second is told so
        instead of waiting and deciding a step that is no longer pending.
        """
        locked = try_lock(self)
        if locked:
            self.invalidate_recordset(["state"])
            locked = all(step.state == "pending" for step in self)
        if not locked:
            raise UserError(
                _("This approval step was just decided by someone else, or is being "
                  "decided right now. Reload the page to see the decision.")
            )

    # ------------------------------------------------------------------
    # Creation and routing
    # ------------------------------------------------------------------
    def _create_steps(self, orders):
        """Create and start the approval steps of ``orders``: one step per role
        of the order's category, each with its approver resolved now; the
        first step of each order becomes pending."""
        if not orders:
            return self.browse()
        orders = orders.with_env(self.env)
        # A re-submitted order starts over: what is left of the old round ends.
        self.search([
            ("order_id", "in", orders.ids), ("state", "in", ("waiting", "pending")),
        ])._cancel()
        vals_list = []
        notes = []
        for order in orders:
            for index, role in enumerate(order.category_id._get_approval_roles()):
                approver, delegator, note = self._resolve_approver(order, role)
                vals_list.append({
                    "order_id": order.id,
                    "sequence": (index + 1) * 10,
                    "role": role,
                    "approver_id": approver.id,
                    "delegator_id": delegator.id,
                    "resolution_note": note,
                })
                if note:
                    notes.append((order, note))
        steps = self.create(vals_list)
        for order, note in notes:
            order.message_post(body=note, subtype_xmlid="mail.mt_note")
        steps._on_step_created()
        steps._first_of_orders()._activate()
        return steps

    def _first_of_orders(self):
        first = self.browse()
        for order_steps in self.grouped("order_id").values():
            first |= order_steps.sorted("sequence")[:1]
        return first

    @api.model
    def _resolve_approver(self, order, role):
        """Return ``(approver, delegator, note)`` for the step ``role`` of
        ``order``: ``approver`` may be empty (the managers' group decides),
        ``delegator`` is the approver replaced by a delegation, ``note`` says
        why the step did not go to the usual approver."""
        note = False
        if role == "department_leader":
            approver, note = self._resolve_department_leader(order)
            if not approver:
                approver = self._get_logistics_leader(order)
        else:
            approver = self._get_logistics_leader(order)
        delegator = self.env["res.users"]
        if approver:
            substitute = self.env["hospital.repair.approval.delegation"]._get_substitute(approver)
            if substitute != approver:
                delegator, approver = approver, substitute
                note = (note + " " if note else "") + _(
                    "%(approver)s has delegated approvals to %(substitute)s.",
                    approver=delegator.name, substitute=substitute.name,
                )
        return approver, delegator, note

    @api.model
    def _resolve_department_leader(self, order):
        """The reporter's manager, else their department's manager; the
        leader's own manager when the reporter is that leader (their
        ``parent_id``, else the manager of the parent department)."""
        reporter = order.reporter_id
        employee = reporter.employee_id if reporter else self.env["hr.employee"]
        department = order.department_id or employee.department_id
        leader = employee.parent_id or department.manager_id
        if leader and reporter and leader.user_id == reporter:
            leader = leader.parent_id or department.parent_id.manager_id
        user = leader.user_id
        if user and user != reporter:
            return user, False
        who = order.reporter_name or reporter.name or order.name
        if leader and not user:
            reason = _("%(leader)s, the direct leader of %(reporter)s, has no user account.",
                       leader=leader.name, reporter=who)
        else:
            reason = _("No direct leader was found for %(reporter)s.", reporter=who)
        return self.env["res.users"], reason + " " + _(
            "The first approval goes to the logistics leader."
        )

    @api.model
    def _get_logistics_leader(self, order=None):
        """The logistics leader of the order's hospital; empty means the
        managers' group decides."""
        company = order.company_id if order else self.env.company
        return company._get_repair_logistics_leader()

    def _get_deciders(self):
        """Users who get the activity of the step: its approver, or the
        managers of the order's hospital (a manager of another company could
        not open the order)."""
        self.ensure_one()
        if self.approver_id:
            return self.approver_id
        group = self.env.ref(MANAGER_GROUP_XMLID)
        company = self.order_id.company_id
        return group.sudo().all_user_ids.filtered(
            lambda u: u.active and not u.share and company in u.company_ids).sudo(False)

    # ------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------
    def _activate(self):
        """Make the steps pending and tell their approvers."""
        if not self:
            return
        self.write({"state": "pending"})
        for step in self:
            step._notify_approvers()
        self._on_step_current()

    def _notify_approvers(self):
        self.ensure_one()
        order = self.order_id
        deciders = self._get_deciders()
        role = dict(self._fields["role"]._description_selection(self.env))[self.role]
        summary = _("Approve %(order)s (%(role)s)", order=order.name, role=role)
        # One notification per approver, the one below with its link: the
        # activity's own "assigned to you" message would repeat it.
        quiet_order = order.with_context(mail_activity_quick_update=True)
        for user in deciders.filtered(lambda u: not u.share):
            quiet_order.activity_schedule(
                ACTIVITY_TYPE_XMLID, summary=summary, note=order.description, user_id=user.id
            )
        # Portal approvers decide on the order's portal page, the others on
        # the step's form; one message per kind of link.
        for share, users in deciders.grouped("share").items():
            url = (f"/my/repairs/{order.id}" if share
                   else f"/odoo/hospital.repair.approval/{self.id}")
            body = Markup("<p>%s</p><p><a href='%s'>%s</a></p>") % (
                _("%(order)s is waiting for your approval as %(role)s: %(description)s",
                  order=order.name, role=role, description=order.description or ""),
                url,
                _("Open the approval"),
            )
            order.message_notify(
                partner_ids=users.partner_id.ids,
                subject=summary,
                body=body,
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _close_activities(self, feedback=None):
        """Close the approval activities of the steps' orders: marked done for
        the user who decided, removed for the others."""
        activity_type = self.env.ref(ACTIVITY_TYPE_XMLID)
        activities = self.order_id.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        mine = activities.filtered(lambda a: a.user_id == self.env.user)
        if feedback is not None and mine:
            mine.action_feedback(feedback=feedback)
            activities -= mine
        activities.unlink()

    def _decision_message(self, comment):
        self.ensure_one()
        user = self.env.user
        role = dict(self._fields["role"]._description_selection(self.env))[self.role]
        if self.state == "approved":
            body = _("%(user)s approved the step “%(role)s”.", user=user.name, role=role)
        else:
            body = _("%(user)s refused the step “%(role)s”.", user=user.name, role=role)
        if self.approver_id and self.approver_id != user:
            body += " " + _("Acted for %(approver)s.", approver=self.approver_id.name)
        elif not self.approver_id:
            body += " " + _("Decided for the logistics managers.")
        if self.delegator_id and self.approver_id == user:
            body += " " + _("Acted for %(delegator)s (delegation).",
                            delegator=self.delegator_id.name)
        if comment:
            body += Markup("<br/>") + comment
        return body

    def action_approve(self, comment=None):
        """Approve the current step; the next one starts, or the order reaches
        the desk when it was the last."""
        self._check_can_decide()
        # The decision is authorised by _check_can_decide, not by the record
        # rules of the order: an approver from another department (or a
        # portal approver) writes through sudo.
        steps = self.sudo()
        steps._lock_for_decision()
        steps.write({
            "state": "approved",
            "decided_by_id": self.env.uid,
            "date": fields.Datetime.now(),
            "comment": comment or False,
        })
        for step in steps:
            step.order_id.message_post(
                body=step._decision_message(comment),
                subtype_xmlid="mail.mt_note",
            )
        steps._close_activities(feedback=comment or _("Approved"))
        steps._on_step_decided()
        following = steps.browse()
        finished = steps.order_id.browse()
        for step in steps:
            # Steps before this one are approved: the waiting ones follow it.
            nxt = step.order_id.approval_ids.filtered(
                lambda s: s.state == "waiting"
            ).sorted("sequence")[:1]
            if nxt:
                following |= nxt
            else:
                finished |= step.order_id
        following._activate()
        finished._on_approval_approved()
        return True

    def action_refuse(self, reason):
        """Refuse the current step: the order is rejected with ``reason``
        and the steps after it are cancelled."""
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the refusal."))
        self._check_can_decide()
        # sudo: authorised by _check_can_decide (see action_approve).
        steps = self.sudo()
        steps._lock_for_decision()
        steps.write({
            "state": "refused",
            "decided_by_id": self.env.uid,
            "date": fields.Datetime.now(),
            "comment": reason,
        })
        for step in steps:
            step.order_id.message_post(
                body=step._decision_message(reason),
                subtype_xmlid="mail.mt_note",
            )
        steps._close_activities()
        rest = steps.order_id.approval_ids.filtered(lambda s: s.state == "waiting")
        rest.write({"state": "cancelled"})
        (steps | rest)._on_step_decided()
        steps.order_id._on_approval_refused(reason)
        return True

    def action_open_refuse_wizard(self):
        self._check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": _("Refuse Approval"),
            "res_model": "hospital.repair.approval.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_approval_id": self.id},
        }

    def _cancel(self):
        """End open steps (order cancelled or submitted again)."""
        steps = self.filtered(lambda s: s.state in ("waiting", "pending"))
        if not steps:
            return
        pending = steps.filtered(lambda s: s.state == "pending")
        steps.write({"state": "cancelled"})
        pending._close_activities()
        steps._on_step_decided()

    # ------------------------------------------------------------------
    # Extension point
    # ------------------------------------------------------------------
    def _on_step_created(self):
        """Hook: steps were created."""

    def _on_step_current(self):
        """Hook: steps became current (waiting for their approver)."""

    def _on_step_decided(self):
        """Hook: steps were approved, refused or cancelled."""
