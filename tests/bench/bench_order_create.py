"""Cost of taking and dispatching repair orders, against Odoo's own
maintenance requests created in the same run (target: at most 1.5x).

    python3 -m pytest -s --odoo-database=DB tests/bench/bench_order_create.py

Prints figures; asserts nothing about time (machines differ)."""

import time

from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairCommon

N = 200
ROUNDS = 3


@tagged("post_install", "-at_install", "bench")
class TestBenchOrderCreate(HospitalRepairCommon):
    def _orders(self, n):
        Order = self.env["hospital.repair.order"].with_user(self.dispatcher).with_context(
            default_reporter_id=False
        )
        orders = Order.create([{
            "reporter_name": f"Caller {i}", "contact_phone": "8123", "channel": "phone",
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "description": "Lamp broken",
        } for i in range(n)])
        orders.action_submit()
        orders.action_accept()
        self.env.flush_all()
        self.env.cr.flush()  # end-of-transaction hooks: tracking, followers' notices
        return orders

    def _requests(self, n):
        Request = self.env["maintenance.request"].with_user(self.manager_maintenance)
        requests = Request.create([{
            "name": f"Lamp broken {i}", "user_id": self.worker.id,
            "description": "Lamp broken",
        } for i in range(n)])
        self.env.flush_all()
        self.env.cr.flush()
        return requests

    def _measure(self, func, n):
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        start = time.perf_counter()
        func(n)
        return time.perf_counter() - start, self.env.cr.sql_log_count - queries

    def test_bench_create_and_dispatch(self):
        self.manager_maintenance = self.dispatcher
        self.dispatcher.group_ids |= self.env.ref("maintenance.group_equipment_manager")
        self._orders(2)
        self._requests(2)  # warm both
        best = {}
        for _round in range(ROUNDS):
            for name, func in (("orders", self._orders), ("requests", self._requests)):
                seconds, queries = self._measure(func, N)
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, queries)
        (o_s, o_q), (r_s, r_q) = best["orders"], best["requests"]
        print(
            f"\nbench_order_create N={N} (best of {ROUNDS}):"
            f"\n  hospital.repair.order create+submit+accept+dispatch: {o_s:.3f}s, "
            f"{o_q} queries ({o_q / N:.1f}/order)"
            f"\n  maintenance.request create with technician:         {r_s:.3f}s, "
            f"{r_q} queries ({r_q / N:.1f}/request)"
            f"\n  ratio time {o_s / r_s:.2f}x, queries {o_q / r_q:.2f}x (target <= 1.5x)"
        )
        self.assertEqual(self.env["hospital.repair.order"].search_count(
            [("user_id", "=", self.worker.id), ("state", "=", "assigned")]), 2 + ROUNDS * N)
