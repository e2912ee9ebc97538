from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestOrderRefusedTransitions(HospitalRepairCommon):
    """Every transition refused in a wrong state, with a clear message, and
    nothing written."""

    def _call(self, order, action, user):
        method = getattr(order.with_user(user), f"action_{action}")
        args = {
            "reject": {"reason": "r"}, "redispatch": {"user": self.worker_a2, "reason": "r"},
            "finish": {"result": "success"}, "reopen": {"reason": "r"},
            "followup": {"result": "satisfied"},
        }.get(action, {})
        return method(**args)

    def test_wrong_state_refused(self):
        draft = self._new_order()
        submitted = self._submitted_order()
        assigned = self._assigned_order()
        done = self._done_order()
        cases = [
            ("submit", submitted), ("accept", draft), ("accept", assigned),
            ("reject", assigned), ("redispatch", submitted), ("redispatch", done),
            ("start", submitted), ("start", done), ("finish", assigned),
            ("verify", assigned), ("reopen", submitted), ("followup", assigned),
            ("close", done), ("cancel", done), ("urge", done), ("urge", draft),
        ]
        for action, order in cases:
            state = order.state
            with self.subTest(action=action, state=state):
                with self.assertRaisesRegex(UserError, "You cannot .* it is "):
                    self._call(order, action, self.manager)
                self.assertEqual(order.state, state)

    def test_error_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hospital_repair"], ["zh_CN"], overwrite=True)
        order = self._assigned_order()
        with self.assertRaises(UserError) as error:
            order.with_user(self.manager).with_context(lang="zh_CN").action_verify()
        self.assertIn("已派工", str(error.exception))

    def test_only_the_desk_accepts_rejects_redispatches(self):
        order = self._submitted_order()
        for user in (self.requester_a, self.worker):
            for action in ("accept", "reject"):
                with self.subTest(user=user.login, action=action), \
                        self.assertRaisesRegex(UserError, "Only the service desk"):
                    self._call(order, action, user)
        order.with_user(self.dispatcher).action_accept()
        with self.assertRaisesRegex(UserError, "Only the service desk"):
            self._call(order, "redispatch", self.worker)
        self.assertEqual(order.user_id, self.worker)

    def test_only_the_assigned_worker_starts_and_finishes(self):
        order = self._assigned_order()
        with self.assertRaises(AccessError, msg="A2's worker does not even see it"):
            order.with_user(self.worker_a2).action_start()
        with self.assertRaisesRegex(UserError, "Only the assigned worker"):
            order.with_user(self.worker_backup).action_start()
        order.with_user(self.worker).action_start()
        with self.assertRaisesRegex(UserError, "Only the assigned worker"):
            order.with_user(self.worker_backup).action_finish(result="success")
        self.assertEqual(order.state, "in_progress")

    def test_only_the_reporter_confirms(self):
        order = self._done_order()
        for user in (self.requester_a2, self.worker):
            with self.assertRaisesRegex(UserError, "Only the reporter"):
                order.with_user(user).action_verify()
        order.with_user(self.requester_a).action_verify()

    def test_can_fields_match_the_checks(self):
        order = self._assigned_order()
        expected = {
            self.requester_a: {"cancel", "urge"},
            self.requester_a2: {"urge"},
            # a worker does the work rather than urging it
            self.worker: {"start"},
            self.dispatcher: {"redispatch", "start", "cancel", "urge"},
        }
        actions = ("submit", "accept", "reject", "redispatch", "start", "finish", "verify",
                   "reopen", "followup", "close", "cancel", "urge")
        for user, allowed in expected.items():
            as_user = order.with_user(user)
            pressable = {a for a in actions if as_user[f"can_{a}"]}
            self.assertEqual(pressable, allowed, user.login)

    def test_state_cannot_be_written_around_the_buttons(self):
        order = self._assigned_order()
        with self.assertRaises(AccessError):
            order.with_user(self.worker).write({"state": "done"})
        with self.assertRaises(AccessError):
            order.with_user(self.requester_a).write({"user_id": self.requester_a.id})
        with self.assertRaises(AccessError):
            order.with_user(self.requester_a).write({"user_id": False})
        with self.assertRaises(AccessError):
            self._new_order(state="closed")
        order.with_user(self.worker).write({"work_note": "on my way"})
        self.assertEqual(order.state, "assigned")

    def test_report_frozen_once_accepted(self):
        order = self._submitted_order()
        order.with_user(self.requester_a).write({"location": "Room 14"})
        order.with_user(self.dispatcher).action_accept()
        with self.assertRaisesRegex(AccessError, "You cannot change Category"):
            order.with_user(self.requester_a).write({"category_id": self.cat_pressure.id})
        with self.assertRaisesRegex(AccessError, "You cannot change Contact Phone"):
            order.with_user(self.requester_a).write({"contact_phone": "13800138000"})
        order.with_user(self.dispatcher).write({"location": "Room 15"})
        self.assertEqual(order.location, "Room 15")

    def test_approval_hooks_work_for_an_approver(self):
        order = self._new_order(category_id=self.cat_pressure.id)
        order.action_submit()
        # issue 13's steps call the hooks as the approver (a requester here)
        order.with_user(self.requester_a2)._on_approval_approved()
        self.assertEqual(order.state, "submitted")

    def test_start_needs_someone_dispatched(self):
        order = self._assigned_order(zone_id=self.floor_b1.id)
        with self.assertRaisesRegex(UserError, "to a worker first"):
            order.with_user(self.dispatcher).action_start()
