from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.http_routing.tests.common import MockRequest
from odoo.addons.mail.tests.common import mail_new_test_user

from .approval_common import ApprovalFixtureMixin


@tagged("post_install", "-at_install")
class TestApprovalPortal(ApprovalFixtureMixin, HttpCase):
    """A department leader without backend access decides from the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_approval_fixture()
        cls.portal_leader = mail_new_test_user(
            cls.env, login="i13_portal_leader", groups="base.group_portal", name="Portal Leader",
        )
        cls.portal_stranger = mail_new_test_user(
            cls.env, login="i13_portal_stranger", groups="base.group_portal",
            name="Portal Stranger",
        )
        cls.emp_leader.user_id = cls.portal_leader

    def setUp(self):
        super().setUp()
        self.order = self._submit()
        self.first, self.second = self.order.approval_ids

    def _post(self, login, verb, **data):
        if login:
            self.authenticate(login, login)
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(f"/my/repairs/{self.order.id}/{verb}", data=data,
                             allow_redirects=False)

    def _assert_untouched(self):
        self.env.invalidate_all()
        self.assertEqual((self.first.state, self.second.state, self.order.state),
                         ("pending", "waiting", "to_approve"))
        self.assertFalse(self.first.decided_by_id)

    def test_portal_approver_approves(self):
        self.assertEqual(self.first.approver_id, self.portal_leader)
        self.assertFalse(self._approval_activities(self.order),
                         "no backend activity for a portal approver")
        notified = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", self.order.id),
            ("partner_ids", "in", self.portal_leader.partner_id.ids),
        ])
        self.assertIn(f"/my/repairs/{self.order.id}", str(notified.body))
        response = self._post("i13_portal_leader", "approve", comment="Go ahead")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/my/repairs/{self.order.id}"))
        self.env.invalidate_all()
        self.assertEqual(self.first.state, "approved")
        self.assertEqual(self.first.decided_by_id, self.portal_leader)
        self.assertEqual(self.first.comment, "Go ahead")
        self.assertEqual(self.second.state, "pending")
        self.assertEqual(self.order.state, "to_approve")

    def test_portal_approver_refuses(self):
        response = self._post("i13_portal_leader", "refuse", reason="  ")
        self.assertEqual(response.status_code, 303)
        self.assertIn("approval_error=reason", response.headers["Location"])
        self._assert_untouched()
        response = self._post(None, "refuse", reason="Replace, do not repair")
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual((self.first.state, self.second.state), ("refused", "cancelled"))
        self.assertEqual(self.order.state, "rejected")
        self.assertEqual(self.order.reject_reason, "Replace, do not repair")

    def test_decided_step_is_not_decided_again(self):
        self.first.with_user(self.portal_leader).action_approve()
        response = self._post("i13_portal_leader", "refuse", reason="Changed my mind")
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(self.first.state, "approved")

    def test_strangers_cannot_decide(self):
        for login in ("i13_portal_stranger", "i13_stranger", "i13_reporter"):
            for verb, data in (("approve", {}), ("refuse", {"reason": "no"})):
                response = self._post(login, verb, **data)
                self.assertEqual(response.status_code, 404, f"{login} {verb}")
                self._assert_untouched()
        # Another order's id does not help either.
        other = self._submit(reporter=self.stranger)
        self.authenticate("i13_portal_leader", "i13_portal_leader")
        response = self.url_open(
            f"/my/repairs/{other.id}/approve",
            data={"csrf_token": http.Request.csrf_token(self)}, allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(other.approval_ids[0].state, "pending")

    def test_anonymous_and_forged_requests(self):
        self.authenticate(None, None)
        response = self.url_open(f"/my/repairs/{self.order.id}/approve",
                                 data={"csrf_token": http.Request.csrf_token(self)},
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self._assert_untouched()
        response = self._post("i13_portal_leader", "approve", csrf_token="forged")
        self.assertEqual(response.status_code, 400)
        self._assert_untouched()
        response = self.url_open(f"/my/repairs/{self.order.id}/approve", allow_redirects=False)
        self.assertIn(response.status_code, (404, 405))
        self._assert_untouched()

    def test_portal_approver_reads_only_their_steps(self):
        Approval = self.env["hospital.repair.approval"]
        self.assertEqual(Approval.with_user(self.portal_leader).search([]), self.first)
        self.assertFalse(Approval.with_user(self.portal_stranger).search([]))
        with self.assertRaises(AccessError):
            self.second.with_user(self.portal_leader).read(["state"])
        with self.assertRaises(AccessError):
            self.first.with_user(self.portal_leader).write({"state": "approved"})

    def test_panel_shows_the_decision_to_its_approver_only(self):
        def render(user, **params):
            env = self.env(user=user)
            with MockRequest(env) as request:
                request.params = params
                request.csrf_token = lambda: "token"
                return str(env["ir.qweb"]._render(
                    "hospital_repair.portal_repair_approval_panel",
                    {"order": self.order.with_env(env).sudo()},
                ))

        html = render(self.portal_leader)
        self.assertIn(f'action="/my/repairs/{self.order.id}/approve"', html)
        self.assertIn(f'action="/my/repairs/{self.order.id}/refuse"', html)
        self.assertIn('name="csrf_token" value="token"', html)
        self.assertIn("Portal Leader", html)
        self.assertIn("Logistics Lu", html)
        html = render(self.portal_stranger)
        self.assertNotIn("/approve", html)
        self.assertIn("Portal Leader", html)
        html = render(self.portal_leader, approval_error="reason")
        self.assertIn("Give a reason for the refusal.", html)
