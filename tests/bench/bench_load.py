"""Load test of the production setup (on demand, never in `make test`).

    make load                                   # installs a fresh demo database first
    python3 -m pytest -s -p no:cacheprovider --odoo-database=DB \\
        --odoo-addons-path=$AP tests/bench/bench_load.py   # on an existing demo database

Starts the tested production stack of tests/prod/stack.py on 127.0.0.1
(nginx → Odoo with --workers=2, its cron worker and gevent process;
LOAD_NODES=2 and LOAD_REPLICA=1 for two nodes and the replica), then runs
locust (tests/bench/locustfile.py, in the virtualenv .venv-bench created
here from tests/bench/requirements-load.txt) with mixed hospital traffic,
then, with as many users, the same kinds of operations on Odoo's bare
maintenance.request (the machine's ceiling for plain Odoo screens).
Every login gets its session before the run (staff stay logged in for
days) and the figures are reset once all users have started, so they show
the steady state; logins are measured on their own, as a burst. Prints, per
operation: requests/s, p50/p95/p99 and errors; the ratios to the baseline;
a burst of LOAD_BURST (200) simultaneous logins; each Odoo process's memory
against limit_memory_soft. Figures, not assertions.

    LOAD_USERS=150 LOAD_SPAWN_RATE=20 LOAD_TIME=60s LOAD_BURST=200

A locust user waits 1 to 3 s between its requests, as a person reading
what they got does: 60 requests/s needs about 150 users.
"""

import configparser
import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

import odoo
from odoo.tests.common import get_db_name

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "prod"))
from stack import ADMIN_PASSWORD, DEMO_PASSWORD, PROD_CONFIG, REPO, Stack, call_kw

USERS = int(os.environ.get("LOAD_USERS", "150"))
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "20")
RUN_TIME = os.environ.get("LOAD_TIME", "60s")
BURST = int(os.environ.get("LOAD_BURST", "200"))
VENV = REPO / ".venv-bench"
REQUIREMENTS = REPO / "tests" / "bench" / "requirements-load.txt"
# ours -> the same kind of operation on maintenance.request
BASELINE = {
    "desk:list": "base:list", "worker:list": "base:list", "desk:form": "base:form",
    "worker:form": "base:form", "desk:create": "base:create", "desk:accept": "base:assign",
    "manager:pivot": "base:pivot",
}


