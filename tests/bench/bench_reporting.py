"""Benchmark of the reporting on generated orders (not part of the normal suite).

    python3 -m pytest -s --odoo-database=i15_t --odoo-addons-path=$AP \
        tests/bench/bench_reporting.py
    BENCH_SIZES=100000 ... to run one size only.
    BENCH_SIZES=1000000 BENCH_KEEP=1 ... to generate the orders once and reuse
        them: the first run commits them (with their users, zones...) in the
        database, replacing every order it had (the demo's too), and later
        runs with the same size measure them as they are (a few minutes less
        per run), vacuumed as autovacuum would leave them. Use a database of
        the bench's own. Without it, the orders are measured as generated, in
        the test's transaction: twice their size in dead rows, and no
        visibility map (index-only scans still read the table).
    BENCH_VERBOSE=N prints the N slowest queries of each case (N > 4: with
        their EXPLAIN ANALYZE).

PostgreSQL runs with the README's settings for this volume (jit = off,
work_mem = 32MB, set for the test's transaction); the pivot is measured again
with the server's defaults.

Prints, for 100k and 1M orders generated with SQL, the time and query count
of the dashboard (get_dashboard_data) and of the monthly pivot (_read_group on
hospital.repair.report by month and category), as ratios to a plain
_read_group on hospital.repair.order by the same groups in the same run; of
the desk's list of 80 (web_search_read as the web client calls it, with its
count up to 10,001) as a ratio to the same list of Odoo's maintenance.request;
of "my repairs" (/my/repairs: its count and first page) for a portal reporter
and for two internal requesters under the requester's rule (a nurse of one
department who leads another; a nurse of a small ward who approved a few
orders); and the sequential scans EXPLAIN shows in their queries.
"""

import os
import re
import time
from ast import literal_eval
from contextlib import contextmanager

from bench_data import SLA_COLUMNS_SQL

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools.sql import SQL

from odoo.addons.hospital_repair.const import PORTAL_COUNT_LIMIT

# the desk's list view (hospital_repair_order_view_list)
DESK_LIST_FIELDS = ["name", "date_reported", "priority", "zone_id", "location", "category_id",
                    "department_id", "reporter_name", "user_id", "is_overdue", "state"]
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
KEEP = os.environ.get("BENCH_KEEP") == "1"
if KEEP and len(SIZES) != 1:
    raise ValueError("BENCH_KEEP=1 keeps one size: give it in BENCH_SIZES")



