import json
import logging
import threading
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..adapters import OaDeliveryError

_logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = 6 * 3600


class HospitalRepairOaMessage(models.Model):
    """Transactional outbox of the OA to-dos.

    Messages are written in the transaction that changes the approval step,
    so they exist if and only if that change was committed; the delivery
    cron sends them afterwards, in order for each step and connection.
    """

    _name = "hospital.repair.oa.message"
    _description = "OA To-do Message"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    connection_id = fields.Many2one(
        "hospital.repair.oa.connection", required=True, ondelete="cascade", index=True
    )
    approval_id = fields.Many2one("hospital.repair.approval", ondelete="set null", index=True)
    order_id = fields.Many2one("hospital.repair.order", ondelete="set null")
    user_id = fields.Many2one(
        "res.users", string="Receiver", ondelete="set null", help="Whose to-do this is in the OA."
    )
    step_key = fields.Char(
        required=True,
        help="Identifies the to-do in the OA: one per approval step, and per receiver for a step "
        "without named approver.",
    )
    version = fields.Integer(required=True, default=1)
    action = fields.Selection(
        [("create", "Create To-do"), ("done", "Mark Done"), ("delete", "Remove")],
        required=True,
    )
    idempotency_key = fields.Char(required=True, readonly=True)
    payload = fields.Json(readonly=True)
    payload_text = fields.Text(compute="_compute_payload_text", string="Content")
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("dead", "Dead Letter")],
        default="pending",
        required=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(default=fields.Datetime.now, readonly=True)
    last_error = fields.Text(readonly=True)
    date_sent = fields.Datetime(readonly=True)

    _step_version_unique = models.UniqueIndex("(connection_id, step_key, version)")
    _idempotency_key_unique = models.UniqueIndex("(connection_id, idempotency_key)")
    # what the delivery cron scans: only the (few) messages still to send
    _pending_due_idx = models.Index("(next_attempt, id) WHERE state = 'pending'")

    @api.depends("payload")
    def _compute_payload_text(self):
        for message in self:
            message.payload_text = json.dumps(message.payload or {}, ensure_ascii=False, indent=2)

    def _compute_display_name(self):
        labels = dict(self._fields["action"]._description_selection(self.env))
        for message in self:
            message.display_name = f"{labels.get(message.action)} {message.step_key} v{message.version}"

    # ------------------------------------------------------------------
    # Writing to the outbox (inside the approval's transaction)
    # ------------------------------------------------------------------

    @api.model
    def _enqueue(self, approvals, action):
        """Queue ``action`` for each step of ``approvals`` on every
        connection pushing to-dos: "create" gives one to-do per receiver
        (see ``_receivers``); "done"/"delete" close the to-dos the OA was
        told about, with the payload they were created with."""
        connections = self.env["hospital.repair.oa.connection"].sudo().search(
            [("push_enabled", "=", True)]
        )
        if not connections or not approvals:
            return self.browse()
        vals_list = []
        for conn in connections:
            # a connection of one hospital carries its own orders' to-dos only
            for approval in approvals.filtered(
                lambda a, c=conn: not c.company_id or a.sudo().company_id == c.company_id
            ):
                if action == "create":
                    vals_list += self._create_vals(conn, approval)
                else:
                    vals_list += self._close_vals(conn, approval, action)
        messages = self.sudo().create(vals_list)
        if messages:
            # the trigger row is part of this transaction: nothing runs if
            # the approval change is rolled back
            self.env.ref("hospital_repair_oa.ir_cron_oa_deliver").sudo()._trigger()
        return messages

    @api.model
    def _receivers(self, connection, approval):
        """Who gets a to-do for the step: its approver; for a step without
        named approver, the users the approval model says may decide it,
        if the connection pushes those steps, and only those with an OA
        login (the others decide in this system)."""
        deciders = approval.sudo()._get_deciders()
        if approval.approver_id:
            return deciders
        if connection.group_step_push == "none":
            return deciders.browse()
        return deciders.filtered("oa_login")

    @api.model
    def _step_key(self, approval, user):
        """The to-do's key in the OA (Seeyon's taskId): one per step, and
        per receiver for a step without named approver."""
        key = self._flow_key(approval)
        return key if approval.approver_id else f"{key}-u{user.id}"

    @api.model
    def _flow_key(self, approval):
        """The step's key in the OA (Weaver's flowid), shared by its to-dos."""
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"{dbuuid}-approval-{approval.id}"

    def _latest_per_key(self, connection, approval):
        """The last message of each to-do of ``approval`` on ``connection``."""
        latest = {}
        for message in self.sudo().search(
            [("connection_id", "=", connection.id), ("approval_id", "=", approval.id)],
            order="version desc, id desc",
        ):
            latest.setdefault(message.step_key, message)
        return latest

    @api.model
    def _create_vals(self, connection, approval):
        latest = self._latest_per_key(connection, approval)
        vals_list = []
        for user in self._receivers(connection, approval):
            step_key = self._step_key(approval, user)
            previous = latest.get(step_key, self.browse())
            if previous.action == "create":
                continue  # the OA already has this to-do open
            vals_list.append(self._message_vals(
                connection, approval, step_key, previous.version + 1, "create",
                self._payload(connection, approval, user, step_key),
                user,
            ))
        return vals_list

    @api.model
    def _close_vals(self, connection, approval, action):
        """Close the open to-dos of ``approval``: "done" for its approver's
        (or, without named approver, the decider's), "delete" for those of
        the other managers who could have decided it."""
        vals_list = []
        for step_key, created in self._latest_per_key(connection, approval).items():
            if created.action != "create":
                continue  # never told, or already closed
            todo_action = action
            if action == "done" and not approval.approver_id and created.user_id != approval.decided_by_id:
                todo_action = "delete"
            # the OA finds the to-do by what it was created with: never rebuilt
            moment = approval.date or fields.Datetime.now()
            payload = dict(
                created.payload or {},
                action=todo_action,
                state=approval.state,
                decided_time=self._wall_clock(created.user_id, moment),
                decided_utc=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
            vals_list.append(self._message_vals(
                connection, approval, step_key, created.version + 1, todo_action, payload, created.user_id,
            ))
        return vals_list

    @api.model
    def _message_vals(self, connection, approval, step_key, version, action, payload, user):
        return {
            "connection_id": connection.id,
            "approval_id": approval.id,
            "order_id": approval.order_id.id,
            "user_id": user.id,
            "step_key": step_key,
            "version": version,
            "action": action,
            "idempotency_key": f"{step_key}-v{version}",
            "payload": payload,
        }

    @api.model
    def _wall_clock(self, user, moment):
        """OAs show a time as it is: the receiver's wall-clock time."""
        user = user.sudo()
        return fields.Datetime.context_timestamp(
            user.with_context(tz=user.tz or "Asia/Shanghai"), moment
        ).strftime("%Y-%m-%d %H:%M:%S")

    @api.model
    def _payload(self, connection, approval, receiver, step_key):
        """What the to-do says, in the receiver's language (the OA shows
        the text as it is), but for the workflow name, the connection's
        (Weaver makes a workflow type of each name it receives)."""
        receiver = receiver.sudo()
        env = self.with_context(lang=receiver.lang or self.env.lang).env
        approval = approval.with_env(env)
        order = approval.order_id.sudo()
        place = " ".join(p for p in (order.zone_id.display_name, order.location) if p)
        title = " / ".join(
            p for p in (order.name, order.category_id.display_name, place, order.reporter_name) if p
        )
        roles = dict(approval._fields["role"]._description_selection(env))
        moment = approval.date or fields.Datetime.now()
        reporter_login = order.reporter_id.sudo().oa_login or ""
        return {
            "todo_id": step_key.split("-", 1)[1],
            "flow_id": self._flow_key(approval),
            "workflow": connection.oa_workflow_name,
            "node": roles.get(approval.role, approval.role),
            "reporter_oa_login": reporter_login,
            "sender_oa_login": reporter_login or connection.oa_fallback_login or "",
            "action": "create",
            "title": title,
            "order": order.name,
            "category": order.category_id.display_name or "",
            "place": place,
            "reporter": order.reporter_name or "",
            "role": approval.role,
            "state": approval.state,
            "oa_login": receiver.oa_login or "",
            "approver": receiver.name or "",
            "time": self._wall_clock(receiver, moment),
            "time_utc": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "link": connection._approval_link(approval),
            "link_path": connection._approval_path(approval),
        }

    # ------------------------------------------------------------------
    # Delivery (cron)
    # ------------------------------------------------------------------

    @api.model
    def _acquire_next(self):
        """Lock the oldest due message whose earlier messages for the same
        step are all sent. SKIP LOCKED lets several workers run the cron
        at once: a message locked by one is invisible to the others, and
        its successors wait since it is still pending."""
        self.flush_model(["state", "next_attempt", "version", "step_key"])
        self.env.cr.execute(SQL(
            """
            SELECT m.id FROM hospital_repair_oa_message m
             WHERE m.state = 'pending' AND m.next_attempt <= %s
               AND NOT EXISTS (
                   SELECT 1 FROM hospital_repair_oa_message p
                    WHERE p.connection_id = m.connection_id AND p.step_key = m.step_key
                      AND p.version < m.version AND p.state != 'sent')
             ORDER BY m.id
             LIMIT 1
               FOR UPDATE OF m SKIP LOCKED
            """,
            fields.Datetime.now(),
        ), log_exceptions=False)  # a serialization conflict is expected and handled
        row = self.env.cr.fetchone()
        if not row:
            return self.browse()
        message = self.browse(row[0])
        # the ORM cache may predate the lock
        message.invalidate_recordset()
        return message

    def _deliver(self):
        """Send one locked message and record the outcome."""
        self.ensure_one()
        conn = self.connection_id
        now = fields.Datetime.now()
        try:
            conn._get_adapter().send(self)
        except (OaDeliveryError, ValidationError) as exc:
            attempts = self.attempts + 1
            error = str(exc)[:2000]
            _logger.info("OA message %s (%s) failed, attempt %s: %s", self.id, self.idempotency_key, attempts, error)
            # 410 Gone: the receiver asks never to be called again
            if attempts >= conn.max_attempts or getattr(exc, "permanent", False):
                self.write({"state": "dead", "attempts": attempts, "last_error": error})
                self._notify_dead()
            else:
                delay = (conn.retry_delay or 60) * 2 ** (attempts - 1)
                # Retry-After: not before the receiver asked
                delay = min(max(delay, getattr(exc, "retry_after", None) or 0), MAX_RETRY_DELAY)
                self.write({
                    "attempts": attempts,
                    "last_error": error,
                    "next_attempt": now + timedelta(seconds=delay),
                })
            return False
        self.write({"state": "sent", "attempts": self.attempts + 1, "date_sent": now, "last_error": False})
        return True

    def _notify_dead(self):
        for message in self:
            admin = message.connection_id.admin_user_id
            if admin:
                message.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=admin.id,
                    summary=self.env._("OA to-do not delivered"),
                    note=self.env._(
                        "The OA connection %(name)s refused this message %(count)s times. "
                        "Fix the cause, then use Retry Now. Last error: %(error)s",
                        name=message.connection_id.name,
                        count=message.attempts,
                        error=message.last_error,
                    ),
                )

    @api.model
    def _deliver_pending(self, limit=200, auto_commit=True):
        """Deliver due messages one by one, committing each outcome so an
        interrupted run never sends a message twice."""
        count = conflicts = 0
        while count < limit:
            if auto_commit:
                # a fresh snapshot: Odoo's REPEATABLE READ would otherwise
                # hide what other workers committed meanwhile
                self.env.cr.commit()  # pylint: disable=invalid-commit
            try:
                message = self._acquire_next()
            except psycopg2.errors.SerializationFailure:
                # another worker sent it between our snapshot and our lock
                if not auto_commit or conflicts >= 5:
                    raise
                _logger.info("OA outbox: message taken by another worker meanwhile, looking again")
                self.env.cr.rollback()
                conflicts += 1
                continue
            if not message:
                break
            message._deliver()
            count += 1
            if auto_commit:
                # each outcome is kept, even if a later delivery fails
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return count

    @api.model
    def _cron_deliver(self):
        testing = getattr(threading.current_thread(), "testing", False)
        self._deliver_pending(auto_commit=not testing)

    def action_retry_now(self):
        user = self.env.user
        if not (user.has_group("hospital_repair.group_repair_manager") or user.has_group("base.group_system")):
            raise AccessError(self.env._("Only repair managers can retry OA messages."))
        retryable = self.filtered(lambda m: m.state in ("dead", "pending"))
        if not retryable:
            raise UserError(self.env._("Only pending or dead messages can be retried."))
        retryable.sudo().write({"state": "pending", "attempts": 0, "next_attempt": fields.Datetime.now()})
        retryable.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        self.env.ref("hospital_repair_oa.ir_cron_oa_deliver").sudo()._trigger()
        return True
