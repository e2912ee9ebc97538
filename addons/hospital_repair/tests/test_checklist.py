from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .maintenance_common import MaintenanceCommon


@tagged("post_install", "-at_install")
class TestChecklist(MaintenanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        plan = cls._plan(date_start=date(2026, 3, 10))
        with freeze_time("2026-03-10 01:00:00"):
            cls.order = plan._generate_orders()
        cls.order.with_user(cls.worker).action_start()
        cls.lines = cls.order.checklist_line_ids.with_user(cls.worker)
        cls.check, cls.reading, cls.remark = cls.lines

    def test_required_lines_block_finishing(self):
        order = self.order.with_user(self.worker)
        self.assertEqual(order.checklist_missing_count, 2)
        with self.assertRaisesRegex(UserError, "Fill in the required checks .*冷凝器清洗, 冷冻水出水温度"):
            order.action_finish(result="success")
        self.check.value_pass = "pass"
        with self.assertRaisesRegex(UserError, "冷冻水出水温度"):
            order.action_finish(result="success")
        # 0 is a reading: filled (and out of range)
        self.reading.value_number = 0
        self.assertTrue(self.reading.is_filled)
        self.assertEqual(order.checklist_missing_count, 0)
        order.action_finish(result="success")
        self.assertEqual(self.order.state, "done")
        self.assertFalse(self.remark.is_filled, "optional, left empty")

    def test_the_desk_is_refused_too(self):
        """One rule for every caller: the desk's finish is refused as well."""
        with self.assertRaisesRegex(UserError, "Fill in the required checks"):
            self.order.with_user(self.dispatcher).action_finish(result="success")

    def test_out_of_range_is_flagged(self):
        self.reading.value_number = 12.5
        self.assertTrue(self.reading.is_out_of_range)
        self.assertTrue(self.reading.is_failed)
        self.reading.value_number = 7
        self.assertFalse(self.reading.is_out_of_range)
        self.check.value_pass = "fail"
        self.assertTrue(self.check.is_failed)
        self.assertFalse(self.check.is_out_of_range)

    def test_worker_fills_through_the_order_form(self):
        """The form saves the lines through the order: the worker may."""
        self.order.with_user(self.worker).write({"checklist_line_ids": [
            (1, self.check.id, {"value_pass": "pass"}),
            (1, self.reading.id, {"value_number": 6.5}),
        ]})
        self.assertEqual(self.order.checklist_missing_count, 0)

    def test_who_fills_what(self):
        with self.assertRaises(AccessError):
            self.check.write({"name": "Rewritten", "value_pass": "pass"})
        with self.assertRaises(AccessError):
            self.order.checklist_line_ids.with_user(self.worker_a2).value_pass = "pass"
        with self.assertRaises(AccessError):
            self.order.with_user(self.requester_a).write(
                {"checklist_line_ids": [(1, self.check.id, {"value_pass": "pass"})]})
        with self.assertRaises(AccessError):
            self.env["hospital.repair.checklist.line"].with_user(self.manager).create(
                {"order_id": self.order.id, "name": "Added"})
        with self.assertRaises(AccessError):
            self.order.with_user(self.worker).write(
                {"checklist_line_ids": [(2, self.remark.id)]})
        # once the order is done and confirmed, nothing changes any more
        self._fill(self.lines)
        self.order.with_user(self.worker).action_finish(result="success")
        self.order.with_user(self.dispatcher).action_verify()
        with self.assertRaisesRegex(UserError, "record the work"):
            self.check.value_pass = "fail"
        # superuser mode is not a role: the worker's sudo() changes nothing
        with self.assertRaisesRegex(UserError, "record the work"):
            self.check.sudo().value_pass = "fail"
