"""The Seeyon adapter against a strict fake of the REST token service and
the CIP's third-party pending items (see fake_seeyon.py), through the real
approval flow."""

import requests

from odoo.tests import tagged

from .adapter_common import FALLBACK, OA_LOGINS, AdapterCase
from .fake_seeyon import RECEIVE, TOKEN, UPDATE, FakeSeeyon

REGISTER_CODE = "3001"


@tagged("post_install", "-at_install")
class TestSeeyonAdapter(AdapterCase):
    @classmethod
    def _start_oa(cls):
        return FakeSeeyon(
            {"rest-user": "p@ss/word"}, [REGISTER_CODE], [*OA_LOGINS.values(), FALLBACK]
        ).start()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connection = cls.env["hospital.repair.oa.connection"].create({
            "name": "致远 A8",
            "push_enabled": True,
            "adapter": "seeyon",
            "push_url": cls.oa.url,
            "allowed_hosts": "127.0.0.1",
            "seeyon_register_code": REGISTER_CODE,
            "seeyon_rest_user": "rest-user",
            "seeyon_rest_password": "p@ss/word",
            "oa_fallback_login": FALLBACK,
        })

    def _item(self, step, user=None):
        key = self.Message._step_key(step, user or step.approver_id)
        return self.oa.items.get(key)

    def test_create_then_approved(self):
        order, (first, second) = self._submit_and_deliver()
        item = self._item(first)
        self.assertEqual((item["state"], item["noneBindingReceiver"]), ("0", "zhouhsz"))
        self.assertEqual(item["noneBindingSender"], "zhaohs")
        self.assertEqual(item["h5url"], self.connection._approval_link(first), "the mobile link arrives")
        self.assertEqual(item["url"], item["h5url"])
        self._decide(first, self.head_nurse_a)
        self.assertEqual((self._item(first)["state"], self._item(first)["subState"]), ("1", "0"), "同意已办")
        self._decide(second, self.logistics_head)
        self.assertEqual((self._item(second)["state"], self._item(second)["subState"]), ("1", "0"))
        self.assertEqual(self.oa.open_items(), [])
        self.assertEqual(len(self.oa.bodies(TOKEN)), 1, "one token for all the calls")
        self.assertIn("p@ss/word", self.oa.bodies(TOKEN)[0].values(), "the password travels in the body")
        self._assert_all_sent(order)

    def test_create_then_refused(self):
        order, (first, second) = self._submit_and_deliver()
        self._decide(first, self.head_nurse_a, refuse=True)
        self.assertEqual((self._item(first)["state"], self._item(first)["subState"]), ("1", "1"), "不同意已办")
        self.assertIsNone(self._item(second))
        self._assert_all_sent(order)

    def test_create_then_cancelled(self):
        order, (first, _second) = self._submit_and_deliver()
        order.with_user(self.requester_a2).action_cancel()
        self._deliver()
        self.assertEqual(self._item(first)["state"], "2", "withdrawn")
        self.assertEqual(self.oa.open_items(), [])
        self._assert_all_sent(order)

    def test_edit_between_create_and_done(self):
        order, (first, second) = self._submit_and_deliver()
        self._edit_while_waiting(order)
        self._decide(first, self.head_nurse_a)
        self.assertEqual(self._item(first)["state"], "1")
        self.assertIn("302 诊室（已改）", self._item(second)["title"])
        self._decide(second, self.logistics_head)
        self.assertEqual(self.oa.open_items(), [])
        self._assert_all_sent(order)

    def test_step_without_named_approver_goes_to_each_manager(self):
        order, second, logins = self._reach_step_without_approver()
        self.assertEqual({r for r, _t in self.oa.open_items()}, logins)
        self._decide(second, self.logistics_head)
        self.assertEqual(self._item(second, self.logistics_head)["subState"], "0", "the decider agreed")
        self.assertEqual(self._item(second, self.manager)["state"], "2", "withdrawn from the other manager")
        self.assertEqual(self.oa.open_items(), [])
        self._assert_all_sent(order)

    def test_expired_token_is_renewed(self):
        order, (first, _second) = self._submit_and_deliver()
        self.oa.expire_tokens()
        self._decide(first, self.head_nurse_a)
        self.assertEqual(len(self.oa.bodies(TOKEN)), 2)
        self.assertEqual(self.connection.seeyon_token, self.oa.calls[-1][1]["Token"], "kept on the record")
        self._assert_all_sent(order)

    def test_test_connection(self):
        self.connection.action_test_connection()
        self.assertEqual([p for p, _h, _b in self.oa.calls], [TOKEN, RECEIVE, UPDATE])
        (created,) = self.oa.bodies(RECEIVE)
        self.assertEqual(created["state"], "1", "created done: no reminder for a test")
        self.assertEqual(self.oa.open_items(), [])

    def test_test_connection_says_what_is_wrong(self):
        self.connection.seeyon_rest_password = "wrong"
        self.assertIn("密码", self._test_connection_error(), '{"id": "-1"} is a refusal')
        self.assertFalse(self.oa.bodies(RECEIVE))
        self.connection.seeyon_rest_password = "p@ss/word"
        self.connection.seeyon_register_code = "9999"
        self.assertIn("注册编码", self._test_connection_error())
        self.connection.seeyon_register_code = REGISTER_CODE
        self.connection.oa_fallback_login = "nobody"
        self.assertIn("OA 登录名", self._test_connection_error())
        self.connection.push_url = self.oa.url + "/wrong"
        self.assertIn("地址", self._test_connection_error())

    def test_fake_is_strict(self):
        """What the adapter used to send is refused: the fake checks the
        documented fields, not what the adapter happens to send."""
        token = requests.post(self.oa.url + TOKEN, json={"userName": "rest-user", "password": "p@ss/word"},
                              timeout=10).json()["id"]
        body = {
            "registerCode": REGISTER_CODE, "taskId": "t1", "title": "t", "senderName": "s",
            "thirdReceiverId": "luch", "creationDate": "2026-11-29 09:30", "state": "0",
            "noneBindingReceiver": "luch",
        }
        ok = requests.post(self.oa.url + RECEIVE, json=body, headers={"token": token}, timeout=10).json()
        self.assertIs(ok["success"], True)
        wrong = requests.post(self.oa.url + RECEIVE, json=dict(body, H5url="x"), headers={"token": token}, timeout=10)
        self.assertIs(wrong.json()["success"], False, "H5url is not a documented key")
        decided = requests.post(self.oa.url + UPDATE, json={
            "registerCode": REGISTER_CODE, "taskId": "t1", "state": "1",
        }, headers={"token": token}, timeout=10)
        self.assertIs(decided.json()["success"], False, "a decision needs its subState")
        bad = requests.post(self.oa.url + TOKEN, json={"userName": "rest-user", "password": "x"}, timeout=10)
        self.assertEqual(bad.json(), {"id": "-1"})
