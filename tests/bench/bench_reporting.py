"""Benchmark of the reporting on generated orders (not part of the normal suite).

    python3 -m pytest -s --odoo-database=i15_t --odoo-addons-path=$AP \
        tests/bench/bench_reporting.py
    BENCH_SIZES=100000 ... to run one size only.

Prints, for 100k and 1M orders generated with SQL, the time and query count
of the dashboard (get_dashboard_data) and of the monthly pivot (_read_group on
hospital.repair.report by month and category), as ratios to a plain
_read_group on hospital.repair.order by the same groups in the same run, and
the sequential scans EXPLAIN shows in their queries.
"""

import os
import re
import time
from contextlib import contextmanager

from bench_data import SLA_COLUMNS_SQL

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.sql import SQL

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]



@tagged("post_install", "-at_install", "-standard", "bench")
class BenchReporting(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.manager = new_test_user(env, "i15_bench_manager",
                                    groups="hospital_repair.group_repair_manager")
        cls.workers = env["res.users"].concat(*(
            new_test_user(env, f"i15_bench_w{i}", groups="hospital_repair.group_repair_worker")
            for i in range(20)))
        Zone = env["hospital.repair.zone"]
        campus = Zone.create({"name": "Bench", "zone_type": "campus"})
        cls.zones = Zone
        for b in range(5):
            building = Zone.create({"name": f"B{b}", "zone_type": "building",
                                    "parent_id": campus.id, "user_id": cls.workers[b].id})
            for f in range(8):
                cls.zones |= Zone.create({"name": f"F{f}", "zone_type": "floor",
                                          "parent_id": building.id})
        cls.categories = env["hospital.repair.category"].create([
            {"name": f"Bench {i}", "response_hours": 1 + i % 3, "completion_hours": 8 + 8 * (i % 3)}
            for i in range(8)])
        cls.departments = env["hr.department"].create([{"name": f"Dept {i}"} for i in range(15)])
        env.flush_all()

    def _generate(self, n):
        cr = self.env.cr
        cr.execute("DELETE FROM hospital_repair_evaluation")
        cr.execute("DELETE FROM hospital_repair_complaint")
        cr.execute("DELETE FROM hospital_repair_order")
        def arr(recs):
            return f"ARRAY[{','.join(str(i) for i in recs.ids)}]"

        cr.execute(f"""
            INSERT INTO hospital_repair_order (
                name, state, company_id, channel, zone_id, category_id, priority, description,
                reporter_name, department_id, user_id, duty_user_id, result,
                reopen_count, urge_count,
                date_reported, date_accepted, date_assigned, date_started, date_done,
                date_verified, date_closed, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH' || g,
                   CASE WHEN g % 50 = 0 THEN 'submitted' WHEN g % 50 = 1 THEN 'in_progress'
                        WHEN g % 50 = 2 THEN 'cancelled' ELSE 'closed' END,
                   {self.env.company.id}, 'phone',
                   ({arr(self.zones)})[1 + g % {len(self.zones)}],
                   ({arr(self.categories)})[1 + g % {len(self.categories)}],
                   'normal', 'bench', 'bench',
                   ({arr(self.departments)})[1 + g % {len(self.departments)}],
                   ({arr(self.workers)})[1 + g % {len(self.workers)}],
                   {self.manager.id},
                   CASE WHEN g % 50 > 2 THEN (CASE WHEN g % 17 = 0 THEN 'failure' ELSE 'success' END) END,
                   (g % 23 = 0)::int, g % 7,
                   rep, rep + (g % 5) * INTERVAL '30 minutes',
                   rep + (g % 5) * INTERVAL '30 minutes' + INTERVAL '10 minutes',
                   CASE WHEN g % 50 <> 0 THEN rep + INTERVAL '2 hours' END,
                   CASE WHEN g % 50 > 2 THEN rep + (g % 40) * INTERVAL '1 hour' END,
                   CASE WHEN g % 50 > 2 THEN rep + INTERVAL '3 days' END,
                   CASE WHEN g % 50 > 2 THEN rep + INTERVAL '4 days' END,
                   1, 1, rep, rep
              FROM (SELECT g, (NOW() AT TIME ZONE 'UTC') - (g % 730) * INTERVAL '1 day'
                             - (g % 24) * INTERVAL '1 hour' AS rep
                      FROM generate_series(1, {int(n)}) g) s
        """)
        cr.execute(SLA_COLUMNS_SQL, {"prefix": "BENCH%"})
        cr.execute("""
            INSERT INTO hospital_repair_evaluation (order_id, company_id, user_id, duty_user_id,
                score_quality, score_attitude, score_timeliness, score_desk, score_average,
                create_uid, write_uid, create_date, write_date)
            SELECT id, company_id, user_id, duty_user_id, 1 + id % 5, 1 + (id + 1) % 5,
                   1 + (id + 2) % 5, 1 + (id + 3) % 5,
                   (4 + id % 5 + (id + 1) % 5 + (id + 2) % 5 + (id + 3) % 5) / 4.0,
                   1, 1, create_date, create_date
              FROM hospital_repair_order WHERE state = 'closed' AND id % 3 = 0
        """)
        cr.execute("ANALYZE hospital_repair_order")
        cr.execute("ANALYZE hospital_repair_evaluation")
        self.env.invalidate_all()

    @contextmanager
    def _capture(self):
        """Collect the SELECTs run inside the block, to EXPLAIN them."""
        cr = self.env.cr
        captured = []
        execute = cr.execute

        def spy(query, params=None, log_exceptions=True):
            if isinstance(query, SQL):
                text = cr.mogrify(query.code, query.params).decode()
            else:
                text = cr.mogrify(query, params).decode()
            if text.lstrip().upper().startswith("SELECT"):
                captured.append(text)
            return execute(query, params, log_exceptions)

        cr.execute = spy
        try:
            yield captured
        finally:
            del cr.execute

    def _measure(self, func, repeat=3):
        best = None
        count = 0
        for _i in range(repeat):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            start = time.perf_counter()
            func()
            elapsed = time.perf_counter() - start
            count = self.env.cr.sql_log_count - before
            best = elapsed if best is None else min(best, elapsed)
        return best, count

    def _seq_scans(self, func):
        with self._capture() as queries:
            self.env.invalidate_all()
            func()
        scans = set()
        slow = []
        for query in queries:
            self.env.cr.execute("EXPLAIN ANALYZE " + query)
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            scans.update(re.findall(r"Seq Scan on (\w+)", plan))
            ms = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
            slow.append((ms, " ".join(query.split())[:160]))
        if os.environ.get("BENCH_VERBOSE"):
            for ms, text in sorted(slow, reverse=True)[:4]:
                print(f"    {ms:8.1f} ms  {text}")
        return sorted(scans)

    def test_bench(self):
        Report = self.env["hospital.repair.report"].with_user(self.manager)
        Order = self.env["hospital.repair.order"].with_user(self.manager)
        groupby = ["date_reported:month", "category_id"]
        cases = {
            "baseline: order _read_group": lambda: Order._read_group([], groupby, ["__count"]),
            "monthly pivot on the report": lambda: Report._read_group(
                [], groupby, ["order_count:sum", "hours_to_done:avg", "overdue_rate:avg",
                              "score_average:avg"]),
            "dashboard": Report.get_dashboard_data,
        }
        for n in SIZES:
            start = time.perf_counter()
            self._generate(n)
            print(f"\n=== {n:,} orders (generated in {time.perf_counter() - start:.1f}s) ===")
            base = None
            for label, func in cases.items():
                elapsed, queries = self._measure(func)
                base = base or elapsed
                print(f"{label:32s} {elapsed * 1000:9.1f} ms  x{elapsed / base:6.2f}"
                      f"  {queries:3d} queries  seq scans: {', '.join(self._seq_scans(func)) or '-'}")
            self.assertTrue(Report.search_count([]) >= n)
