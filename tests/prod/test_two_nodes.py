"""Two Odoo nodes on one database and one filestore behind one nginx, each
with its cron worker: the OA outbox sends each to-do once, each cron job
runs once."""

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from stack import ADMIN_PASSWORD, call_kw, free_port, wait_until

JOB_LINE = re.compile(r"^(?P<time>\S+ \S+) \d+ INFO \S+ odoo\.addons\.base\.models\.ir_cron: "
                      # Python's repr quotes a name with an apostrophe ("today's") in double quotes
                      r"Job (?P<q>['\"])(?P<name>.+?)(?P=q) \((?P<id>\d+)\) "
                      r"(?P<event>starting|fully done|partially done|failed)",
                      re.MULTILINE)


class OaReceiver(ThreadingHTTPServer):
    """The OA's to-do webhook: counts the deliveries of each message id.
    It answers slowly, so that a second sender, if there were one, would
    find work in progress."""

    daemon_threads = True

    def __init__(self):
        self.deliveries = Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", free_port()), _Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(0.05)  # an OA's answer time
        with self.server.lock:
            self.server.deliveries[self.headers["webhook-id"]] += 1
        body = json.dumps({"success": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def job_runs(stack, offsets):
    """[(node, job name, 'starting' | end)] logged since ``offsets``."""
    runs = []
    for node in stack.nodes:
        text = node.log_text()[offsets[node.name]:]
        runs += [(node.name, m["time"], m["name"], m["event"]) for m in JOB_LINE.finditer(text)]
    return runs


def test_outbox_sends_each_todo_once(stack):
    """Requesters report orders that need an approval, through nginx (so on
    both nodes); each report queues an OA to-do and wakes the cron workers
    of both nodes. Every to-do reaches the OA exactly once, and no two runs
    of the delivery job overlap."""
    db, primary = stack.db, stack.primary
    offsets = {n.name: len(n.log_text()) for n in stack.nodes}
    receiver = OaReceiver()
    try:
        admin = stack.session("admin", ADMIN_PASSWORD)
        [conn_id] = call_kw(admin, "hospital.repair.oa.connection", "create", [{
            "name": "OA (two nodes)", "push_enabled": True, "adapter": "webhook",
            "push_url": f"http://127.0.0.1:{receiver.server_port}/todo",
            "allowed_hosts": f"127.0.0.1:{receiver.server_port}",
            "webhook_secret": "whsec_" + "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",
        }])
        category_id = int(primary.psql(
            "SELECT id FROM hospital_repair_category WHERE approval_required ORDER BY id LIMIT 1", db))
        reporters = primary.psql(
            "SELECT DISTINCT ON (u.login) u.login, o.zone_id FROM hospital_repair_order o"
            "  JOIN res_users u ON u.id = o.reporter_id WHERE u.login LIKE '%\\_staff'"
            " ORDER BY u.login LIMIT 4", db).splitlines()
        for line in reporters:
            login, zone_id = line.split("|")
            requester = stack.session(login)
            for n in range(2):
                [order_id] = call_kw(requester, "hospital.repair.order", "create", [{
                    "zone_id": int(zone_id), "category_id": category_id,
                    "description": f"氧气终端漏气 {n}", "contact_phone": "13800138000"}])
                call_kw(requester, "hospital.repair.order", "action_submit", [order_id])
        expected = primary.psql(
            f"SELECT idempotency_key FROM hospital_repair_oa_message WHERE connection_id = {conn_id}",
            db).split()
        assert len(expected) >= len(reporters) * 2, expected
        wait_until(lambda: primary.psql(
            f"SELECT count(*) FROM hospital_repair_oa_message WHERE connection_id = {conn_id}"
            " AND state != 'sent'", db) == "0", 120, "every OA to-do sent")
        assert dict(receiver.deliveries) == dict.fromkeys(expected, 1)
    finally:
        receiver.stop()
    runs = [r for r in job_runs(stack, offsets) if r[2] == "Hospital Repair: deliver OA to-dos"]
    assert runs, "the delivery job ran"
    # starts and ends alternate in time: never two runs at once, on any node
    # (a run logs its end before it releases the job: in the same
    # millisecond, the end comes first)
    events = sorted(runs, key=lambda r: (r[1], r[3] == "starting"))
    assert [e[3] == "starting" for e in events] == [i % 2 == 0 for i in range(len(events))], events


def test_each_cron_job_runs_once(stack):
    """All the jobs are made due at once and both cron workers are woken:
    each job runs exactly once, on one node or the other."""
    db, primary = stack.db, stack.primary
    offsets = {n.name: len(n.log_text()) for n in stack.nodes}
    jobs = primary.psql("SELECT id FROM ir_cron WHERE active ORDER BY id", db).split()
    assert len(jobs) >= 3, jobs
    primary.psql("UPDATE ir_cron SET nextcall = now() WHERE active;"
                 f" SELECT pg_notify('cron_trigger', '{db}')", db)
    wait_until(lambda: primary.psql(
        "SELECT count(*) FROM ir_cron WHERE active AND nextcall <= now()", db) == "0", 120,
        "every job run and rescheduled")
    try:
        wait_until(lambda: len([r for r in job_runs(stack, offsets) if r[3] != "starting"])
                   >= len(jobs), 30, "every run logged its end")
    finally:
        runs = job_runs(stack, offsets)
        print("\n".join(map(str, sorted(runs, key=lambda r: r[1]))))
    started = Counter(r[2] for r in runs if r[3] == "starting")
    assert len(started) == len(jobs) and set(started.values()) == {1}, runs
    # both nodes had a cron worker waiting for the job
    for node in stack.nodes:
        assert re.search(r"Worker WorkerCron \(\d+\) alive", node.log_text()), node.name
