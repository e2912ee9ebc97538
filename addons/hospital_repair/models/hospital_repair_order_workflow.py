from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..const import (
    ACT_DESK,
    ACT_ESCALATION,
    ACT_REPORTER,
    ACT_WORKER,
    DIALOG_ACTIONS,
    REPORTER_EVENT_SUBTYPES,
    URGE_INTERVAL_MINUTES,
)
from ..tools import ref, try_lock

# the transaction's reporter events by order id, for the tracked messages
TRACKED_EVENTS = "hospital_repair.reporter_events"


class HospitalRepairOrderWorkflow(models.AbstractModel):
    """The transitions of ``hospital.repair.order``, the only model that
    inherits this one; kept in their own file so that the order's fields and
    its state machine each stay readable.

    Every public ``action_<verb>`` checks the real user's right against
    ``const.RIGHTS`` (``_check_action``), then calls ``_action_<verb>``,
    which works as superuser and writes the transition fields through
    ``_transition_write``. Internal callers (crons, the approval flow) call
    the ``_action_*`` methods once they have checked what they must.
    """

    _name = "hospital.repair.order.workflow"
    _description = "Repair Order Transitions"

    # ------------------------------------------------------------------
    # Checks and locks
    # ------------------------------------------------------------------
    def _check_and_lock(self, action):
        """Check ``action`` for the real user, lock the orders' rows so that
        two people cannot move the same order at once, and check again on
        the state the lock protects."""
        self._check_action(action)
        if not try_lock(self):
            raise UserError(
                _("Someone else is handling %(orders)s at this very moment: reload "
                  "the order and try again.", orders=", ".join(self.mapped("name")))
            )
        # the state read above may predate a commit of the lock holder
        self.invalidate_recordset(["state", "user_id", "vendor_id"])
        self._check_action(action)
        return self.sudo()

    def _open_dialog(self, action):
        self._check_action(action)
        return {
            "type": "ir.actions.act_window",
            "name": self._action_label(action).capitalize(),
            "res_model": "hospital.repair.order.action.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids, "default_action": action},
        }

    def action_open_dialog(self):
        """The buttons of the transitions that need words (reason, result…)."""
        action = self.env.context.get("hospital_repair_dialog")
        if action not in DIALOG_ACTIONS:
            raise UserError(_("This dialog does not exist."))
        return self._open_dialog(action)

    # ------------------------------------------------------------------
    # Activities and notifications: who must act next, who hears of it
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
        and without the activity e-mail: the dispatch message tells the worker
        (one message, not two)."""
        orders = self.filtered("user_id")
        if not orders:
            return
        act_type = ref(self.env, ACT_WORKER)
        model_id = self.env["ir.model"]._get_id("hospital.repair.order")
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

    def _notify_reporter(self, event):
        """Tell the reporter what happened: ``event`` is a key of
        const.REPORTER_EVENT_SUBTYPES (accepted, dispatched, done, rejected).
        Its words become the body of the transition's tracked message, whose
        subtype the reporter follows, as the worker follows theirs: one
        message reaches both, by inbox or e-mail (with the link to the order)
        as each chose. An order whose change mail does not track (created in
        this transaction: a plan's, a patrol's) has its event posted as a
        message of its own, if a reporter other than the current user is
        there to read it."""
        events = self.env.cr.precommit.data.setdefault(TRACKED_EVENTS, {})
        # mail's pending tracking: the initial values of each tracked record,
        # None for those it will not track (created in this transaction)
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        for order in self:
            reporter = order.reporter_id
            tracked = bool(pending.get(order.id))
            if not tracked and (not reporter or reporter == self.env.user or not reporter.active):
                continue
            body = self.env["ir.qweb"]._render(
                "hospital_repair.repair_order_notification",
                {"order": order.sudo(), "event": event},
                lang=reporter.lang or self.env.lang,
            )
            if tracked:
                events[order.id] = event
                order._track_set_log_message(body)
            else:
                # sudo: the order's followers are told whoever acted
                order.sudo().message_post(
                    body=body, subtype_xmlid=REPORTER_EVENT_SUBTYPES[event])

    def _tracked_event_subtype(self):
        """The subtype of the event _notify_reporter gave this order's
        tracked message, if any."""
        event = self.env.cr.precommit.data.get(TRACKED_EVENTS, {}).get(self.id)
        return ref(self.env, REPORTER_EVENT_SUBTYPES[event]) if event else None

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Report: orders of a category that needs approval wait for it."""
        self._check_and_lock("submit")._action_submit()
        return True

    def _action_submit(self):
        now = fields.Datetime.now()
        needs_approval = self.filtered("category_id.approval_required")
        direct = self - needs_approval
        for orders, state in ((needs_approval, "to_approve"), (direct, "submitted")):
            stamped = orders.filtered("date_reported")
            stamped._transition_write({"state": state})
            (orders - stamped)._transition_write({"state": state, "date_reported": now})
        direct._start_sla_clock()
        if needs_approval:
            # sudo: the reporter (maybe a portal user) cannot create approval
            # steps nor read the employees' hierarchy that routes them.
            self.env["hospital.repair.approval"].sudo()._create_steps(needs_approval)

    def _on_approval_approved(self):
        """Called by the last approval step, which checked its approver: the
        order reaches the desk and the SLA clock starts."""
        self._transition_write({"state": "submitted", "date_approved": fields.Datetime.now()})
        self._start_sla_clock()
        for order in self.sudo():
            order.message_post(body=_("All approvals were given: the order goes to the desk."),
                               subtype_xmlid="mail.mt_note")

    def _on_approval_refused(self, reason):
        """Called by a refused approval step: the order ends here and the
        reporter is told why, once."""
        self._transition_write({"state": "rejected", "reject_reason": reason})
        self.sudo().activity_unlink([ACT_DESK])
        self._notify_reporter("rejected")

    def action_accept(self):
        """The desk accepts (受理): the order is dispatched at once to the
        worker answering for its zone, unless the settings say otherwise."""
        self._check_and_lock("accept")._action_accept()
        return True

    def _action_accept(self):
        now = fields.Datetime.now()
        accepted = {"state": "assigned", "date_accepted": now}
        # whoever accepts an order nobody took on the phone is its duty
        # officer (one write per order: its tracked fields are tracked once)
        untaken = self.filtered(lambda o: not o.duty_user_id)
        untaken._transition_write(dict(accepted, duty_user_id=self.env.uid))
        (self - untaken)._transition_write(accepted)
        to_dispatch = self.filtered("company_id.repair_dispatch_on_accept")
        to_dispatch._auto_dispatch(now)
        (self - to_dispatch)._notify_desk(_("Dispatch this order"))
        # one message to the reporter: accepted, and who is coming if known
        for order in self:
            order._notify_reporter("dispatched" if order.user_id or order.vendor_id else "accepted")

    def _auto_dispatch(self, at=None):
        """Give each order to the worker its zone answers for at ``at``;
        orders nobody can take stay unassigned and the desk is told."""
        at = at or fields.Datetime.now()
        by_zone = {zone: zone._get_responsible_user(at) for zone in self.zone_id}
        for user, orders in self.grouped(lambda o: by_zone[o.zone_id]).items():
            if user:
                orders._dispatch(user, at=at)
                continue
            for order in orders:
                order._notify_desk(
                    _("No worker available: dispatch by hand"),
                    note=_("Nobody answers for %(zone)s right now (no worker, or "
                           "worker and backup absent).", zone=order.zone_id.complete_name),
                )

    def _dispatch(self, user=None, vendor=None, at=None):
        """Give the orders to ``user`` (a worker) or ``vendor`` and stamp it.
        The tracking message of the dispatch is the worker's one notice: no
        second "assigned to you" message, no activity e-mail."""
        at = at or fields.Datetime.now()
        user = user or self.env["res.users"]
        vendor = vendor or self.env["res.partner"]
        # the previous worker's to-dos go, the desk's are done: one search
        todos = self.sudo().activity_search([ACT_WORKER, ACT_DESK])
        worker_todos = todos.filtered(lambda a: a.activity_type_id == ref(self.env, ACT_WORKER))
        worker_todos.unlink()
        # the worker follows the order through their to-do (mail.activity
        # subscribes its user, with the same default subtypes as the tracked
        # user_id would): one subscription, not two
        self.with_context(mail_auto_subscribe_no_notify=True,
                          hospital_repair_todo_subscribes=True)._transition_write({
            "user_id": user.id, "vendor_id": vendor.id,
            "date_assigned": at if (user or vendor) else False,
        })
        (todos - worker_todos).action_feedback()
        self._schedule_worker_todo()

    def action_reject(self, reason=None):
        """The desk rejects (驳回) what is out of scope, with a reason."""
        orders = self._check_and_lock("reject")
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the rejection."))
        orders._transition_write({"state": "rejected", "reject_reason": reason.strip()})
        orders.activity_feedback([ACT_DESK])
        orders._notify_reporter("rejected")
        return True

    def action_redispatch(self, user=None, reason=None, vendor=None):
        """The desk gives the order to a worker, or to a vendor; a reason is
        needed when it takes the order from someone."""
        orders = self._check_and_lock("redispatch")
        if not user and not vendor:
            raise UserError(self.env._("Choose the worker or the vendor who takes the order."))
        if user and not user.has_group("hospital_repair.group_repair_worker"):
            raise UserError(self.env._("%(user)s is not a maintenance worker.", user=user.name))
        if any(o.user_id or o.vendor_id for o in orders) and not (reason or "").strip():
            raise UserError(self.env._("Give a reason for the re-dispatch."))
        for order in orders:
            previous = order.user_id.name or order.vendor_id.name
            order._dispatch(user, vendor)
            if previous:
                order.message_post(body=self.env._(
                    "Re-dispatched from %(previous)s to %(worker)s: %(reason)s",
                    previous=previous, worker=(user or vendor).name, reason=reason,
                ))
            order._notify_reporter("dispatched")
        return True

    def action_start(self):
        """The worker arrives on site (到场) and starts."""
        orders = self._check_and_lock("start")
        missing = orders.filtered(lambda o: not o.user_id and not o.vendor_id)
        if missing:
            raise UserError(_("Dispatch %(orders)s to a worker first.",
                              orders=", ".join(missing.mapped("name"))))
        orders._transition_write({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def action_finish(self, result=None, failure_reason=None, proposed_solution=None,
                      work_note=None, photos=None):
        """The worker finishes with a result; a failure needs an explanation
        and a proposed solution, and the desk hears of it. ``photos``: the
        worker's own uploads (ir.attachment), shown in the chatter."""
        orders = self._check_and_lock("finish")
        if result not in ("success", "failure"):
            raise UserError(_("The result of a repair is success or failure."))
        if result == "failure" and not (
            (failure_reason or "").strip() and (proposed_solution or "").strip()
        ):
            raise UserError(_("A failed repair needs an explanation and a proposed solution."))
        photos = orders._check_work_photos(photos)
        vals = {"state": "done", "result": result, "date_done": fields.Datetime.now()}
        if work_note:
            vals["work_note"] = work_note
        if result == "failure":
            vals.update(failure_reason=failure_reason, proposed_solution=proposed_solution)
        orders._transition_write(vals)
        orders._post_work_photos(photos)
        orders.activity_feedback([ACT_WORKER])
        for order in orders:
            reporter = order.reporter_id
            if reporter and reporter.active and not reporter.share:
                order.with_context(mail_activity_quick_update=True).activity_schedule(
                    ACT_REPORTER, user_id=reporter.id,
                    summary=_("Confirm the repair of %(order)s", order=order.name),
                )
        orders._notify_reporter("done")
        if result == "failure":
            orders._notify_desk(_("Repair failed: follow up"), note=failure_reason)
        return True

    def _check_work_photos(self, photos):
        """The photos of a finish: images the user uploaded themselves and
        that hang on nothing yet (the dialog's uploads)."""
        photos = (photos or self.env["ir.attachment"]).sudo().exists()
        if photos.filtered(lambda a: a.create_uid != self.env.user or (
                a.res_id and a.res_model != "hospital.repair.order.action.wizard")):
            raise UserError(_("Attach only the photos you have just taken."))
        error = self._photos_error([(a.mimetype, a.file_size) for a in photos])
        if error:
            raise UserError(error)
        return photos

    def _post_work_photos(self, photos):
        if not photos:
            return
        for order in self:
            attachments = photos if order == self[:1] else photos.copy()
            attachments.write({"res_model": order._name, "res_id": order.id})
            order.message_post(
                body=_("Photos of the finished work"), attachment_ids=attachments.ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_verify(self):
        """The reporter confirms the repair on site (验收)."""
        self._check_and_lock("verify")._action_verify()
        return True

    def _action_verify(self):
        self._transition_write({"state": "verified", "date_verified": fields.Datetime.now()})
        self.sudo().activity_feedback([ACT_REPORTER])

    def action_reopen(self, reason=None):
        """The reporter rejects the repair: back to the worker, counted."""
        orders = self._check_and_lock("reopen")
        if not (reason or "").strip():
            raise UserError(_("Give a reason for reopening the repair."))
        for order in orders:
            order._transition_write({
                "state": "assigned",
                "reopen_count": order.reopen_count + 1,
                "reopen_reason": reason,
                "result": False,
                "date_started": False,
                "date_done": False,
            })
        orders._post_reopen_message(reason)
        orders.activity_unlink([ACT_REPORTER])
        orders._schedule_worker_todo()
        orders._notify_desk(_("Repair reopened by the reporter"), note=reason)
        return True

    def _post_reopen_message(self, reason):
        """The reopening in the chatter, with its own subtype: the portal's
        timeline shows it once the stamps of the first work are cleared."""
        messages = self.env["mail.message"]
        for order in self:
            messages |= order.sudo().message_post(
                body=_("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="hospital_repair.mt_order_reopened",
            )
        return messages

    def action_followup(self, result=None, note=None):
        """The desk records its follow-up call (回访)."""
        orders = self._check_and_lock("followup")
        if result not in dict(orders._fields["followup_result"].selection):
            raise UserError(_("Choose the result of the follow-up call."))
        orders._transition_write({
            "followup_result": result, "followup_note": note,
            "date_followup": fields.Datetime.now(),
        })
        orders.activity_feedback([ACT_DESK])
        if result == "escalated":
            for order in orders:
                leader = order.company_id._get_repair_escalation_user()
                order.activity_schedule(
                    ACT_ESCALATION, user_id=leader.id, note=note or "",
                    summary=_("Escalated after the follow-up call of %(order)s", order=order.name),
                )
        return True

    def action_close(self):
        orders = self._check_and_lock("close")
        orders._transition_write({"state": "closed", "date_closed": fields.Datetime.now()})
        orders.activity_feedback([ACT_DESK, ACT_ESCALATION])
        return True

    def action_cancel(self):
        orders = self._check_and_lock("cancel")
        orders._transition_write({"state": "cancelled", "date_cancelled": fields.Datetime.now()})
        orders.activity_unlink([ACT_WORKER, ACT_REPORTER, ACT_DESK])
        orders.approval_ids._cancel()
        return True

    def action_urge(self):
        """Urge (催促): counted, timed; the worker and the desk are told. At
        most once per URGE_INTERVAL_MINUTES, so that urging means something."""
        orders = self._check_and_lock("urge")
        now = fields.Datetime.now()
        too_soon = orders.filtered(lambda o: o.date_last_urge and now < o._next_urge_date())
        if too_soon:
            raise UserError(_(
                "%(orders)s was urged less than %(minutes)s minutes ago; please wait.",
                orders=", ".join(too_soon.mapped("name")), minutes=URGE_INTERVAL_MINUTES))
        subtype = self.env.ref("hospital_repair.mt_order_urged")
        desk_type = self.env.ref(ACT_DESK)
        for order in orders:
            order._transition_write({"urge_count": order.urge_count + 1, "date_last_urge": now})
            desk = order._get_desk_user()
            order.message_post(
                body=_("%(user)s urges this repair (%(count)s times so far).",
                       user=self.env.user.name, count=order.urge_count),
                subtype_id=subtype.id,
                partner_ids=(order.user_id.partner_id | desk.partner_id).ids,
            )
            if not order.activity_ids.filtered(
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
        """Orders left done past their hospital's delay count as accepted (默认验收)."""
        verified = self.browse()
        for company in self.env["res.company"].sudo().search([]):
            days = company.repair_auto_verify_days
            limit = fields.Datetime.now() - timedelta(days=days)
            orders = self.sudo().search([
                ("company_id", "=", company.id), ("state", "=", "done"), ("date_done", "<=", limit),
            ]).filtered(lambda order: not order._get_blocker("verify"))
            orders._action_verify()
            for order in orders:
                order.message_post(body=_(
                    "Confirmed automatically: the reporter did not answer within "
                    "%(days)s days.", days=days))
            verified |= orders
        return verified

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
                self.env.add_to_compute(orders._fields[fname], orders)
            orders.flush_recordset()
        return orders
