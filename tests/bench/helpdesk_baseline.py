"""Baseline of bench_order_create.py: OCA ``helpdesk_mgmt`` tickets created
and assigned one at a time by a real helpdesk user, in a database of its own.

Run by bench_order_create.py, which installs the addon from PyPI into
var/bench-addons (never a dependency of our addons nor of ``make test``):

    python3 tests/bench/helpdesk_baseline.py DB ADDONS_PATH N ROUNDS

Creates DB with helpdesk_mgmt when it does not exist, measures in a
transaction it rolls back, and prints one JSON line: the best round's
seconds and the queries of N tickets.
"""

import json
import subprocess
import sys
import time


def ensure_database(db, addons_path):
    import psycopg2

    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        if cr.fetchone():
            return
    subprocess.run([
        sys.executable, "-m", "odoo", "-d", db, "-i", "helpdesk_mgmt",
        f"--addons-path={addons_path}", "--stop-after-init", "--no-http",
        "--log-level=warn", "--without-demo=1",
    ], check=True)


def measure(db, addons_path, n, rounds):
    import odoo
    import odoo.service.server
    from odoo import Command, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([f"--addons-path={addons_path}", "-d", db, "--log-level=warn",
                         "--http-interface=127.0.0.1"])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        Users = env["res.users"].with_context(no_reset_password=True)
        desk = Users.create({
            "name": "Bench desk", "login": "bench_helpdesk_desk", "email": "desk@example.com",
            "group_ids": [Command.set([env.ref("helpdesk_mgmt.group_helpdesk_manager").id])],
        })
        worker = Users.create({
            "name": "Bench worker", "login": "bench_helpdesk_worker",
            "email": "worker@example.com",
            "group_ids": [Command.set([env.ref("helpdesk_mgmt.group_helpdesk_user").id])],
        })
        env.flush_all()
        Ticket = env["helpdesk.ticket"].with_user(desk)

        def one(i):
            env.invalidate_all()  # each call is a request of its own
            ticket = Ticket.create({"name": f"Lamp broken {i}", "description": "Lamp broken"})
            env.flush_all()
            cr.flush()
            env.invalidate_all()
            ticket.with_user(desk).write({"user_id": worker.id})
            env.flush_all()
            cr.flush()

        for i in range(3):
            one(i)  # warm
        best = None
        for _round in range(rounds):
            before = cr.sql_log_count
            start = time.perf_counter()
            for i in range(n):
                one(i)
            seconds = time.perf_counter() - start
            if best is None or seconds < best[0]:
                best = (seconds, cr.sql_log_count - before)
        cr.rollback()
    return {"seconds": best[0], "queries": best[1]}


if __name__ == "__main__":
    db, addons_path, n, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    ensure_database(db, addons_path)
    print(json.dumps(measure(db, addons_path, n, rounds)))