@tagged("post_install", "-at_install", "-standard", "bench")
class BenchReporting(TransactionCase):
    @classmethod
    def setUpClass(cls):
        if KEEP:
            # the kept fixtures and orders, in a committed transaction of
            # their own, before the test's transaction starts (it sees them)
            registry = Registry(get_db_name())
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                fixtures = cls._fixtures(env)
                cr.execute("SELECT COUNT(*) FROM hospital_repair_order WHERE name LIKE 'BENCH%'")
                generate = cr.fetchone()[0] != SIZES[0]
                if generate:
                    cls._generate(env, fixtures, SIZES[0])
            if generate:
                # as autovacuum leaves the tables in production: no dead rows
                # of the generation's UPDATE, and the visibility map that
                # index-only scans need
                with registry.cursor() as cr:
                    cr._cnx.autocommit = True
                    for table in ("hospital_repair_order", "hospital_repair_evaluation",
                                  "maintenance_request"):
                        cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))
        super().setUpClass()
        for key, value in cls._fixtures(cls.env).items():
            setattr(cls, key, value)
        cls.env.flush_all()

    @staticmethod
    def _fixtures(env):
        """The users, zones, categories... of the generated orders: found
        when BENCH_KEEP left them in the database, else created."""
        def user(login, groups):
            found = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
            return found or new_test_user(env, login, groups=groups)

        fixtures = {
            "manager": user("i15_bench_manager", "hospital_repair.group_repair_manager"),
            "workers": env["res.users"].concat(*(
                user(f"i15_bench_w{i}", "hospital_repair.group_repair_worker")
                for i in range(20))),
            "desk": user("i25_bench_desk", "hospital_repair.group_repair_dispatcher"),
            # the baseline's user: a maintenance manager, who sees every request
            "maintenance_manager": user("i25_bench_maintenance",
                                        "maintenance.group_equipment_manager"),
            "portal": user("i25_bench_portal", "base.group_portal"),
        }
        Zone = env["hospital.repair.zone"]
        campus = Zone.search([("name", "=", "Bench"), ("zone_type", "=", "campus")], limit=1)
        if not campus:
            campus = Zone.create({"name": "Bench", "zone_type": "campus"})
            for b in range(5):
                building = Zone.create({"name": f"B{b}", "zone_type": "building",
                                        "parent_id": campus.id,
                                        "user_id": fixtures["workers"][b].id})
                Zone.create([{"name": f"F{f}", "zone_type": "floor", "parent_id": building.id}
                             for f in range(8)])
        fixtures["zones"] = Zone.search([("zone_type", "=", "floor"),
                                         ("parent_id.parent_id", "=", campus.id)], order="id")
        Category = env["hospital.repair.category"]
        fixtures["categories"] = Category.search([("name", "=like", "Bench %")], order="id") or \
            Category.create([{"name": f"Bench {i}", "response_hours": 1 + i % 3,
                              "completion_hours": 8 + 8 * (i % 3)} for i in range(8)])
        Department = env["hr.department"]
        fixtures["departments"] = Department.search(
            [("name", "=like", "Dept %")], order="id") or \
            Department.create([{"name": f"Dept {i}"} for i in range(15)])
        Team = env["maintenance.team"]
        fixtures["team"] = Team.search([("name", "=", "Bench")], limit=1) or \
            Team.create({"name": "Bench"})
        # a nurse of the first department who leads the second: "my repairs"
        # of an internal requester, through the requester's rule
        requester = fixtures["requester"] = user("i25_bench_requester",
                                                 "hospital_repair.group_repair_requester")
        if not requester.employee_ids:
            employee = env["hr.employee"].create({
                "name": "Bench nurse", "user_id": requester.id,
                "department_id": fixtures["departments"][0].id})
            fixtures["departments"][1].manager_id = employee
        # a nurse of a small ward (none of the generated orders) who approves
        # one order in 20,000: the rule's department and approval branches
        # each find a few rows among a million
        ward = env["hr.department"].search([("name", "=", "Bench small ward")], limit=1) or \
            env["hr.department"].create({"name": "Bench small ward"})
        small = fixtures["small_requester"] = user("i25_bench_small",
                                                   "hospital_repair.group_repair_requester")
        if not small.employee_ids:
            env["hr.employee"].create({"name": "Bench ward nurse", "user_id": small.id,
                                       "department_id": ward.id})
        return fixtures

    @staticmethod
    def _generate(env, fx, n):
        cr = env.cr
        # every row that hangs on an order goes too (the demo's pickings,
        # settlements...); rolled back with the test
        cr.execute("TRUNCATE hospital_repair_order, maintenance_request CASCADE")
        def arr(recs):
            return f"ARRAY[{','.join(str(i) for i in recs.ids)}]"

        # the stored leader of each order's department, as the ORM keeps it
        leaders = "ARRAY[%s]::int[]" % ",".join(
            str(d.manager_id.user_id.id or "NULL") for d in fx["departments"])
        cr.execute(f"""
            INSERT INTO hospital_repair_order (
                name, state, company_id, channel, zone_id, category_id, priority, description,
                reporter_name, reporter_id, department_id, department_leader_id, user_id,
                duty_user_id, result,
                reopen_count, urge_count,
                date_reported, date_accepted, date_assigned, date_started, date_done,
                date_verified, date_closed, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH' || g,
                   CASE WHEN g % 50 = 0 THEN 'submitted' WHEN g % 50 = 1 THEN 'in_progress'
                        WHEN g % 50 = 2 THEN 'cancelled' ELSE 'closed' END,
                   {env.company.id}, 'phone',
                   ({arr(fx["zones"])})[1 + g % {len(fx["zones"])}],
                   ({arr(fx["categories"])})[1 + g % {len(fx["categories"])}],
                   'normal', 'bench', 'bench',
                   -- a reporter of the portal made one order in 2,000
                   CASE WHEN g % 2000 = 7 THEN {fx["portal"].id} END,
                   ({arr(fx["departments"])})[1 + g % {len(fx["departments"])}],
                   ({leaders})[1 + g % {len(fx["departments"])}],
                   ({arr(fx["workers"])})[1 + g % {len(fx["workers"])}],
                   {fx["manager"].id},
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
        # as many of Odoo's own requests, the baseline of the desk's list
        cr.execute(f"""
            INSERT INTO maintenance_request (
                name, company_id, maintenance_team_id, kanban_state, priority, user_id,
                request_date, archive, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH' || g, {env.company.id}, {fx["team"].id}, 'normal', '0',
                   ({arr(fx["workers"])})[1 + g % {len(fx["workers"])}],
                   (NOW() AT TIME ZONE 'UTC')::date - (g % 730), FALSE, 1, 1,
                   NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM generate_series(1, {int(n)}) g
        """)
        cr.execute("ANALYZE maintenance_request")
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
        cr.execute(f"""
            INSERT INTO hospital_repair_approval (order_id, company_id, sequence, role,
                approver_id, state, create_uid, write_uid, create_date, write_date)
            SELECT id, company_id, 10, 'department_leader', {fx["small_requester"].id},
                   'approved', 1, 1, create_date, create_date
              FROM hospital_repair_order WHERE name LIKE 'BENCH%' AND id % 20000 = 7
        """)
        cr.execute("ANALYZE hospital_repair_order")
        cr.execute("ANALYZE hospital_repair_evaluation")
        cr.execute("ANALYZE hospital_repair_approval")
        env.invalidate_all()

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
            found = re.findall(r"Seq Scan on (\w+)", plan)
            scans.update(found)
            ms = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
            slow.append((ms, sorted(set(found)), " ".join(query.split()), plan))
        verbose = int(os.environ.get("BENCH_VERBOSE") or 0)
        for ms, found, text, plan in sorted(slow, reverse=True)[:verbose]:
            print(f"    {ms:8.1f} ms  [{', '.join(found)}] {text[:160]} ... {text[-300:]}")
            if verbose > 4:
                print(plan)
        return sorted(scans)

    def test_bench(self):
        Report = self.env["hospital.repair.report"].with_user(self.manager)
        Order = self.env["hospital.repair.order"].with_user(self.manager)
        groupby = ["date_reported:month", "category_id"]
        # the lists as the web client asks for them: the desk's action (its
        # domain, the order's default order) and Odoo's maintenance requests
        desk_action = self.env.ref("hospital_repair.hospital_repair_order_action_desk")
        desk_domain = literal_eval(desk_action.domain)
        many2one = {"fields": {"display_name": {}}}
        desk_spec = {f: many2one if self.env["hospital.repair.order"]._fields[f].type == "many2one"
                     else {} for f in DESK_LIST_FIELDS}
        Desk = self.env["hospital.repair.order"].with_user(self.desk)
        Request = self.env["maintenance.request"].with_user(self.maintenance_manager)
        request_spec = {"name": {}, "request_date": {}, "user_id": many2one,
                        "stage_id": many2one, "maintenance_team_id": many2one, "priority": {}}
        def my_repairs(user):
            # what /my/repairs reads: the count of the pager and one page
            Mine = self.env["hospital.repair.order"].with_user(user)
            Mine.search_count([], limit=PORTAL_COUNT_LIMIT)
            Mine.search_fetch([], ["name", "state", "date_reported", "zone_id", "category_id",
                                   "description"], order="date_reported desc, id desc", limit=20)

        cases = {
            "baseline: order _read_group": lambda: Order._read_group([], groupby, ["__count"]),
            "monthly pivot on the report": lambda: Report._read_group(
                [], groupby, ["order_count:sum", "hours_to_done:avg", "overdue_rate:avg",
                              "score_average:avg"]),
            "dashboard": Report.get_dashboard_data,
            "desk list of 80": lambda: Desk.web_search_read(
                desk_domain, desk_spec, limit=80, count_limit=10001),
            "baseline: maintenance list of 80": lambda: Request.web_search_read(
                [], request_spec, limit=80, count_limit=10001),
            "portal: my repairs": lambda: my_repairs(self.portal),
            "requester: my repairs": lambda: my_repairs(self.requester),
            "small ward: my repairs": lambda: my_repairs(self.small_requester),
        }
        for n in SIZES:
            start = time.perf_counter()
            if not KEEP:
                self._generate(self.env, self._fixtures(self.env), n)
            # the settings the figures depend on: JIT compiles the pivot's
            # query (not the baseline's, cheaper), work_mem decides whether
            # its groups are hashed or sorted on disk. Measured with the
            # README's settings for this volume (its sizing table), then the
            # pivot again with the server's defaults.
            self.env.cr.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
            settings = []
            for name in ("jit", "work_mem"):
                self.env.cr.execute(SQL("SHOW %s", SQL.identifier(name)))
                settings.append(f"{name}={self.env.cr.fetchone()[0]}")
            print(f"\n=== {n:,} orders (generated in {time.perf_counter() - start:.1f}s;"
                  f" PostgreSQL {', '.join(settings)}) ===")
            if not KEEP:
                print("(in the generation's transaction, not vacuumed: index-only scans read"
                      " the table, the orders' twice over; BENCH_KEEP=1 measures them as"
                      " autovacuum leaves them)")
            base = None
            ms = {}
            scans = {}
            for label, func in cases.items():
                elapsed, queries = self._measure(func)
                base = base or elapsed
                ms[label] = elapsed * 1000
                scans[label] = self._seq_scans(func)
                print(f"{label:32s} {elapsed * 1000:9.1f} ms  x{elapsed / base:6.2f}"
                      f"  {queries:3d} queries  seq scans: {', '.join(scans[label]) or '-'}")
            base_ms = ms["baseline: order _read_group"]
            print(
                f"targets: dashboard x{ms['dashboard'] / base_ms:.2f} (<= 0.25), "
                f"pivot x{ms['monthly pivot on the report'] / base_ms:.2f} (<= 2), desk list "
                f"x{ms['desk list of 80'] / ms['baseline: maintenance list of 80']:.2f} of "
                f"maintenance's (<= 2), my repairs {ms['portal: my repairs']:.1f} ms, "
                f"{ms['requester: my repairs']:.1f} ms and {ms['small ward: my repairs']:.1f} ms"
                " (<= 50)")
            self.env.cr.execute("SET LOCAL jit TO DEFAULT; SET LOCAL work_mem TO DEFAULT")
            base_default = self._measure(cases["baseline: order _read_group"])[0]
            pivot_default = self._measure(cases["monthly pivot on the report"])[0]
            print(f"with the server's defaults: baseline {base_default * 1000:.1f} ms, pivot "
                  f"{pivot_default * 1000:.1f} ms (x{pivot_default / base_default:.2f})")
            lists = ("dashboard", "desk list of 80", "portal: my repairs", "requester: my repairs",
                     "small ward: my repairs")
            scanned = [label for label in lists if "hospital_repair_order" in scans[label]]
            print(f"EXPLAIN: Seq Scan on hospital_repair_order in {', '.join(scanned) or 'none'}"
                  " of the dashboard, the desk list and the three my repairs")
            self.assertTrue(Report.search_count([]) >= n)
