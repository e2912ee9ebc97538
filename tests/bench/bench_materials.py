"""Cost of issuing and returning repair materials, against Odoo's own
internal pickings validated in the same run.

    make bench ARGS="tests/bench/bench_materials.py"
    python3 -m pytest -s -o python_files='bench_*.py' --odoo-database=DB tests/bench/bench_materials.py

For N orders in progress: the worker requests one material, the storekeeper
validates the issue, the worker returns one unit, the storekeeper validates
the return (two pickings per order). The baseline: 2N plain internal pickings
of one move each, confirmed, reserved and validated by the same storekeeper.
Prints figures; asserts nothing about time (machines differ)."""

import time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.hospital_repair_stock.tests.common import HospitalRepairStockCommon

N = 30
ROUNDS = 3


@tagged("post_install", "-at_install", "bench")
class TestBenchMaterials(HospitalRepairStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.lamp, 100000)

    def _running_orders(self, n):
        Order = self.env["hospital.repair.order"].with_user(self.dispatcher).with_context(
            default_reporter_id=False)
        orders = Order.create([{
            "reporter_name": f"Caller {i}", "contact_phone": "8123", "channel": "phone",
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "description": "Lamp broken",
        } for i in range(n)])
        orders.action_submit()
        orders.action_accept()
        orders.with_user(self.worker).action_start()
        orders.with_user(self.worker).write({"material_line_ids": [
            Command.create({"product_id": self.lamp.id, "product_uom_qty": 2})]})
        self.env.flush_all()
        return orders.with_env(self.env)

    def _materials(self, orders):
        for order in orders:
            order.with_user(self.worker).action_request_materials()
            order.picking_ids.with_user(self.storekeeper).button_validate()
            order.material_line_ids.with_user(self.worker).return_qty = 1
            order.with_user(self.worker).action_return_materials()
            (order.picking_ids.filtered(lambda p: p.state != "done")
             .with_user(self.storekeeper).button_validate())
        self.env.flush_all()
        self.env.cr.flush()

    def _pickings(self, n):
        Picking = self.env["stock.picking"].with_user(self.storekeeper)
        picking_type = self.warehouse.int_type_id
        for _i in range(n):
            picking = Picking.create({
                "picking_type_id": picking_type.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.consume_location.id,
                "move_ids": [Command.create({
                    "product_id": self.lamp.id, "product_uom_qty": 2,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.consume_location.id,
                })],
            })
            picking.action_confirm()
            picking.action_assign()
            picking.button_validate()
        self.env.flush_all()
        self.env.cr.flush()

    def _measure(self, func, arg):
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        start = time.perf_counter()
        func(arg)
        return time.perf_counter() - start, self.env.cr.sql_log_count - queries

    def test_bench_issue_and_return(self):
        self._materials(self._running_orders(2))
        self._pickings(4)  # warm both
        best = {}
        for _round in range(ROUNDS):
            orders = self._running_orders(N)
            for name, func, arg in (("materials", self._materials, orders),
                                    ("pickings", self._pickings, 2 * N)):
                seconds, queries = self._measure(func, arg)
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, queries)
        (m_s, m_q), (p_s, p_q) = best["materials"], best["pickings"]
        print(
            f"\nbench_materials N={N} orders (best of {ROUNDS}):"
            f"\n  request+issue+return+validate, {2 * N} pickings: {m_s:.3f}s, {m_q} queries "
            f"({m_q / N:.1f}/order)"
            f"\n  {2 * N} plain internal pickings validated:        {p_s:.3f}s, {p_q} queries "
            f"({p_q / N:.1f}/2 pickings)"
            f"\n  ratio time {m_s / p_s:.2f}x, queries {m_q / p_q:.2f}x"
        )
        self.assertEqual(sum(orders.material_line_ids.mapped("qty_consumed")), N)
