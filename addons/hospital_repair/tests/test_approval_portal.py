from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.http_routing.tests.common import MockRequest

from .approval_common import ApprovalMixin
from .common import HospitalRepairHttpCommon


@tagged("post_install", "-at_install")
class TestApprovalPortal(ApprovalMixin, HospitalRepairHttpCommon):
    """A department leader without backend access decides from the portal:
    portal_leader_c leads 体检中心, where portal_c reports; portal_a, of
    another department, is a stranger to the order."""

    def setUp(self):
        super().setUp()
        self.order = self._portal_order(
            self.portal_c, category_id=self.cat_pressure.id, description="Autoclave leaks")
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
        self.assertEqual(self.first.approver_id, self.portal_leader_c)
        self.assertFalse(self._approval_activities(self.order),
                         "no backend activity for a portal approver")
        notified = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", self.order.id),
            ("partner_ids", "in", self.portal_leader_c.partner_id.ids),
        ])
        self.assertIn(f"/my/repairs/{self.order.id}", str(notified.body))
        response = self._post("portal_leader_c", "approve", comment="Go ahead")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/my/repairs/{self.order.id}"))
        self.env.invalidate_all()
        self.assertEqual(self.first.state, "approved")
        self.assertEqual(self.first.decided_by_id, self.portal_leader_c)
        self.assertEqual(self.first.comment, "Go ahead")
        self.assertEqual(self.second.state, "pending")
        self.assertEqual(self.order.state, "to_approve")

    def test_portal_approver_refuses(self):
        response = self._post("portal_leader_c", "refuse", reason="  ")
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
        self.first.with_user(self.portal_leader_c).action_approve()
        response = self._post("portal_leader_c", "refuse", reason="Changed my mind")
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(self.first.state, "approved")

    def test_strangers_cannot_decide(self):
        for login in ("portal_a", "requester_no_employee", "portal_c"):
            for verb, data in (("approve", {}), ("refuse", {"reason": "no"})):
                response = self._post(login, verb, **data)
                self.assertEqual(response.status_code, 404, f"{login} {verb}")
                self._assert_untouched()
        # Another order's id does not help either.
        other = self._submit(reporter=self.requester_no_employee)
        self.authenticate("portal_leader_c", "portal_leader_c")
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
        response = self._post("portal_leader_c", "approve", csrf_token="forged")
        self.assertEqual(response.status_code, 400)
        self._assert_untouched()
        response = self.url_open(f"/my/repairs/{self.order.id}/approve", allow_redirects=False)
        self.assertIn(response.status_code, (404, 405))
        self._assert_untouched()

    def test_portal_approver_reads_only_their_steps(self):
        Approval = self.env["hospital.repair.approval"]
        self.assertEqual(Approval.with_user(self.portal_leader_c).search([]), self.first)
        self.assertFalse(Approval.with_user(self.portal_a).search([]))
        with self.assertRaises(AccessError):
            self.second.with_user(self.portal_leader_c).read(["state"])
        with self.assertRaises(AccessError):
            self.first.with_user(self.portal_leader_c).write({"state": "approved"})

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

        html = render(self.portal_leader_c)
        self.assertIn(f'action="/my/repairs/{self.order.id}/approve"', html)
        self.assertIn(f'action="/my/repairs/{self.order.id}/refuse"', html)
        self.assertIn('name="csrf_token" value="token"', html)
        self.assertIn("何主任", html)
        self.assertIn("陆处长", html)
        html = render(self.portal_a)
        self.assertNotIn("/approve", html)
        self.assertIn("何主任", html)
        html = render(self.portal_leader_c, approval_error="reason")
        self.assertIn("Give a reason for the refusal.", html)
