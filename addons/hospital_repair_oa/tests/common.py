"""Helpers of the OA tests: records to play with and real servers on
127.0.0.1 (never mocks of our code)."""

import socket
import subprocess
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

from odoo import fields, http
from odoo.tools import config

REPO = Path(__file__).resolve().parents[3]
IDP_PYTHON = REPO / ".venv-idp" / "bin" / "python"
SERVERS = Path(__file__).resolve().parent / "servers"

# (case, proxy_mode, headers a client forges) — Odoo takes the request's
# host from Host, or from X-Forwarded-Host when proxy_mode is on
FORGED_HOST_CASES = (
    ("forged Host", False, {"Host": "evil.test"}),
    ("forged X-Forwarded-Host in proxy_mode", True, {"Host": "evil.test", "X-Forwarded-Host": "evil.test"}),
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=30.0):
    """Poll until something accepts connections on ``port``; fail early if
    the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            process.log.seek(0)
            output = process.log.read().decode(errors="replace")[-4000:]
            raise AssertionError(f"test server exited with {process.returncode}: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)  # poll interval, not a wait for a fixed duration
    raise AssertionError(f"test server did not listen on 127.0.0.1:{port} within {timeout}s")


def start_idp_server(testcase, args):
    """Start a server of the identity-provider virtualenv, stopped at the
    end of the test class."""
    if not IDP_PYTHON.exists():
        raise AssertionError(
            f"{IDP_PYTHON} is missing: run tools/setup-idp-venv at the repository root first"
        )
    # a file, not a pipe: nobody reads while the tests run, a full pipe
    # would block the server; stop_process() closes it
    log = tempfile.TemporaryFile()  # noqa: SIM115 (outlives this function)
    process = subprocess.Popen(
        [str(IDP_PYTHON), *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=str(SERVERS),
    )
    process.log = log
    return process


def stop_process(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


class OaRecordsMixin:
    """On top of hospital_repair's fixture (``HospitalRepairCommon`` or
    ``HospitalRepairHttpCommon``): department A's leader (王主任) is known to
    the OA as ``wangzr``, and an order of requester A (李护士) for approval
    steps to hang on."""

    @staticmethod
    def _proxy_mode(enabled):
        """Run the HTTP requests of a ``with`` block with Odoo's proxy_mode
        on or off, as Odoo's own test_http does."""
        return patch.object(config, "options", {**config.options, "proxy_mode": enabled})

    def _session_uid(self):
        """The user logged in by the browser session of ``self.opener``, if any."""
        sid = self.opener.cookies.get("session_id")
        return http.root.session_store.get(sid).get("uid") if sid else None

    @classmethod
    def _create_oa_fixtures(cls):
        cls.leader_a.oa_login = "wangzr"
        cls.order = cls.env["hospital.repair.order"].create({
            "reporter_id": cls.requester_a.id,
            "zone_id": cls.floor_a1.id,
            "category_id": cls.cat_water.id,
            "location": "301 诊室",
            "description": "水龙头漏水",
        })

    @classmethod
    def _step(cls, sequence=10, role="department_leader", state="waiting"):
        return cls.env["hospital.repair.approval"].create({
            "order_id": cls.order.id,
            "sequence": sequence,
            "role": role,
            "approver_id": cls.leader_a.id,
            "state": state,
        })

    @staticmethod
    def _decide(step, state):
        step.write({"state": state, "date": fields.Datetime.now()})
        step._on_step_decided()
