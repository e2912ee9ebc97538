import base64
import hashlib
import hmac
import json
import threading
from datetime import timedelta

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairCommon

from .common import OaRecordsMixin

SECRET_KEY = b"0123456789abcdef0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(SECRET_KEY).decode()


class FakeOa:
    """Stands in for the OA's to-do API on a real 127.0.0.1 port: records
    every call it accepted and fails on demand."""

    def __init__(self):
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request("/todo", method="POST").respond_with_handler(self._handle)
        self.mode = "ok"
        self.accepted = []
        self.calls = 0
        self.lock = threading.Lock()

    def _handle(self, request):
        with self.lock:
            self.calls += 1
            if self.mode == "down":
                return Response("maintenance", status=503)
            if self.mode == "busy":
                return Response("slow down", status=429, headers={"Retry-After": "3600"})
            if self.mode == "gone":
                return Response("endpoint removed", status=410)
            if self.mode == "error_body":
                return Response(json.dumps({"success": False, "error": "用户不存在"}), status=200,
                                content_type="application/json")
            body = request.get_data()
            msg_id = request.headers["webhook-id"]
            timestamp = request.headers["webhook-timestamp"]
            expected = base64.b64encode(
                hmac.new(SECRET_KEY, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
            ).decode()
            if request.headers["webhook-signature"] != f"v1,{expected}":
                return Response("bad signature", status=401)
            self.accepted.append((msg_id, json.loads(body)))
            return Response(json.dumps({"success": True}), status=200, content_type="application/json")

    @property
    def url(self):
        return self.server.url_for("/todo")

    def ids(self):
        return [msg_id for msg_id, _body in self.accepted]


@tagged("post_install", "-at_install")
class TestOutbox(OaRecordsMixin, HospitalRepairCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oa = FakeOa()
        cls.oa.server.start()
        cls.addClassCleanup(cls.oa.server.stop)
        cls._create_oa_fixtures()
        cls.connection = cls.env["hospital.repair.oa.connection"].create({
            "name": "Webhook OA",
            "push_enabled": True,
            "adapter": "webhook",
            "push_url": cls.oa.url,
            "allowed_hosts": "127.0.0.1",
            "webhook_secret": SECRET,
            "max_attempts": 3,
        })
        cls.Message = cls.env["hospital.repair.oa.message"]

    def setUp(self):
        super().setUp()
        self.oa.mode = "ok"
        self.oa.accepted.clear()
        self.oa.calls = 0

    def _deliver(self):
        return self.Message._deliver_pending(auto_commit=False)

    def _make_due(self):
        # time passing: every retry becomes due
        self.Message.search([("state", "=", "pending")]).write(
            {"next_attempt": fields.Datetime.now() - timedelta(seconds=1)}
        )

    def test_current_step_creates_todo_once(self):
        step = self._step(state="pending")
        step._on_step_current()
        step._on_step_current()  # told twice: still one to-do
        messages = self.Message.search([("approval_id", "=", step.id)])
        self.assertEqual(len(messages), 1)
        self.assertEqual(self._deliver(), 1)
        self.assertEqual(self._deliver(), 0)
        self.assertEqual(len(self.oa.accepted), 1)
        msg_id, body = self.oa.accepted[0]
        self.assertEqual(msg_id, messages.idempotency_key)
        self.assertEqual(body["type"], "todo.created")
        data = body["data"]
        self.assertEqual(data["oa_login"], "wangzr")
        for part in (self.order.name, "给排水", "东院区 / 门诊楼 / 3F", "301 诊室", "李护士"):
            self.assertIn(part, data["title"])
        self.assertTrue(data["link"].endswith(f"/odoo/hospital.repair.order/{self.order.id}"))
        self.assertTrue(data["time"])
        self.assertEqual(messages.state, "sent")
        self.assertEqual(messages.attempts, 1)

    def test_decided_step_clears_todo_once(self):
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        self._decide(step, "approved")
        step._on_step_decided()  # a second notification changes nothing
        self._deliver()
        self.assertEqual([b["type"] for _i, b in self.oa.accepted], ["todo.created", "todo.done"])
        cancelled = self._step(sequence=20, role="logistics_leader", state="pending")
        cancelled._on_step_current()
        self._decide(cancelled, "cancelled")
        self._deliver()
        self.assertEqual(
            [b["type"] for _i, b in self.oa.accepted[2:]], ["todo.created", "todo.deleted"]
        )
        self.assertEqual(len(set(self.oa.ids())), 4)

    def test_link_goes_through_the_chosen_sign_in(self):
        self.connection.write({
            "link_entry": "cas",
            "cas_enabled": True,
            "cas_server_url": "http://127.0.0.1/cas",
        })
        step = self._step(state="pending")
        step._on_step_current()
        link = self.Message.search([("approval_id", "=", step.id)]).payload["link"]
        self.assertIn(f"/hospital_repair_oa/cas?connection={self.connection.id}&redirect=", link)
        self.assertIn(f"%2Fodoo%2Fhospital.repair.order%2F{self.order.id}", link)

    def test_payload_in_the_approvers_language_and_time(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hospital_repair"], ["zh_CN"])
        self.leader_a.lang = "zh_CN"
        self.connection.oa_workflow_name = "后勤报修审批"
        step = self._step(state="pending")
        step._on_step_current()
        created = self.Message.search([("approval_id", "=", step.id)])
        # the node in the approver's language, the workflow the connection's
        self.assertEqual(created.payload["node"], "直接领导")
        self.assertEqual(created.payload["workflow"], "后勤报修审批")
        self.leader_a.lang = "en_US"
        self.connection.oa_workflow_name = "Changed"
        # the wall-clock time of the approver (Shanghai: UTC+8)
        self.leader_a.tz = "Asia/Shanghai"
        self._decide(step, "approved")
        done = self.Message.search([("approval_id", "=", step.id), ("action", "=", "done")])
        shanghai = step.date + timedelta(hours=8)
        self.assertEqual(done.payload["decided_time"], shanghai.strftime("%Y-%m-%d %H:%M:%S"))
        self.assertEqual(done.payload["decided_utc"], step.date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        # what the to-do was created with, never rebuilt
        for key in ("title", "workflow", "node", "oa_login", "time", "link"):
            self.assertEqual(done.payload[key], created.payload[key], key)

    def test_body_timestamp_is_the_events(self):
        step = self._step(state="pending")
        step._on_step_current()
        message = self.Message.search([("approval_id", "=", step.id)])
        # the step became current an hour before the OA could be reached
        self.env.cr.execute(
            "UPDATE hospital_repair_oa_message SET create_date = create_date - interval '1 hour' WHERE id = %s",
            [message.id],
        )
        message.invalidate_recordset(["create_date"])
        self._deliver()
        _msg_id, body = self.oa.accepted[0]
        self.assertEqual(body["timestamp"], message.create_date.strftime("%Y-%m-%dT%H:%M:%SZ"))

    def test_gone_ends_the_message_at_once(self):
        self.oa.mode = "gone"
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.assertEqual((message.state, message.attempts), ("dead", 1), "410: never called again")
        self.assertTrue(message.activity_ids, "the administrator is told")

    def test_retry_after_is_honoured(self):
        self.oa.mode = "busy"
        step = self._step(state="pending")
        step._on_step_current()
        before = fields.Datetime.now()
        self._deliver()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.assertEqual((message.state, message.attempts), ("pending", 1))
        # the receiver asked for an hour; the first retry delay is a minute
        self.assertGreaterEqual(message.next_attempt, before + timedelta(seconds=3600))

    def test_step_never_announced_is_not_cleared(self):
        step = self._step(state="waiting")
        self._decide(step, "cancelled")
        self.assertFalse(self.Message.search([("approval_id", "=", step.id)]))

    def test_oa_down_then_back_delivers_everything_once_in_order(self):
        first = self._step(state="pending")
        first._on_step_current()
        self.oa.mode = "down"
        self.assertEqual(self._deliver(), 1)
        self._decide(first, "approved")
        second = self._step(sequence=20, role="logistics_leader", state="pending")
        second._on_step_current()
        self._deliver()
        create_first = self.Message.search([("approval_id", "=", first.id), ("action", "=", "create")])
        self.assertEqual(create_first.attempts, 1)
        self.assertIn("503", create_first.last_error)
        self.assertGreater(create_first.next_attempt, fields.Datetime.now())
        # backoff: nothing is due right away
        calls = self.oa.calls
        self.assertEqual(self._deliver(), 0)
        self.assertEqual(self.oa.calls, calls)
        self._make_due()
        self._deliver()  # still down: second failure, longer delay
        self.assertEqual(create_first.attempts, 2)
        delay = create_first.next_attempt - fields.Datetime.now()
        self.assertGreater(delay, timedelta(seconds=90))
        self.oa.mode = "ok"
        self._make_due()
        self._deliver()
        self._deliver()
        messages = self.Message.search([("connection_id", "=", self.connection.id)], order="id")
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(sorted(self.oa.ids()), sorted(messages.mapped("idempotency_key")))
        self.assertEqual(len(self.oa.ids()), len(set(self.oa.ids())))
        first_events = [b["type"] for _i, b in self.oa.accepted if b["data"]["todo_id"] == f"approval-{first.id}"]
        self.assertEqual(first_events, ["todo.created", "todo.done"])

    def test_error_body_is_retried_then_dead_lettered(self):
        step = self._step(state="pending")
        step._on_step_current()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.oa.mode = "error_body"
        for _attempt in range(3):
            self._make_due()
            self._deliver()
        self.assertEqual(message.state, "dead")
        self.assertEqual(message.attempts, 3)
        self.assertIn("用户不存在", message.last_error)
        activity = message.activity_ids
        self.assertEqual(activity.user_id, self.connection.admin_user_id)
        self.assertFalse(self.oa.accepted)
        # fixed on the OA side, the administrator retries
        self.oa.mode = "ok"
        message.action_retry_now()
        self.assertEqual(message.state, "pending")
        self.assertFalse(message.activity_ids)
        self._deliver()
        self.assertEqual(message.state, "sent")
        self.assertEqual(self.oa.ids(), [message.idempotency_key])

    def test_host_not_allowed_is_never_called(self):
        with self.assertRaises(ValidationError):
            self.connection.allowed_hosts = "oa.hospital.test"
        # a list narrowed behind the form's back is still enforced at send time
        self.env.cr.execute(
            "UPDATE hospital_repair_oa_connection SET allowed_hosts = 'oa.hospital.test' WHERE id = %s",
            [self.connection.id],
        )
        self.connection.invalidate_recordset(["allowed_hosts"])
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.assertEqual(self.oa.calls, 0)
        self.assertIn("127.0.0.1", message.last_error)

    def test_rollback_of_approval_transaction_sends_nothing(self):
        triggers = self.env["ir.cron.trigger"].search_count([])
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            step = self._step(state="pending")
            step._on_step_current()
            self.assertTrue(self.Message.search([("approval_id", "=", step.id)]))
            raise ZeroDivisionError("the approval's transaction fails after the hook")
        self.env.invalidate_all()
        self.assertFalse(self.Message.search([("connection_id", "=", self.connection.id)]))
        self.assertEqual(self.env["ir.cron.trigger"].search_count([]), triggers)
        self.assertEqual(self._deliver(), 0)
        self.assertEqual(self.oa.calls, 0)

    def test_cron_is_triggered_with_the_approval(self):
        cron = self.env.ref("hospital_repair_oa.ir_cron_oa_deliver")
        before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self._step(state="pending")._on_step_current()
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), before + 1)
        self.Message._cron_deliver()
        self.assertEqual(len(self.oa.accepted), 1)

    def test_test_button(self):
        result = self.connection.action_test_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.oa.accepted[0][1]["type"], "ping")


@tagged("post_install", "-at_install")
class TestOutboxConcurrency(OaRecordsMixin, TransactionCase):
    """Cron runs at once, each on its own database connection: the data
    must really be committed, so these tests clean up after themselves."""

    def _committed_outbox(self, oa, steps_count):
        """Commit a connection and ``steps_count`` current steps (the first
        one also decided); returns the database and the queued keys."""
        db = sql_db.db_connect(self.env.cr.dbname)
        with db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            conn = env["hospital.repair.oa.connection"].create({
                "name": "Concurrent OA",
                "push_enabled": True,
                "push_url": oa.url,
                "allowed_hosts": "127.0.0.1",
                "webhook_secret": SECRET,
            })
            zone = env["hospital.repair.zone"].create({"name": "Concurrency zone"})
            category = env["hospital.repair.category"].create({"name": "Concurrency category"})
            order = env["hospital.repair.order"].create({
                "zone_id": zone.id, "category_id": category.id, "description": "x",
            })
            steps = env["hospital.repair.approval"].create([
                {"order_id": order.id, "sequence": i, "role": "department_leader",
                 "approver_id": SUPERUSER_ID, "state": "pending"}
                for i in range(steps_count)
            ])
            steps._on_step_current()
            steps[0].write({"state": "approved"})
            steps[0]._on_step_decided()
            created = {"conn": conn.id, "order": order.id, "zone": zone.id, "category": category.id}
            keys = env["hospital.repair.oa.message"].search(
                [("connection_id", "=", conn.id)], order="id"
            ).mapped("idempotency_key")
            self.first_step_id = steps[0].id
            # on purpose: the concurrent deliveries must see the outbox
            cr.commit()  # pylint: disable=invalid-commit

        def cleanup():
            with db.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["hospital.repair.oa.connection"].browse(created["conn"]).unlink()
                env["hospital.repair.order"].browse(created["order"]).unlink()
                env["hospital.repair.zone"].browse(created["zone"]).unlink()
                env["hospital.repair.category"].browse(created["category"]).unlink()
                # on purpose: removes what _committed_outbox committed
                cr.commit()  # pylint: disable=invalid-commit

        self.addCleanup(cleanup)
        self.assertEqual(len(keys), steps_count + 1)
        return db, keys

    def _first_step_events(self, oa):
        return [
            b["type"] for _i, b in oa.accepted if b["data"]["todo_id"] == f"approval-{self.first_step_id}"
        ]

    def test_two_cursors_never_send_twice(self):
        oa = FakeOa()
        oa.server.start()
        self.addCleanup(oa.server.stop)
        db, keys = self._committed_outbox(oa, 4)
        with db.cursor() as cr1, db.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            held = env1["hospital.repair.oa.message"]._acquire_next()
            self.assertEqual(held.idempotency_key, keys[0])
            # the second run skips the locked message and the one queued
            # after it for the same step, and delivers the others
            sent = env2["hospital.repair.oa.message"]._deliver_pending(auto_commit=True)
            self.assertEqual(sent, 3)
            self.assertNotIn(keys[0], oa.ids())
            held._deliver()
            cr1.commit()
            # the successor of the message sent by the first run is now due
            self.assertEqual(env2["hospital.repair.oa.message"]._deliver_pending(auto_commit=True), 1)
            self.assertEqual(env1["hospital.repair.oa.message"]._deliver_pending(auto_commit=True), 0)
        self.assertEqual(sorted(oa.ids()), sorted(keys))
        self.assertEqual(len(oa.ids()), len(set(oa.ids())))
        self.assertEqual(self._first_step_events(oa), ["todo.created", "todo.done"])

    def test_parallel_runs_in_threads(self):
        oa = FakeOa()
        oa.server.start()
        self.addCleanup(oa.server.stop)
        db, keys = self._committed_outbox(oa, 12)
        barrier = threading.Barrier(3)
        counts, errors = [], []

        def run():
            try:
                with db.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=10)
                    counts.append(env["hospital.repair.oa.message"]._deliver_pending(auto_commit=True))
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=run) for _i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse(errors)
        # a successor skipped by every run while its predecessor was being
        # sent waits for the next run, as the cron would do
        with db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            counts.append(env["hospital.repair.oa.message"]._deliver_pending(auto_commit=True))
        self.assertEqual(sum(counts), len(keys))
        self.assertEqual(sorted(oa.ids()), sorted(keys))
        self.assertEqual(len(oa.ids()), len(set(oa.ids())))
        self.assertEqual(self._first_step_events(oa), ["todo.created", "todo.done"])

    def test_rolled_back_transaction_sends_nothing(self):
        oa = FakeOa()
        oa.server.start()
        self.addCleanup(oa.server.stop)
        db, keys = self._committed_outbox(oa, 1)
        with db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["hospital.repair.oa.message"]._deliver_pending(auto_commit=True)
        sent = len(oa.ids())
        self.assertEqual(sent, len(keys))
        with db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref("hospital_repair_oa.ir_cron_oa_deliver")
            triggers = env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
            step = env["hospital.repair.approval"].create({
                "order_id": env["hospital.repair.approval"].browse(self.first_step_id).order_id.id,
                "sequence": 99, "role": "logistics_leader", "approver_id": SUPERUSER_ID, "state": "pending",
            })
            step._on_step_current()
            step_id = step.id
            cr.rollback()  # the approval's transaction fails
        with db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertFalse(env["hospital.repair.oa.message"].search([("approval_id", "=", step_id)]))
            self.assertEqual(env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers)
            self.assertEqual(env["hospital.repair.oa.message"]._deliver_pending(auto_commit=True), 0)
        self.assertEqual(len(oa.ids()), sent)
