"""Hardened by default: who Odoo believes the client is, what the proxy
refuses, the master password, and the bus behind nginx."""

import http.client
import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from urllib.parse import urlencode

import requests
import websocket
from stack import (
    DEV_CONFIG,
    LAUNCHER,
    PROD_CONFIG,
    call_kw,
    free_port,
    odoo_env,
    odoo_program,
    stop_process,
    unlimited,
    wait_until,
)

from odoo.addons.bus.websocket import WebsocketConnectionHandler

COOLDOWN = "Too many login failures"


def failed_login(port, db, forged_for, source="127.0.0.1"):
    """A failed login on the login form of 127.0.0.1:port, from ``source``,
    claiming through X-Forwarded-* to come from ``forged_for``: the error
    the form shows."""
    forged = {"X-Forwarded-For": forged_for, "X-Forwarded-Host": "evil.example",
              "X-Forwarded-Proto": "https"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    try:
        conn.request("GET", f"/web/login?db={db}", headers=forged)
        page = conn.getresponse()
        html = page.read().decode()
        cookie = page.getheader("Set-Cookie").split(";")[0]
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
        body = urlencode({"csrf_token": csrf, "login": "nobody-at-all", "password": "wrong",
                          "redirect": ""})
        conn.request("POST", "/web/login", body=body, headers={
            **forged, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        html = conn.getresponse().read().decode()
    finally:
        conn.close()
    return re.search(r'<p class="alert alert-danger[^>]*>\s*(.*?)\s*</p>', html, re.DOTALL)[1]


def cooldown_after(stack):
    """Failed logins from one address before Odoo stops listening to it."""
    value = stack.primary.psql(
        "SELECT value FROM ir_config_parameter WHERE key = 'base.login_cooldown_after'", stack.db)
    return int(value or 5)


def test_dev_server_ignores_forwarded_headers(stack):
    """`make run`'s configuration (threaded server, reached directly): a
    client forging X-Forwarded-For at each attempt is still one address,
    so Odoo's login throttling stops it after base.login_cooldown_after
    failures. With proxy_mode,
    each forged address would be a new client and never be stopped."""
    port = free_port()
    log = stack.base / "dev.log"
    cmd = [*odoo_program(), "-c", str(DEV_CONFIG), f"--addons-path={odoo_env.addons_path()}",
           f"--data-dir={stack.data_dir}", "-d", stack.db, f"--db-filter=^{stack.db}$",
           "--db_host=127.0.0.1", f"--db_port={stack.primary.port}", "--http-interface=127.0.0.1",
           f"--http-port={port}", "--max-cron-threads=0", "--log-level=warn"]
    with open(log, "ab") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   preexec_fn=unlimited)  # noqa: PLW1509 (as Odoo's test browser)
    try:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{port}/web/login", timeout=60).ok,
                   180, "Odoo with config/odoo.conf", process, log)
        limit = cooldown_after(stack)
        messages = [failed_login(port, stack.db, f"10.0.0.{i}") for i in range(limit + 1)]
    finally:
        stop_process(process)
    assert all(COOLDOWN not in m for m in messages[:limit]), messages
    assert COOLDOWN in messages[limit], messages


def test_nginx_overwrites_forwarded_for(stack):
    """Behind nginx (proxy_mode on): the address Odoo counts is the one
    nginx saw, whatever the client claims. One client (127.0.0.3) forging a
    new X-Forwarded-For each time is stopped; another (127.0.0.4) is not
    held for the first one's failures, so Odoo does see each real address.
    Each HTTP worker counts for itself: workers x limit + 1 attempts put
    one more than the limit on one of them."""
    port = stack.nginx.port
    attempts = sum(n.workers for n in stack.nodes) * cooldown_after(stack) + 1
    messages = [failed_login(port, stack.db, f"10.1.0.{i % 250}", source="127.0.0.3")
                for i in range(attempts)]
    assert any(COOLDOWN in m for m in messages), messages
    assert COOLDOWN not in failed_login(port, stack.db, "10.1.0.1", source="127.0.0.4")


def test_database_manager_refused(stack):
    """Not through nginx, however the path is written; and the nodes run
    with list_db = False behind it."""
    for path in ("/web/database/manager", "/web/database/selector", "//web/database/manager",
                 "/web/%64atabase/manager", "/web/./database/manager"):
        response = requests.get(stack.nginx.url + path, allow_redirects=False, timeout=60)
        assert response.status_code == 404, path
        assert "nginx" in response.text and "Odoo" not in response.text, path
    response = requests.post(stack.nginx.url + "/web/database/list", json={}, timeout=60)
    assert response.status_code == 404
    # behind the proxy, Odoo itself has no database manager either
    node = stack.nodes[0]
    direct = requests.get(f"http://127.0.0.1:{node.http_port}/web/database/manager", timeout=60)
    assert "has been disabled by the administrator" in direct.text
    assert "not protected" not in direct.text


def test_master_password_is_required(tmp_path):
    """docker/odoo-prod starts nothing without a master password, or with
    Odoo's default one."""
    env = dict(os.environ, ODOO_RC=str(PROD_CONFIG))
    env.pop("ODOO_ADMIN_PASSWD", None)
    for password in (None, "", "admin"):
        if password is not None:
            env["ODOO_ADMIN_PASSWD"] = password
        result = subprocess.run([sys.executable, str(LAUNCHER), "--", "true"], env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 78, result
        assert "Nothing started" in result.stderr
    secret = tmp_path / "secret"
    secret.write_text("a-long-enough-secret\n")
    env["ODOO_ADMIN_PASSWD_FILE"] = str(secret)
    result = subprocess.run([sys.executable, str(LAUNCHER), "--", "sh", "-c", 'cat "$ODOO_RC"'],
                            env=env, capture_output=True, text=True, check=True)
    assert "admin_passwd = $pbkdf2-sha512$" in result.stdout
    assert "a-long-enough-secret" not in result.stdout
    assert "proxy_mode = True" in result.stdout


def test_listen_queue_and_gzip(stack):
    """Each node's HTTP socket queues 1024 connections (Odoo alone: 16),
    and nginx compresses."""
    for node in stack.nodes:
        out = subprocess.run(["ss", "-ltnH", f"sport = :{node.http_port}"], capture_output=True,
                             text=True, check=True).stdout.split()
        assert out[2] == "1024", out  # Send-Q of a listening socket: its backlog
    response = requests.get(stack.nginx.url + "/web/login", headers={"Accept-Encoding": "gzip"},
                            timeout=60)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == "gzip"


def test_backend_notification_through_nginx(stack):
    """The backend's bus: a websocket through nginx reaches a gevent
    process (Origin and Host checked by Odoo through proxy_mode, else the
    session would be downgraded to a guest one), and a notification for
    the user, caused by a request served by an HTTP worker, arrives."""
    desk = stack.session("wangli")
    ws = websocket.create_connection(
        stack.nginx.url.replace("http", "ws") + f"/websocket?version={WebsocketConnectionHandler._VERSION}",
        cookie=f"session_id={desk.cookies['session_id']}", origin=stack.nginx.url, timeout=30)
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        [order_id] = call_kw(desk, "hospital.repair.order", "search",
                             [("state", "in", ["assigned", "in_progress"])], limit=1)
        call_kw(desk, "hospital.repair.order", "activity_schedule", [order_id],
                act_type_xmlid="mail.mail_activity_data_todo", user_id=desk.uid,
                summary="websocket through nginx", date_deadline=date.today().isoformat())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for notif in json.loads(ws.recv()):
                if notif["message"]["type"] == "mail.activity/updated" \
                        and notif["message"]["payload"].get("activity_created"):
                    return
        raise AssertionError("no mail.activity/updated notification within 30 s")
    finally:
        ws.close()
