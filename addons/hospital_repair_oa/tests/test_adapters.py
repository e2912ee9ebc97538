import json
from datetime import timedelta

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairCommon
from odoo.addons.hospital_repair_oa.adapters import seeyon

from .common import OaRecordsMixin


class RecordingOa:
    """A real HTTP server on 127.0.0.1 answering like the OA does; records
    the calls and can answer errors on demand."""

    def __init__(self, answers):
        self.server = HTTPServer(host="127.0.0.1", port=0)
        self.calls = []
        self.answers = answers  # path -> callable(request) -> (status, body)
        for path in answers:
            self.server.expect_request(path).respond_with_handler(self._handler(path))

    def _handler(self, path):
        def handle(request):
            body = json.loads(request.get_data() or b"null")
            self.calls.append((path, dict(request.headers), body))
            status, answer = self.answers[path](request)
            return Response(json.dumps(answer, ensure_ascii=False), status=status,
                            content_type="application/json")
        return handle

    def bodies(self, path):
        return [body for p, _headers, body in self.calls if p == path]


class AdapterCase(OaRecordsMixin, HospitalRepairCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oa = RecordingOa(cls._answers())
        cls.oa.server.start()
        cls.addClassCleanup(cls.oa.server.stop)
        cls._create_oa_fixtures()
        cls.requester_a.oa_login = "lihs"
        cls.Message = cls.env["hospital.repair.oa.message"]

    def setUp(self):
        super().setUp()
        self.oa.calls.clear()
        self.failing = False

    def _deliver(self):
        return self.Message._deliver_pending(auto_commit=False)

    def _cycle(self, final_state):
        """A step becomes current then is decided; returns its messages."""
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        self._decide(step, final_state)
        self._deliver()
        return self.Message.search([("approval_id", "=", step.id)], order="version")


@tagged("post_install", "-at_install")
class TestWeaverAdapter(AdapterCase):
    @classmethod
    def _answers(cls):
        def ok(request):
            return 200, {"operResult": "1", "message": "成功"}
        return {
            "/rest/ofs/ReceiveRequestInfoByJson": cls._maybe_fail(ok),
            "/rest/ofs/ProcessDoneRequestByJson": ok,
            "/rest/ofs/deleteUserRequestInfoByJson": ok,
        }

    @classmethod
    def _maybe_fail(cls, ok):
        def answer(request):
            if cls.fail_next:
                cls.fail_next = False
                return 200, {"operResult": "0", "message": "接收人不存在"}
            return ok(request)
        return answer

    fail_next = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connection = cls.env["hospital.repair.oa.connection"].create({
            "name": "泛微 e-cology",
            "push_enabled": True,
            "adapter": "weaver",
            "push_url": cls.oa.server.url_for("/"),
            "allowed_hosts": "127.0.0.1",
            "weaver_syscode": "hospital_repair",
        })

    def test_create_then_processed(self):
        messages = self._cycle("approved")
        self.assertEqual(messages.mapped("state"), ["sent", "sent"])
        (created,) = self.oa.bodies("/rest/ofs/ReceiveRequestInfoByJson")
        self.assertEqual(created["syscode"], "hospital_repair")
        self.assertEqual(created["receiver"], "wangzr")
        self.assertEqual(created["isremark"], "0")
        self.assertEqual(created["creator"], "lihs")
        self.assertIn(self.order.name, created["requestname"])
        self.assertTrue(created["pcurl"].endswith(f"/odoo/hospital.repair.order/{self.order.id}"))
        (done,) = self.oa.bodies("/rest/ofs/ProcessDoneRequestByJson")
        self.assertEqual(done["flowid"], created["flowid"])
        self.assertGreater(int(done["receivets"]), int(created["receivets"]))

    def test_cancelled_is_deleted_for_the_user(self):
        self._cycle("cancelled")
        (deleted,) = self.oa.bodies("/rest/ofs/deleteUserRequestInfoByJson")
        self.assertEqual(deleted["userid"], "wangzr")

    def test_error_in_200_answer_is_retried(self):
        type(self).fail_next = True
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.assertEqual((message.state, message.attempts), ("pending", 1))
        self.assertIn("接收人不存在", message.last_error)
        message.next_attempt = fields.Datetime.now() - timedelta(seconds=1)
        self._deliver()
        self.assertEqual(message.state, "sent", message.last_error)
        self.assertEqual(len(self.oa.bodies("/rest/ofs/ReceiveRequestInfoByJson")), 2)

    def test_approver_without_oa_login_fails_clearly(self):
        self.leader_a.oa_login = False
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.assertIn("OA login", message.last_error)
        self.assertFalse(self.oa.calls)

    def test_test_button(self):
        self.connection.action_test_connection()
        self.assertEqual(len(self.oa.bodies("/rest/ofs/deleteUserRequestInfoByJson")), 1)


@tagged("post_install", "-at_install")
class TestSeeyonAdapter(AdapterCase):
    tokens_issued = 0
    refuse_receive = False

    @classmethod
    def _answers(cls):
        def token(request):
            cls.tokens_issued += 1
            return 200, {"id": f"token-{cls.tokens_issued}", "bindingUser": {"loginName": "rest-user"}}

        def receive(request):
            if request.headers.get("token") != f"token-{cls.tokens_issued}":
                return 401, {"success": False, "errorMsgs": ["token invalid"]}
            if cls.refuse_receive:
                return 200, {"success": False, "errorMsgs": ["registerCode 不存在"]}
            return 200, {"success": True, "errorMsgs": []}

        return {
            "/seeyon/rest/token/rest-user/p@ss": token,
            "/seeyon/rest/thirdpartyPending/receive": receive,
            "/seeyon/rest/thirdpartyPending/updatePendingState": receive,
        }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connection = cls.env["hospital.repair.oa.connection"].create({
            "name": "致远 A8",
            "push_enabled": True,
            "adapter": "seeyon",
            "push_url": cls.oa.server.url_for("/"),
            "allowed_hosts": "127.0.0.1",
            "seeyon_register_code": "3001",
            "seeyon_rest_user": "rest-user",
            "seeyon_rest_password": "p@ss",
        })

    def setUp(self):
        super().setUp()
        seeyon._TOKENS.clear()
        type(self).refuse_receive = False

    def test_create_then_done_with_one_token(self):
        messages = self._cycle("approved")
        self.assertEqual(messages.mapped("state"), ["sent", "sent"])
        (created,) = self.oa.bodies("/seeyon/rest/thirdpartyPending/receive")
        self.assertEqual(created["registerCode"], "3001")
        self.assertEqual(created["noneBindingReceiver"], "wangzr")
        self.assertEqual(created["state"], "0")
        self.assertIn("给排水", created["title"])
        (done,) = self.oa.bodies("/seeyon/rest/thirdpartyPending/updatePendingState")
        self.assertEqual((done["taskId"], done["state"]), (created["taskId"], "1"))
        token_calls = [c for c in self.oa.calls if c[0].startswith("/seeyon/rest/token/")]
        self.assertEqual(len(token_calls), 1)

    def test_expired_token_is_renewed(self):
        seeyon._TOKENS[(self.env.cr.dbname, self.connection.id)] = ("stale", 4102444800)
        self._cycle("cancelled")
        receive = self.oa.calls[0]
        self.assertEqual(receive[1].get("Token"), "stale")
        self.assertEqual(
            [m.state for m in self.Message.search([("connection_id", "=", self.connection.id)])],
            ["sent", "sent"],
        )

    def test_error_in_200_answer_is_retried(self):
        type(self).refuse_receive = True
        step = self._step(state="pending")
        step._on_step_current()
        self._deliver()
        message = self.Message.search([("approval_id", "=", step.id)])
        self.assertEqual(message.state, "pending")
        self.assertIn("registerCode 不存在", message.last_error)

    def test_test_button_reports_failure(self):
        self.connection.seeyon_rest_user = "nobody"
        with self.assertRaises(UserError):
            self.connection.action_test_connection()
