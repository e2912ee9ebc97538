"""Benchmark of the big screen's data (not part of the normal suite).

    python3 -m pytest -s --odoo-database=i17_t --odoo-addons-path=$AP \
        tests/bench/bench_board.py
    BENCH_ORDERS=100000 BENCH_SCREENS=50 BENCH_POLLS=20 to change the sizes.

Generates the orders with SQL in a committed transaction of its own (an Odoo
started with --workers=2 must see them), and removes them at the end.
Prints:
- the time of ``_get_board_data`` and its query count, as a ratio to a plain
  ``_read_group`` of the orders by state in the same run;
- the latency (median, p95, max) of /repair/board/data when BENCH_SCREENS
  screens each poll it BENCH_POLLS times at once, over HTTP on 127.0.0.1,
  against ``odoo --workers=2``.
"""

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests
from bench_data import SLA_COLUMNS_SQL

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tools import SQL, config

ORDERS = int(os.environ.get("BENCH_ORDERS", "100000"))
SCREENS = int(os.environ.get("BENCH_SCREENS", "50"))
POLLS = int(os.environ.get("BENCH_POLLS", "20"))
RUNS = 7
LOG = os.environ.get("BENCH_LOG", "/tmp/bench_board_server.log")



# Started as ``python launcher.py [odoo options]``. The prefork server also
# starts ``python launcher.py gevent …`` for websockets, which this bench does
# not measure: that child idles until its parent ends instead of taking CPU.
LAUNCHER = """
import os, sys, time
if sys.argv[1:2] == ["gevent"]:
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)
    sys.exit(0)
from odoo.cli.command import main
main()
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _median_time(func, runs=RUNS):
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@tagged("post_install", "-at_install", "-standard", "bench")
class BenchBoard(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = config["db_name"][0] if isinstance(config["db_name"], list) else config["db_name"]
        cls.registry = Registry(cls.dbname)
        cls.token = secrets.token_urlsafe(32)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            zones = env["hospital.repair.zone"]
            campus = zones.create({"name": "BENCH-I17", "zone_type": "campus"})
            for b in range(5):
                building = zones.create({"name": f"B{b}", "zone_type": "building", "parent_id": campus.id})
                zones |= building
                for f in range(6):
                    zones |= zones.create({"name": f"F{f}", "zone_type": "floor", "parent_id": building.id})
            categories = env["hospital.repair.category"].create([
                {"name": f"BENCH-I17 {i}", "response_hours": 1 + i % 3, "completion_hours": 8 * (1 + i % 3)}
                for i in range(6)
            ])
            workers = env["res.users"].create([
                {"name": f"Bench Worker {i}", "login": f"i17_bench_w{i}",
                 "group_ids": [(6, 0, env.ref("hospital_repair.group_repair_worker").ids)]}
                for i in range(20)
            ])
            board = env["hospital.repair.board"].create({"name": "BENCH-I17"})
            # The manager's button would do the same; the token is known here.
            cr.execute("UPDATE hospital_repair_board SET access_token = %s WHERE id = %s",
                       (cls.token, board.id))
            env.registry.clear_cache()
            array = lambda recs: SQL("%s::int[]", list(recs.ids))
            # 2% open, spread over a year, some reported today.
            cr.execute(SQL(
                """
                INSERT INTO hospital_repair_order (
                    name, state, company_id, channel, zone_id, category_id, priority, description,
                    reporter_name, contact_phone, user_id, urge_count, reopen_count,
                    date_reported, date_accepted, date_started, date_done, date_verified, date_closed,
                    create_uid, write_uid, create_date, write_date)
                SELECT 'BENCH-I17-' || g,
                       CASE WHEN g %% 50 = 0 THEN 'submitted' WHEN g %% 50 = 1 THEN 'in_progress'
                            WHEN g %% 50 = 2 THEN 'assigned' ELSE 'closed' END,
                       %(company)s, 'phone',
                       (%(zones)s)[1 + g %% %(nzones)s], (%(categories)s)[1 + g %% %(ncategories)s],
                       'normal', 'bench', '张三', '13800138000',
                       CASE WHEN g %% 50 <> 0 THEN (%(workers)s)[1 + g %% %(nworkers)s] END,
                       g %% 3, 0,
                       rep, rep + INTERVAL '20 minutes', rep + INTERVAL '1 hour',
                       CASE WHEN g %% 50 > 2 THEN rep + INTERVAL '5 hours' END,
                       CASE WHEN g %% 50 > 2 THEN rep + INTERVAL '1 day' END,
                       CASE WHEN g %% 50 > 2 THEN rep + INTERVAL '2 days' END,
                       1, 1, rep, rep
                  FROM (SELECT g, now() AT TIME ZONE 'UTC' - (g %% 365) * INTERVAL '1 day'
                                  - (g %% 1440) * INTERVAL '1 minute' AS rep
                          FROM generate_series(1, %(n)s) g) s
                """,
                company=env.company.id, zones=array(zones), nzones=len(zones),
                categories=array(categories), ncategories=len(categories),
                workers=array(workers), nworkers=len(workers), n=ORDERS,
            ))
            cr.execute(SLA_COLUMNS_SQL, {"prefix": "BENCH-I17-%"})
            cr.execute("ANALYZE hospital_repair_order")
            cr.commit()
            cls.ids = {
                "zones": zones.ids + campus.ids, "categories": categories.ids,
                "workers": workers.ids, "board": board.id,
            }
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            cr.execute("DELETE FROM hospital_repair_order WHERE name LIKE 'BENCH-I17-%%'")
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["hospital.repair.board"].browse(cls.ids["board"]).unlink()
            env["res.users"].browse(cls.ids["workers"]).unlink()
            env["hospital.repair.category"].browse(cls.ids["categories"]).unlink()
            env["hospital.repair.zone"].browse(sorted(cls.ids["zones"], reverse=True)).unlink()
            cr.commit()

    def test_data_time(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            board = env["hospital.repair.board"].browse(self.ids["board"])
            Order = env["hospital.repair.order"]
            board._get_board_data()  # warm the settings cache
            env.flush_all()
            count0 = cr.sql_log_count
            data = board._get_board_data()
            queries = cr.sql_log_count - count0
            baseline = _median_time(lambda: Order._read_group([], ["state"], ["__count"]))
            board_time = _median_time(board._get_board_data)
        print(
            f"\n[bench_board] {ORDERS} orders ({data['counts']['open']} open, "
            f"{len(data['orders'])} listed): _get_board_data {board_time * 1000:.1f} ms, "
            f"{queries} queries; plain _read_group by state {baseline * 1000:.1f} ms; "
            f"ratio {board_time / baseline:.2f}"
        )

    def test_screens_polling(self):
        port = _free_port()
        addons_path = config["addons_path"]
        if not isinstance(addons_path, str):
            addons_path = ",".join(addons_path)
        launcher = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)  # noqa: SIM115
        launcher.write(LAUNCHER)
        launcher.close()
        self.addCleanup(os.unlink, launcher.name)
        server = subprocess.Popen(
            [sys.executable, launcher.name, "server", f"--addons-path={addons_path}",
             "-d", self.dbname, f"--db-filter=^{self.dbname}$", "--workers=2",
             "--max-cron-threads=0", "--http-interface=127.0.0.1", f"--http-port={port}",
             "--log-level=warn", "--no-database-list"],
            stdout=subprocess.DEVNULL, stderr=open(LOG, "w"),  # noqa: SIM115
        )
        try:
            url = f"http://127.0.0.1:{port}/repair/board/data"
            headers = {"X-Repair-Board-Token": self.token}
            for _i in range(120):  # the server starts in a few seconds
                try:
                    if requests.post(url, headers=headers, timeout=30).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                time.sleep(0.5)
            else:
                self.fail("odoo --workers=2 did not answer")
            baseline = _median_time(lambda: requests.post(url, headers=headers, timeout=30))
            latencies, errors = [], []
            lock = threading.Lock()
            start_all = threading.Barrier(SCREENS)

            def screen():
                session = requests.Session()
                start_all.wait()
                for _i in range(POLLS):
                    start = time.perf_counter()
                    try:
                        ok = session.post(url, headers=headers, timeout=60).status_code == 200
                    except requests.RequestException:
                        ok = False
                    elapsed = time.perf_counter() - start
                    with lock:
                        (latencies if ok else errors).append(elapsed)

            threads = [threading.Thread(target=screen) for _i in range(SCREENS)]
            wall = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - wall
        finally:
            server.terminate()
            server.wait(30)
        # Failed requests count in the percentiles with the time they took.
        latencies = sorted(latencies + errors)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"\n[bench_board] {SCREENS} screens x {POLLS} polls on --workers=2, {ORDERS} orders: "
            f"one screen alone {baseline * 1000:.0f} ms; median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms (x{p95 / baseline:.1f} the lone screen), max {latencies[-1] * 1000:.0f} ms; "
            f"{(len(latencies) - len(errors)) / wall:.1f} req/s; failed (timeouts, resets) {len(errors)}"
        )
        self.assertGreater(len(latencies) - len(errors), 0, "no screen got its data")
