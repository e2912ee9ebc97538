"""End to end: the real approval flow of hospital_repair feeds the OA outbox
through the approval model's extension point, once per event."""

from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.approval_common import ApprovalMixin
from odoo.addons.hospital_repair.tests.common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestApprovalFeedsOutbox(ApprovalMixin, HospitalRepairCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hospital.repair.oa.connection"].create({
            "name": "OA",
            "push_enabled": True,
            "adapter": "webhook",
            "push_url": "http://127.0.0.1:9/todo",
            "allowed_hosts": "127.0.0.1",
            "webhook_secret": "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        })
        cls.Message = cls.env["hospital.repair.oa.message"]

    def _messages(self, order):
        return self.Message.search([("order_id", "=", order.id)], order="id")

    def test_two_step_approval_pushes_and_clears_each_todo_once(self):
        order = self._submit()
        first, second = order.approval_ids.sorted("sequence")
        self.assertEqual(
            [(m.approval_id, m.action) for m in self._messages(order)],
            [(first, "create")],
            "submitting creates the first approver's to-do, and only that one",
        )
        first.with_user(self.head_nurse_a).action_approve()
        self.assertEqual(
            [(m.approval_id, m.action) for m in self._messages(order)],
            [(first, "create"), (first, "done"), (second, "create")],
        )
        second.with_user(self.logistics_head).action_approve()
        self.assertEqual(order.state, "submitted")
        self.assertEqual(
            [(m.approval_id, m.action) for m in self._messages(order)],
            [(first, "create"), (first, "done"), (second, "create"), (second, "done")],
        )
        keys = self._messages(order).mapped("idempotency_key")
        self.assertEqual(len(keys), len(set(keys)), "one idempotency key per message")

    def test_refusal_clears_the_current_todo_and_never_pushes_the_next(self):
        order = self._submit()
        first, second = order.approval_ids.sorted("sequence")
        first.with_user(self.head_nurse_a).action_refuse("Not in the budget")
        self.assertEqual(order.state, "rejected")
        actions = [(m.approval_id, m.action) for m in self._messages(order)]
        self.assertEqual(actions[:2], [(first, "create"), (first, "done")])
        self.assertNotIn((second, "create"), actions, "the waiting step never reached the OA")

    def test_category_without_approval_pushes_nothing(self):
        order = self._submit(category=self.cat_water)
        self.assertEqual(order.state, "submitted")
        self.assertFalse(self._messages(order))
