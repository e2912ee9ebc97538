from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestOrderViews(HospitalRepairCommon):
    ACTIONS = (
        "hospital_repair.hospital_repair_order_action_desk",
        "hospital_repair.hospital_repair_order_action_my_tasks",
        "hospital_repair.hospital_repair_order_action_my_reports",
        "hospital_repair.hospital_repair_order_action_calendar",
        "hospital_repair.hospital_repair_order_action",
    )

    def test_screens_load_for_every_role(self):
        Order = self.env["hospital.repair.order"]
        for xmlid in self.ACTIONS:
            action = self.env.ref(xmlid)
            views = [(v.view_id.id, v.view_mode) for v in action.view_ids] or [
                (False, mode) for mode in action.view_mode.split(",")
            ]
            for user in (self.requester_a, self.worker, self.dispatcher, self.manager):
                with self.subTest(action=xmlid, user=user.login):
                    result = Order.with_user(user).get_views(views + [(False, "search")])
                    self.assertIn("search", result["views"])

    def test_phone_quick_create_in_a_kanban_column(self):
        action = self.env.ref("hospital_repair.hospital_repair_order_action_desk")
        context = dict(safe_eval(action.context), default_state="assigned")
        order = self.env["hospital.repair.order"].with_user(self.dispatcher).with_context(
            **context
        ).create({
            "reporter_name": "Ward 5 nurse", "contact_phone": "8123",
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "description": "Toilet blocked",
        })
        self.assertEqual(order.state, "submitted", "a phone report goes through the transitions")
        self.assertEqual(order.channel, "phone")
        self.assertTrue(order.date_reported)
        self.assertEqual(order.duty_user_id, self.dispatcher)

    def test_menus_per_role(self):
        Menu = self.env["ir.ui.menu"]
        desk = self.env.ref("hospital_repair.hospital_repair_order_menu_desk")
        tasks = self.env.ref("hospital_repair.hospital_repair_order_menu_my_tasks")
        root = self.env.ref("hospital_repair.hospital_repair_menu_root")
        visible = Menu.with_user(self.requester_a)._visible_menu_ids()
        self.assertIn(root.id, visible)
        self.assertNotIn(desk.id, visible)
        self.assertNotIn(tasks.id, visible)
        visible = Menu.with_user(self.worker)._visible_menu_ids()
        self.assertIn(tasks.id, visible)
        self.assertNotIn(desk.id, visible)
        self.assertIn(desk.id, Menu.with_user(self.dispatcher)._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestOrderTours(HttpCase, HospitalRepairCommon):
    def test_worker_starts_and_finishes_from_my_tasks(self):
        order = self._assigned_order(description="Tour tap leaks")
        self.assertEqual(order.user_id, self.worker)
        self.start_tour(
            "/odoo/action-hospital_repair.hospital_repair_order_action_my_tasks",
            "hospital_repair_worker_tour", login=self.worker.login,
        )
        self.assertEqual(order.state, "done")
        self.assertEqual(order.result, "success")

    def test_desk_records_a_phone_report_from_the_kanban(self):
        self._submitted_order(description="Already waiting")
        self.start_tour(
            "/odoo/action-hospital_repair.hospital_repair_order_action_desk",
            "hospital_repair_desk_tour", login=self.dispatcher.login,
        )
        order = self.env["hospital.repair.order"].search([("description", "=", "Toilet blocked")])
        self.assertEqual(order.state, "submitted")
        self.assertEqual(order.channel, "phone")
        self.assertEqual(order.reporter_name, "Ward 5 nurse")
        self.assertEqual(order.zone_id, self.floor_a1)
        self.assertEqual(order.duty_user_id, self.dispatcher)