def locust_binary():
    """.venv-bench with the pinned locust (its gevent and Flask would replace
    Odoo's pins in Odoo's own Python)."""
    binary = VENV / "bin" / "locust"
    stamp = VENV / ".requirements"
    if not binary.exists() or not stamp.exists() or stamp.read_text() != REQUIREMENTS.read_text():
        if not (VENV / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(REQUIREMENTS.read_text())
    return binary


def settings(stack):
    """Who the simulated people are, from the demo hospital."""
    q = stack.primary.psql
    db = stack.db

    def logins(where):
        return ",".join(q(f"SELECT u.login FROM res_users u JOIN res_groups_users_rel r ON r.uid = u.id"
                          f" JOIN ir_model_data d ON d.res_id = r.gid AND d.model = 'res.groups'"
                          f" WHERE u.active AND d.module = 'hospital_repair' AND d.name = '{where}'"
                          f" ORDER BY u.login", db).split())

    return {
        "LOAD_BASELINE_LOGIN": "admin",
        "LOAD_DESK": logins("group_repair_dispatcher"),
        "LOAD_WORKERS": logins("group_repair_worker"),
        "LOAD_MANAGERS": logins("group_repair_manager"),
        "LOAD_REQUESTERS": ",".join(q("SELECT login FROM res_users WHERE login LIKE '%\\_staff'"
                                      " OR login LIKE '%\\_leader' ORDER BY login", db).split()),
        "LOAD_BOARD_TOKEN": q("SELECT access_token FROM hospital_repair_board"
                              " WHERE access_token IS NOT NULL ORDER BY id LIMIT 1", db),
        "LOAD_CATEGORY": q("SELECT id FROM hospital_repair_category WHERE NOT coalesce(approval_required, false)"
                           " ORDER BY id LIMIT 1", db),
        "LOAD_ZONES": ",".join(q("SELECT id FROM hospital_repair_zone WHERE zone_type = 'floor'"
                                 " ORDER BY id", db).split()),
    }


def open_sessions(stack, env, path):
    """One session per login, opened through nginx, written to ``path``
    (login -> [session id, uid]) for locustfile.py."""
    logins = {login for key in ("LOAD_DESK", "LOAD_WORKERS", "LOAD_REQUESTERS", "LOAD_MANAGERS")
              for login in env[key].split(",")}

    def one(login):
        password = ADMIN_PASSWORD if login == env["LOAD_BASELINE_LOGIN"] else DEMO_PASSWORD
        response = requests.post(f"{stack.nginx.url}/web/session/authenticate", timeout=600, json={
            "jsonrpc": "2.0", "method": "call",
            "params": {"db": stack.db, "login": login, "password": password}})
        return login, [response.cookies["session_id"], response.json()["result"]["uid"]]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        sessions = dict(pool.map(one, sorted(logins | {env["LOAD_BASELINE_LOGIN"]})))
    path.write_text(json.dumps(sessions))
    print(f"\n{len(sessions)} sessions opened in {time.monotonic() - started:.0f} s", flush=True)


def seed_baseline(stack):
    """As many maintenance requests as there are repair orders, so that the
    baseline's lists and pivots read as much as ours."""
    count = int(stack.primary.psql("SELECT count(*) FROM hospital_repair_order", stack.db))
    admin = stack.session("admin", ADMIN_PASSWORD)
    call_kw(admin, "maintenance.request", "create", [
        {"name": f"报修 {i}", "description": "13800138000 张三"} for i in range(count)])


HOSPITAL = ["Desk", "Requester", "Worker", "Manager", "Screen"]  # locustfile.py's users
BARE = ["Baseline"]


def read_stats(csv_prefix):
    with open(f"{csv_prefix}_stats.csv", newline="") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    failures = []
    if Path(f"{csv_prefix}_failures.csv").exists():
        with open(f"{csv_prefix}_failures.csv", newline="") as file:
            failures = [f"  error {row['Name']}: {row['Error'][:150]} x{row['Occurrences']}"
                        for row in csv.DictReader(file)]
    return rows, failures


def print_table(title, rows, failures):
    print(f"\n{title}\n{'operation':<20}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'errors':>8}")
    for name in sorted(rows, key=lambda n: (n == "Aggregated", n)):
        row = rows[name]
        print(f"{'ALL' if name == 'Aggregated' else name:<20}{row['Request Count']:>9}"
              f"{float(row['Requests/s']):>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
              f"{row['Failure Count']:>8}")
    print("\n".join(failures))


def print_ratios(ours, bare):
    def ratio(a, b, key):
        return float(a[key]) / float(b[key]) if float(b[key]) else float("nan")

    print("\nratio to Odoo's bare maintenance.request, same users   req/s    p50    p95")
    mine, base = ours["Aggregated"], bare["Aggregated"]
    print(f"  {'all hospital traffic / all bare traffic':<48}{ratio(mine, base, 'Requests/s'):>6.2f}x"
          f"{ratio(mine, base, '50%'):>6.2f}x{ratio(mine, base, '95%'):>6.2f}x")
    for mine_name, base_name in BASELINE.items():
        if mine_name in ours and base_name in bare:
            print(f"  {mine_name + ' / ' + base_name:<48}{'':>7}"
                  f"{ratio(ours[mine_name], bare[base_name], '50%'):>6.2f}x"
                  f"{ratio(ours[mine_name], bare[base_name], '95%'):>6.2f}x")
    goal = (float(mine["Requests/s"]) >= 60 and float(mine["95%"]) <= 100
            and mine["Failure Count"] == "0")
    print(f"goal (>= 60 req/s, p95 <= 100 ms, 0 errors): {'met' if goal else 'NOT met'}")


def login_burst(stack, count):
    """``count`` logins at the same instant through nginx: how many got in."""
    logins = stack.primary.psql("SELECT login FROM res_users WHERE login LIKE '%\\_staff'"
                                " OR login LIKE '%\\_leader' ORDER BY login", stack.db).split()
    results, barrier = [], threading.Barrier(count)

    def one(i):
        barrier.wait()
        started = time.monotonic()
        try:
            response = requests.post(f"{stack.nginx.url}/web/session/authenticate", timeout=600, json={
                "jsonrpc": "2.0", "method": "call", "params": {
                    "db": stack.db, "login": logins[i % len(logins)], "password": DEMO_PASSWORD}})
            ok = response.status_code == 200 and response.json().get("result", {}).get("uid")
            results.append((bool(ok), time.monotonic() - started, response.status_code))
        except requests.RequestException as exc:
            results.append((False, time.monotonic() - started, type(exc).__name__))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(t for _ok, t, _s in results)
    failed = [s for ok, _t, s in results if not ok]
    print(f"\nlogin burst: {count} at once, {count - len(failed)} logged in, {len(failed)} lost "
          f"{sorted(set(map(str, failed)))}; p50 {times[len(times) // 2]:.1f} s, "
          f"max {times[-1]:.1f} s")


def print_memory(stack):
    config = configparser.RawConfigParser()
    config.read(PROD_CONFIG)
    soft = int(config.get("options", "limit_memory_soft"))
    print(f"\nOdoo processes after the run (limit_memory_soft {soft / 2**20:.0f} MiB, "
          f"compared by Odoo with the virtual size):")
    for node in stack.nodes:
        roles = {int(pid): role for role, pid in
                 re.findall(r"Worker (WorkerHTTP|WorkerCron) \((\d+)\) alive", node.log_text())}
        for pid in node.pids():
            proc = psutil.Process(pid)
            mem = proc.memory_info()
            role = ("master" if pid == node.process.pid else "gevent" if "gevent" in proc.cmdline()
                    else roles.get(pid, "worker"))
            print(f"  {node.name} {role:<11} pid {pid:<7} RSS {mem.rss / 2**20:>6.0f} MiB  "
                  f"VMS {mem.vms / 2**20:>6.0f} MiB  {'under' if mem.vms < soft else 'OVER'} the soft limit")


def test_load():
    db = get_db_name()
    locust = locust_binary()
    stack = Stack(db, odoo.tools.config.filestore(db),
                  nodes=int(os.environ.get("LOAD_NODES", "1")),
                  replica=os.environ.get("LOAD_REPLICA") == "1").start()
    try:
        # every worker loads the registry and the assets once before measuring
        for path in ("/web/login", "/repair/board"):
            requests.get(stack.nginx.url + path, timeout=300)
        seed_baseline(stack)
        env = dict(os.environ, **settings(stack), LOAD_SESSIONS=str(stack.base / "sessions.json"))
        open_sessions(stack, env, stack.base / "sessions.json")
        print(f"\nlocust: {USERS} users (spawn {SPAWN_RATE}/s) for {RUN_TIME}, hospital traffic then "
              f"the bare maintenance.request traffic, against {len(stack.nodes)} node(s) x "
              f"{stack.nodes[0].workers} workers behind nginx"
              f"{' with a replica' if stack.replica else ''}", flush=True)
        figures = {}
        for phase, classes in (("hospital", HOSPITAL), ("bare", BARE)):
            prefix = stack.base / phase
            run = subprocess.run(
                [str(locust), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                 "--only-summary", "-u", str(USERS), "-r", SPAWN_RATE, "-t", RUN_TIME,
                 "--host", stack.nginx.url, "--csv", str(prefix), "--stop-timeout", "10",
                 "--reset-stats", "--loglevel", "WARNING", "--exit-code-on-error", "0", *classes],
                env=env, check=False, capture_output=True, text=True)
            assert run.returncode == 0, run.stderr[-3000:]
            figures[phase] = read_stats(prefix)
        print_table("hospital traffic (desk, requesters, workers, managers, big screens)",
                    *figures["hospital"])
        print_table("the bare maintenance.request traffic (list, form, create, assign, pivot)",
                    *figures["bare"])
        print_ratios(figures["hospital"][0], figures["bare"][0])
        login_burst(stack, BURST)
        print_memory(stack)
    finally:
        stack.stop()
