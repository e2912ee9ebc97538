from odoo.tests import tagged

from .common import HospitalRepairStockHttpCommon


@tagged("post_install", "-at_install")
class TestStockTour(HospitalRepairStockHttpCommon):
    # the worker records materials standing at the fault, on his phone
    browser_size = "390x844"
    touch_enabled = True

    def test_worker_requests_storekeeper_issues(self):
        order = self._started_order(location="Tour materials").with_env(self.env)
        order._write_history({"name": "Tour materials"})
        self.start_tour(
            f"/odoo/action-hospital_repair.hospital_repair_order_action_my_tasks/{order.id}",
            "hospital_repair_stock_worker_tour", login=self.worker.login)
        lines = order.material_line_ids
        self.assertEqual(sorted((line.product_id.name, line.product_uom_qty) for line in lines),
                         [("T8灯管", 2.0), ("冷水龙头 DN15", 1.0)])
        issue = order.picking_ids
        self.assertEqual(issue.state, "assigned")
        # the storekeeper works at a desk, in Inventory
        self.browser_size = "1366x768"
        self.touch_enabled = False
        self.start_tour("/odoo/action-hospital_repair_stock.stock_picking_action_repair",
                        "hospital_repair_stock_storekeeper_tour", login=self.storekeeper.login)
        self.assertEqual(issue.state, "done")
        self.assertEqual((self._on_hand(self.lamp), self._on_hand(self.tap)), (18, 4))
        self.assertEqual(order.material_cost, 60.0)
