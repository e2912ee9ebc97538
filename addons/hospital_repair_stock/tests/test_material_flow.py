from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import HospitalRepairStockCommon


@tagged("post_install", "-at_install")
class TestMaterialFlow(HospitalRepairStockCommon):
    """Request → issue → partial return → confirm, each step by the real user
    of its role, with the stock on hand and the moves' values after each."""

    def test_request_issue_return_verify(self):
        order = self._started_order().with_env(self.env)
        self.assertEqual(order.user_id, self.worker)
        line = self._add_materials(order, self.worker, (self.lamp, 3))
        self.assertEqual(line.product_uom_id, self.lamp.uom_id)

        # request: one issue picking for the storekeeper, nothing moved yet
        order.with_user(self.worker).action_request_materials()
        issue = order.picking_ids
        self.assertEqual(len(issue), 1)
        self.assertEqual(issue.picking_type_id, self.warehouse.repair_issue_type_id)
        self.assertEqual(issue.location_dest_id, self.consume_location)
        self.assertEqual(issue.state, "assigned")
        self.assertEqual((issue.repair_zone_id, issue.repair_department_id, issue.repair_worker_id),
                         (order.zone_id, order.department_id, self.worker))
        self.assertEqual(self._on_hand(self.lamp), 20)
        self.assertEqual(line.qty_issued, 0)
        # asking again for more updates the same picking
        line.with_user(self.worker).product_uom_qty = 4
        order.with_user(self.worker).action_request_materials()
        self.assertEqual(order.picking_ids, issue)
        self.assertEqual(issue.move_ids.product_uom_qty, 4)

        # the storekeeper issues: the stock goes down, the move is valued at cost
        self._validate(issue)
        self.assertEqual(self._on_hand(self.lamp), 16)
        self.assertEqual(issue.move_ids.value, 40.0)
        self.assertEqual((line.qty_issued, line.qty_consumed, line.value), (4, 4, 40.0))
        self.assertEqual(line.unit_cost, 10.0)
        self.assertEqual(order.material_cost, 40.0)

        # today's price changes: the return still carries the issue's cost back
        self.lamp.standard_price = 50.0
        line.with_user(self.worker).return_qty = 1
        order.with_user(self.worker).action_return_materials()
        back = order.picking_ids - issue
        self.assertEqual(back.picking_type_id, self.warehouse.repair_return_type_id)
        self.assertEqual(back.return_id, issue, "Odoo's own return of the issue")
        self.assertEqual(line.return_qty, 0)
        self.assertEqual(self._on_hand(self.lamp), 16, "nothing moves before the storekeeper")
        self._validate(back)
        self.assertEqual(self._on_hand(self.lamp), 17)
        self.assertEqual(back.move_ids.value, 10.0)
        self.assertEqual((line.qty_issued, line.qty_returned, line.qty_consumed), (4, 1, 3))
        self.assertEqual((line.value_issued, line.value_returned, line.value), (40.0, 10.0, 30.0))
        self.assertEqual(order.material_cost, 30.0)

        # done and confirmed: the analysis reads the order's cost
        order.with_user(self.worker).action_finish(result="success")
        order.with_user(self.requester_a).action_verify()
        self.assertEqual(order.state, "verified")
        row = self.env["hospital.repair.report"].browse(order.id)
        self.assertEqual(row.material_cost, 30.0)
        # and the printed work order lists the material
        values = self.env["report.hospital_repair.report_work_order"]._get_report_values(order.ids)
        self.assertEqual(values["material_lines"][order.id], [{
            "name": self.lamp.display_name, "quantity": 3.0, "uom": self.lamp.uom_id.name,
            "price_unit": 10.0, "amount": 30.0}])

    def test_over_return_and_negative_quantities_refused(self):
        order = self._started_order().with_env(self.env)
        line = self._add_materials(order, self.worker, (self.tap, 2))
        order.with_user(self.worker).action_request_materials()
        issue = order.picking_ids
        self._validate(issue)
        self.assertEqual(self._on_hand(self.tap), 3)

        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            line.with_user(self.worker).product_uom_qty = -1
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            line.with_user(self.worker).return_qty = -1
        line.invalidate_recordset()
        self.assertEqual((line.product_uom_qty, line.return_qty), (2, 0), "nothing written")
        # through the order: more than issued
        line.with_user(self.worker).return_qty = 3
        with self.assertRaisesRegex(UserError, "only 2.0 .* were issued"):
            order.with_user(self.worker).action_return_materials()
        self.assertEqual(order.picking_ids, issue, "no return created")
        # through Odoo's return, by the storekeeper
        wizard = self.env["stock.return.picking"].with_user(self.storekeeper).with_context(
            active_id=issue.id, active_model="stock.picking").create({"picking_id": issue.id})
        wizard.product_return_moves.quantity = 3
        with self.assertRaisesRegex(UserError, "only 2.0 .* were issued"):
            wizard.action_create_returns()
        # raised on the return itself, after it was created: refused when validated
        wizard.product_return_moves.quantity = 2
        back = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self.assertEqual(back.repair_order_id, order)
        back.move_ids.with_user(self.storekeeper).quantity = 3
        with self.assertRaisesRegex(UserError, "you cannot return 3.0"):
            back.with_user(self.storekeeper).button_validate()
        self.assertEqual(self._on_hand(self.tap), 3, "nothing moved")
        self.assertEqual(line.qty_returned, 0)

    def test_verify_and_close_refused_while_a_picking_is_open(self):
        order = self._started_order().with_env(self.env)
        self._add_materials(order, self.worker, (self.lamp, 1))
        order.with_user(self.worker).action_request_materials()
        order.with_user(self.worker).action_finish(result="success")
        with self.assertRaisesRegex(UserError, "waits for the store"):
            order.with_user(self.requester_a).action_verify()
        # nor does the nightly confirmation of orders left done (默认验收)
        later = order.date_done + timedelta(days=order.company_id.repair_auto_verify_days + 1)
        with freeze_time(later):
            self.assertNotIn(order, self.env["hospital.repair.order"]._cron_auto_verify())
        self.assertEqual(order.state, "done")
        self._validate(order.picking_ids)
        order.with_user(self.requester_a).action_verify()
        # the storekeeper takes something back after the confirmation
        issue = order.picking_ids
        wizard = self.env["stock.return.picking"].with_user(self.storekeeper).with_context(
            active_id=issue.id, active_model="stock.picking").create({"picking_id": issue.id})
        wizard.product_return_moves.quantity = 1
        wizard.action_create_returns()
        with self.assertRaisesRegex(UserError, "waits for the store"):
            order.with_user(self.dispatcher).action_close()
        self._validate(order.picking_ids - issue)
        order.with_user(self.dispatcher).action_close()
        self.assertEqual(order.state, "closed")
        self.assertEqual(order.material_cost, 0.0)

    def test_cancel_returns_what_was_issued(self):
        # the desk records materials once the order is dispatched
        order = self._assigned_order().with_env(self.env)
        self._add_materials(order, self.dispatcher, (self.lamp, 2), (self.tap, 1))
        order.with_user(self.dispatcher).action_request_materials()
        issue = order.picking_ids
        self._validate(issue)
        self.assertEqual((self._on_hand(self.lamp), self._on_hand(self.tap)), (18, 4))
        # more is asked for, then the reporter cancels
        order.material_line_ids[0].with_user(self.dispatcher).product_uom_qty = 5
        order.with_user(self.dispatcher).action_request_materials()
        pending = order.picking_ids - issue
        self.assertEqual(pending.state, "assigned")
        order.with_user(self.requester_a).action_cancel()
        self.assertEqual(order.state, "cancelled")
        self.assertEqual(pending.state, "cancel")
        back = order.picking_ids - issue - pending
        self.assertEqual(back.picking_type_id, self.warehouse.repair_return_type_id)
        self.assertEqual(back.state, "assigned", "for the storekeeper to validate")
        self.assertEqual(sorted(back.move_ids.mapped("product_uom_qty")), [1.0, 2.0])
        self._validate(back)
        self.assertEqual((self._on_hand(self.lamp), self._on_hand(self.tap)), (20, 5))
        self.assertEqual(order.material_cost, 0.0)

    def test_who_may_do_what(self):
        order = self._started_order().with_env(self.env)
        line = self._add_materials(order, self.worker, (self.lamp, 1))
        order.with_user(self.worker).action_request_materials()
        issue = order.picking_ids
        # the worker does not validate pickings, nor reads them
        with self.assertRaises(AccessError):
            issue.with_user(self.worker).button_validate()
        # the storekeeper does not change the order's repair fields nor its materials
        with self.assertRaises(AccessError):
            order.with_user(self.storekeeper).write({"description": "Changed"})
        with self.assertRaises(AccessError):
            line.with_user(self.storekeeper).product_uom_qty = 5
        with self.assertRaises(UserError):
            order.with_user(self.storekeeper).action_request_materials()
        # another worker, the requester, and the worker once the order is done
        for user in (self.worker_a2, self.requester_a):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self._add_materials(order, user, (self.tap, 1))
        self._validate(issue)
        order.with_user(self.worker).action_finish(result="success")
        with self.assertRaises(AccessError):
            line.with_user(self.worker).return_qty = 1
        with self.assertRaises(UserError):
            order.with_user(self.worker).action_request_materials()
        # the desk still may, until the order is confirmed
        line.with_user(self.dispatcher).return_qty = 1
        self.assertTrue(order.with_user(self.dispatcher).can_record_materials)
        self.assertFalse(order.with_user(self.worker).can_record_materials)
