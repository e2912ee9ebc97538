from odoo.tests import HttpCase, tagged

from .approval_common import ApprovalFixtureMixin


@tagged("post_install", "-at_install")
class TestApprovalTour(ApprovalFixtureMixin, HttpCase):
    """The backend screens of approvers, in a browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_approval_fixture()

    def test_approve_from_my_list_then_refuse_from_the_order(self):
        order = self._submit()
        first, second = order.approval_ids
        self.start_tour(
            "/odoo/action-hospital_repair.hospital_repair_approval_action_to_approve",
            "hospital_repair_approval_approve_tour", login="i13_leader",
        )
        self.assertEqual((first.state, first.decided_by_id), ("approved", self.leader))
        self.assertEqual(second.state, "pending")
        self.start_tour(
            f"/odoo/hospital.repair.order/{order.id}",
            "hospital_repair_approval_refuse_tour", login="i13_logistics",
        )
        self.assertEqual((second.state, second.comment), ("refused", "Budget exhausted"))
        self.assertEqual(order.state, "rejected")
