from odoo.tests import tagged

from .approval_common import ApprovalMixin
from .common import HospitalRepairHttpCommon


@tagged("post_install", "-at_install")
class TestApprovalTour(ApprovalMixin, HospitalRepairHttpCommon):
    """The backend screens of approvers, in a browser."""

    def test_approve_from_my_list_then_refuse_from_the_order(self):
        order = self._submit()
        first, second = order.approval_ids
        self.start_tour(
            "/odoo/action-hospital_repair.hospital_repair_approval_action_to_approve",
            "hospital_repair_approval_approve_tour", login="head_nurse_a",
        )
        self.assertEqual((first.state, first.decided_by_id), ("approved", self.head_nurse_a))
        self.assertEqual(second.state, "pending")
        self.start_tour(
            f"/odoo/hospital.repair.order/{order.id}",
            "hospital_repair_approval_refuse_tour", login="logistics_head",
        )
        self.assertEqual((second.state, second.comment), ("refused", "Budget exhausted"))
        self.assertEqual(order.state, "rejected")
