"""The Weaver e-cology adapter against a strict fake of the unified to-do
centre (see fake_weaver.py), through the real approval flow."""

import socket

import requests

from odoo.tests import tagged

from .adapter_common import FALLBACK, OA_LOGINS, AdapterCase
from .fake_weaver import DELETE, PROCESSED, RECEIVE, FakeWeaver

SYSCODE = "hospital_repair"


@tagged("post_install", "-at_install")
class TestWeaverAdapter(AdapterCase):
    @classmethod
    def _start_oa(cls):
        site = cls.env["ir.config_parameter"].sudo().get_param("web.base.url").rstrip("/")
        return FakeWeaver(SYSCODE, [*OA_LOGINS.values(), FALLBACK], pc_prefix=site).start()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connection = cls.env["hospital.repair.oa.connection"].create({
            "name": "泛微 e-cology",
            "push_enabled": True,
            "adapter": "weaver",
            "push_url": cls.oa.url,
            "allowed_hosts": "127.0.0.1",
            "weaver_syscode": SYSCODE,
            "oa_workflow_name": "后勤报修审批",
            "oa_fallback_login": FALLBACK,
        })

    def _flowid(self, step):
        return self.Message._flow_key(step)

    def test_create_then_approved(self):
        order, (first, second) = self._submit_and_deliver()
        todo = self.oa.todo(self._flowid(first), "zhouhsz")
        self.assertEqual((todo["isremark"], todo["viewtype"], todo["creator"]), ("0", "0", "zhaohs"))
        self.assertEqual(todo["workflowname"], "后勤报修审批")
        self.assertIn(order.name, todo["requestname"])
        # the OA puts its PC link prefix (the site) before the path
        self.assertEqual(todo["link"], self.connection._approval_link(first))
        self._decide(first, self.head_nurse_a)
        self.assertEqual(self.oa.todo(self._flowid(first), "zhouhsz")["isremark"], "2")
        self.assertEqual(self.oa.open_todos(), [("luch", todo["requestname"])])
        self._decide(second, self.logistics_head)
        self.assertEqual(self.oa.todo(self._flowid(second), "luch")["isremark"], "2")
        self.assertEqual(self.oa.open_todos(), [])
        self._assert_all_sent(order)

    def test_create_then_refused(self):
        order, (first, second) = self._submit_and_deliver()
        self._decide(first, self.head_nurse_a, refuse=True)
        self.assertEqual(self.oa.todo(self._flowid(first), "zhouhsz")["isremark"], "2")
        self.assertIsNone(self.oa.todo(self._flowid(second), "luch"), "the cancelled step never reached the OA")
        self.assertEqual(self.oa.open_todos(), [])
        self._assert_all_sent(order)

    def test_create_then_cancelled(self):
        order, (first, _second) = self._submit_and_deliver()
        order.with_user(self.requester_a2).action_cancel()
        self._deliver()
        self.assertIsNone(self.oa.todo(self._flowid(first), "zhouhsz"), "deleted for its receiver")
        self.assertEqual(len(self.oa.bodies(DELETE)), 1)
        self._assert_all_sent(order)

    def test_edit_between_create_and_done(self):
        order, (first, second) = self._submit_and_deliver()
        created = self.oa.todo(self._flowid(first), "zhouhsz")["requestname"]
        self._edit_while_waiting(order)
        self._decide(first, self.head_nurse_a)
        # the OA matched the to-do on what it was created with
        (done,) = self.oa.bodies(PROCESSED)
        self.assertEqual(done["requestname"], created)
        self.assertEqual(self.oa.todo(self._flowid(first), "zhouhsz")["isremark"], "2")
        # the next step's to-do tells the order as it is now
        self.assertIn("302 诊室（已改）", self.oa.todo(self._flowid(second), "luch")["requestname"])
        self._decide(second, self.logistics_head)
        self.assertEqual(self.oa.open_todos(), [])
        self._assert_all_sent(order)

    def test_step_without_named_approver_goes_to_each_manager(self):
        order, second, logins = self._reach_step_without_approver()
        self.assertEqual({r for r, _t in self.oa.open_todos()}, logins)
        self._decide(second, self.manager)
        # one flow, one to-do per manager: the decider's done, the others' removed
        self.assertEqual(self.oa.todo(self._flowid(second), "makz")["isremark"], "2")
        self.assertIsNone(self.oa.todo(self._flowid(second), "luch"))
        self.assertEqual(self.oa.open_todos(), [])
        self._assert_all_sent(order)

    def test_step_without_named_approver_not_pushed(self):
        self.env.company.repair_logistics_leader_id = False
        self.connection.group_step_push = "none"
        order, (first, second) = self._submit_and_deliver()
        self._decide(first, self.head_nurse_a)
        self.assertFalse(self.Message.search([("approval_id", "=", second.id)]))
        self.assertEqual(self.oa.open_todos(), [])
        self._assert_all_sent(order)

    def test_reporter_without_oa_login(self):
        self.requester_a2.oa_login = False
        order, (first, _second) = self._submit_and_deliver()
        self.assertEqual(self.oa.todo(self._flowid(first), "zhouhsz")["creator"], FALLBACK)
        self._assert_all_sent(order)

    def test_logins_set_after_a_failure_serve_the_retry(self):
        self.requester_a2.oa_login = False
        self.head_nurse_a.oa_login = False
        self.connection.oa_fallback_login = False
        order, (first, _second) = self._submit_and_deliver()
        message = self._messages(order)
        # the message says why, and the OA is not called (never a display name)
        self.assertEqual(message.state, "pending")
        self.assertIn("fallback OA login", message.last_error)
        self.connection.oa_fallback_login = FALLBACK
        self._retry(message)
        self.assertIn("approver has no OA login", message.last_error)
        self.assertFalse(self.oa.calls)
        self.head_nurse_a.oa_login = "zhouhsz"
        self._retry(message)
        self.assertEqual(self.oa.todo(self._flowid(first), "zhouhsz")["creator"], FALLBACK)
        self._decide(first, self.head_nurse_a)
        self.assertEqual(self.oa.todo(self._flowid(first), "zhouhsz")["isremark"], "2")
        self._assert_all_sent(order)

    def _retry(self, message):
        message.action_retry_now()
        self._deliver()

    def test_one_workflow_type_whatever_the_approvers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.head_nurse_a.lang = "en_US"
        self.logistics_head.lang = "zh_CN"
        order, (first, second) = self._submit_and_deliver()
        self._decide(first, self.head_nurse_a)
        self._decide(second, self.logistics_head)
        self.assertEqual(self.oa.workflow_types, {"后勤报修审批"})
        self._assert_all_sent(order)

    def test_test_connection(self):
        self.connection.action_test_connection()
        self.assertEqual([p for p, _h, _b in self.oa.calls], [RECEIVE, DELETE])
        (created,) = self.oa.bodies(RECEIVE)
        self.assertEqual((created["isremark"], created["viewtype"]), ("2", "1"), "no reminder for a test")
        self.assertFalse(self.oa.todos, "nothing left behind")

    def test_test_connection_says_what_is_wrong(self):
        self.connection.weaver_syscode = "unknown"
        self.assertIn("系统编码", self._test_connection_error())
        self.connection.weaver_syscode = SYSCODE
        self.oa.systems[SYSCODE]["securityip"] = "10.1.1.1"
        self.addCleanup(self.oa.systems[SYSCODE].update, securityip="")
        self.assertIn("IP", self._test_connection_error())
        self.oa.systems[SYSCODE]["securityip"] = ""
        self.connection.oa_fallback_login = "nobody"
        self.assertIn("OA 登录名", self._test_connection_error())
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed = sock.getsockname()[1]  # nothing listens there once closed
        self.connection.push_url = f"http://127.0.0.1:{closed}"
        self.assertIn("网络", self._test_connection_error())

    def test_fake_is_strict(self):
        """A display name as creator, or a key the interface lacks, is
        refused as the OA refuses it."""
        body = {
            "syscode": SYSCODE, "flowid": "f1", "requestname": "r", "workflowname": "后勤报修审批",
            "nodename": "n", "pcurl": "/odoo", "isremark": "0", "viewtype": "0", "creator": "赵护士",
            "createdatetime": "2026-11-29 09:30:00", "receiver": "luch",
            "receivedatetime": "2026-11-29 09:30:00", "receivets": "1",
        }
        answer = requests.post(self.oa.url + RECEIVE, json=body, timeout=10).json()
        self.assertEqual((answer["operResult"], answer["message"]), ("0", "流程数据【r】检测创建人不存在"))
        answer = requests.post(self.oa.url + RECEIVE, json=dict(body, creator="zhaohs", extra="x"), timeout=10)
        self.assertEqual(answer.json()["operResult"], "0")
