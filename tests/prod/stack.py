"""The production setup of the README, started on 127.0.0.1 for the tests of
tests/prod and for the load test of tests/bench.

A PostgreSQL primary and its streaming replica (clusters of their own, run
by the ``postgres`` OS user), Odoo nodes started as in production
(docker/odoo-prod + config/odoo-prod.conf: prefork workers, a cron worker,
the gevent process of the bus, ``--db_replica_host``), and Debian's nginx
with config/nginx/odoo.conf.template, the file docker-compose.yml gives the
official nginx image. Nothing is mocked; everything is torn down by
``Stack.stop()``.
"""

import glob
import os
import pwd
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import odoo_env

NGINX_TEMPLATE = REPO / "config" / "nginx" / "odoo.conf.template"
PROD_CONFIG = REPO / "config" / "odoo-prod.conf"
DEV_CONFIG = REPO / "config" / "odoo.conf"
LAUNCHER = REPO / "docker" / "odoo-prod"
ADMIN_PASSWORD = "admin"  # of the demo database's admin user (not the master password)
DEMO_PASSWORD = "demo"  # of the demo hospital's users
START_TIMEOUT = 180  # seconds: a loaded 2-core machine loads registries slowly


class Missing(AssertionError):
    """A program the production tests need is not installed (CI installs it)."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_binary(name):
    """A PostgreSQL server program: Debian keeps them out of PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(re.search(r"/(\d+)/bin/", p)[1]))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise Missing(f"{name} not found: install Debian's postgresql package (.ci/run does)")
    return path


def nginx_binary():
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not path:
        raise Missing("nginx not found: apt-get install nginx (.ci/run does)")
    return path


def unlimited():
    """preexec_fn of every process started here: without the address-space
    limit Odoo puts on the process running the tests (Chromium and the Odoo
    nodes need their own)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def odoo_program():
    """Odoo's launcher script. Not ``python -m odoo``: the prefork server
    starts its gevent process as ``sys.executable sys.argv[0] gevent``."""
    _version, root, _paths = odoo_env.find_odoo()
    for path in (root / "odoo-bin", Path(sys.executable).parent / "odoo"):
        if path.is_file():
            return [sys.executable, str(path)]
    raise Missing(f"no odoo-bin in {root} nor odoo script beside {sys.executable}")


def wait_until(predicate, timeout, what, process=None, log=None):
    """Poll ``predicate`` until it is true; fail early if ``process`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = Path(log).read_text(errors="replace")[-4000:] if log else ""
            raise AssertionError(f"{what}: the process exited with {process.returncode}\n{tail}")
        try:
            if predicate():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)  # poll interval
    tail = Path(log).read_text(errors="replace")[-4000:] if log else ""
    raise AssertionError(f"{what}: not ready within {timeout} s\n{tail}")


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def render_template(text, variables):
    """What the official nginx image does to /etc/nginx/templates/*.template:
    replace ${NAME} for each variable defined, leave anything else alone."""
    for name, value in variables.items():
        text = text.replace("${%s}" % name, value)
    left = re.findall(r"\$\{\w+\}", text)
    if left:
        raise AssertionError(f"nginx template variables not given: {left}")
    return text


def stop_process(process, sig=signal.SIGTERM, timeout=30):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def login_name():
    """The current OS user's name (os.getlogin() fails without a terminal)."""
    return pwd.getpwuid(os.geteuid()).pw_name


class Cluster:
    """A PostgreSQL cluster of its own on 127.0.0.1, run by the postgres OS
    user (PostgreSQL refuses root), with a superuser named like the current
    OS user so that Odoo and the client tools connect as they do to the
    machine's cluster."""

    def __init__(self, base, name, port):
        self.dir = Path(base) / name
        self.port = port
        self.log = Path(base) / f"{name}.log"
        self.superuser = os.environ.get("PGUSER") or login_name()

    def _as_postgres(self, *cmd, **kw):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(prefix + [str(c) for c in cmd], check=True, capture_output=True,
                              text=True, preexec_fn=unlimited, **kw)

    def init(self, **settings):
        self._as_postgres(pg_binary("initdb"), "-D", self.dir, "-U", self.superuser,
                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.configure(**settings)

    def configure(self, **settings):
        base = {"listen_addresses": "'127.0.0.1'", "port": self.port,
                "unix_socket_directories": f"'{self.dir}'", "fsync": "off",
                "max_connections": 200, "shared_buffers": "'128MB'"}
        base.update(settings)
        lines = "".join(f"{key} = {value}\n" for key, value in base.items())
        self._as_postgres("sh", "-c", f"cat >> '{self.dir}/postgresql.conf'", input=lines)

    def start(self):
        self._as_postgres(pg_binary("pg_ctl"), "-D", self.dir, "-l", self.log, "-w", "-t", "120",
                          "start")

    def stop(self):
        if (self.dir / "postmaster.pid").exists():
            subprocess.run(["runuser", "-u", "postgres", "--", pg_binary("pg_ctl"), "-D",
                            str(self.dir), "-m", "immediate", "-w", "stop"],
                           capture_output=True, check=False)

    def env(self):
        return dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(self.port), PGUSER=self.superuser)

    def psql(self, sql, db="postgres"):
        out = subprocess.run([pg_binary("psql"), "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql, db],
                             env=self.env(), capture_output=True, text=True, check=True)
        return out.stdout.strip()


class OdooNode:
    """One Odoo server, started the production way: docker/odoo-prod opens
    the HTTP socket (deep backlog) and adds the master password, then
    ``python -m odoo`` with config/odoo-prod.conf (``ODOO_RC``)."""

    def __init__(self, stack, name, workers=2, replica=True, max_cron_threads=1):
        self.stack = stack
        self.name = name
        self.http_port = free_port()
        self.gevent_port = free_port()
        self.log = stack.base / f"{name}.log"
        self.workers = workers
        self.replica = replica
        self.max_cron_threads = max_cron_threads
        self.process = None

    def command(self):
        stack = self.stack
        cmd = [sys.executable, str(LAUNCHER), "--listen", f"127.0.0.1:{self.http_port}", "--",
               *odoo_program(),
               f"--addons-path={odoo_env.addons_path()}", f"--data-dir={stack.data_dir}",
               "-d", stack.db, f"--db-filter=^{stack.db}$",
               "--db_host=127.0.0.1", f"--db_port={stack.primary.port}",
               "--http-interface=127.0.0.1", f"--http-port={self.http_port}",
               f"--gevent-port={self.gevent_port}", f"--workers={self.workers}",
               f"--max-cron-threads={self.max_cron_threads}",
               f"--db_app_name=odoo-{self.name}-{{pid}}",
               "--log-level=warn", "--log-handler=odoo.addons.base.models.ir_cron:INFO",
               "--log-handler=odoo.service.server:INFO"]
        if self.replica and stack.replica:
            cmd += ["--db_replica_host=127.0.0.1", f"--db_replica_port={stack.replica.port}"]
        return cmd

    def start(self):
        env = dict(os.environ, ODOO_RC=str(PROD_CONFIG), ODOO_ADMIN_PASSWD=self.stack.master_password)
        env.pop("PGHOST", None)
        env.pop("PGPORT", None)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env, cwd=self.stack.base,
                                            start_new_session=True, preexec_fn=unlimited)  # noqa: PLW1509 (as Odoo's test browser)

    def wait_ready(self):
        url = f"http://127.0.0.1:{self.http_port}/web/login"
        wait_until(lambda: requests.get(url, timeout=60).status_code == 200, START_TIMEOUT,
                   f"Odoo {self.name} on :{self.http_port}", self.process, self.log)
        wait_until(lambda: port_open(self.gevent_port), START_TIMEOUT,
                   f"Odoo {self.name}'s gevent process on :{self.gevent_port}", self.process, self.log)

    def log_text(self):
        return self.log.read_text(errors="replace")

    def stop(self):
        if self.process:
            stop_process(self.process)
            self.process = None

    def pids(self):
        """The pids of this node's processes: master, workers, gevent."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                             capture_output=True, text=True, check=False).stdout.split()
        return [self.process.pid] + [int(p) for p in out]


class Nginx:
    """Debian's nginx with config/nginx/odoo.conf.template, rendered as the
    official image renders it, inside a minimal main configuration (the
    image's own nginx.conf includes conf.d the same way)."""

    def __init__(self, base, nodes):
        self.dir = Path(base) / "nginx"
        self.port = free_port()
        self.nodes = nodes
        self.process = None

    def start(self):
        binary = nginx_binary()
        self.dir.mkdir()
        site = render_template(NGINX_TEMPLATE.read_text(), {
            "NGINX_PORT": f"127.0.0.1:{self.port}",
            "ODOO_HTTP_SERVERS": " ".join(f"server 127.0.0.1:{n.http_port};" for n in self.nodes),
            "ODOO_BUS_SERVERS": " ".join(f"server 127.0.0.1:{n.gevent_port};" for n in self.nodes),
        })
        (self.dir / "odoo.conf").write_text(site)
        temp = "".join(f"    {kind}_temp_path {self.dir}/{kind};\n"
                       for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.dir / "nginx.conf").write_text(
            f"worker_processes 2;\n"
            f"pid {self.dir}/nginx.pid;\n"
            f"error_log {self.dir}/error.log warn;\n"
            f"events {{ worker_connections 4096; }}\n"
            f"http {{\n"
            f"    include /etc/nginx/mime.types;\n"
            f"    default_type application/octet-stream;\n"
            f"    access_log {self.dir}/access.log;\n"
            f"{temp}"
            f"    include {self.dir}/odoo.conf;\n"
            f"}}\n")
        user = ["-g", "daemon off; user root;"] if os.geteuid() == 0 else ["-g", "daemon off;"]
        check = subprocess.run([binary, "-t", "-p", str(self.dir), "-e", str(self.dir / "error.log"),
                                "-c", str(self.dir / "nginx.conf"), *user],
                               capture_output=True, text=True, check=False)
        if check.returncode:
            raise AssertionError(f"nginx -t refused the configuration:\n{check.stderr}")
        self.process = subprocess.Popen(
            [binary, "-p", str(self.dir), "-e", str(self.dir / "error.log"),
             "-c", str(self.dir / "nginx.conf"), *user],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=unlimited)  # noqa: PLW1509 (as Odoo's test browser)
        wait_until(lambda: port_open(self.port), 30, "nginx", self.process,
                   self.dir / "error.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process:
            stop_process(self.process, signal.SIGQUIT)
            self.process = None


class Stack:
    """primary + replica clusters, ``nodes`` Odoo nodes on one database and
    one filestore, nginx in front of them."""

    def __init__(self, source_db, source_filestore, nodes=2, replica=True):
        self.base = Path(tempfile.mkdtemp(prefix="hr-prod-"))
        os.chmod(self.base, 0o755)
        self.db = "hrprod"
        self.data_dir = self.base / "data"
        self.source_db = source_db
        self.source_filestore = Path(source_filestore)
        self.master_password = secrets.token_urlsafe(18)
        self.primary = Cluster(self.base, "primary", free_port())
        self.replica = Cluster(self.base, "replica", free_port()) if replica else None
        self.nodes = [OdooNode(self, f"node{i + 1}") for i in range(nodes)]
        self.nginx = Nginx(self.base, self.nodes)

    def start(self):
        try:
            self._start_database()
            for node in self.nodes:
                node.start()
            for node in self.nodes:
                node.wait_ready()
            self.nginx.start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_database(self):
        # pg_dump reads a snapshot: the source may be in use (the test run's
        # own database); the machine's cluster is not reconfigured
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
        self.primary.init(wal_level="replica", max_wal_senders=5, hot_standby="on")
        self.primary.start()
        self.primary.psql(f"CREATE DATABASE {self.db}")
        dump = subprocess.Popen([pg_binary("pg_dump"), "--no-owner", "--no-privileges", self.source_db],
                                stdout=subprocess.PIPE)
        subprocess.run([pg_binary("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null",
                        self.db], stdin=dump.stdout, env=self.primary.env(), check=True)
        dump.stdout.close()
        if dump.wait():
            raise AssertionError(f"pg_dump {self.source_db} failed")
        # only the crons under test run (an Odoo cron could call the internet)
        self.primary.psql(
            "UPDATE ir_cron SET active = false WHERE id NOT IN ("
            " SELECT res_id FROM ir_model_data WHERE model = 'ir.cron'"
            " AND module IN ('hospital_repair', 'hospital_repair_stock', 'hospital_repair_oa'))", self.db)
        self.primary.psql("UPDATE ir_cron SET nextcall = now() + interval '1 day'", self.db)
        filestore = self.data_dir / "filestore" / self.db
        filestore.parent.mkdir(parents=True)
        if self.source_filestore.is_dir():
            shutil.copytree(self.source_filestore, filestore)
        else:
            filestore.mkdir()
        if self.replica:
            subprocess.run(["runuser", "-u", "postgres", "--", pg_binary("pg_basebackup"),
                            "-h", "127.0.0.1", "-p", str(self.primary.port), "-U",
                            self.primary.superuser, "-D", str(self.replica.dir), "-R",
                            "-X", "stream", "-c", "fast"], check=True, capture_output=True)
            self.replica.configure()
            self.replica.start()
            # Read-your-writes: a commit returns once the replica has applied
            # it, so a read-only route (on the replica) right after a write
            # (on the primary) sees it, e.g. the board after the bus wakes it.
            self.primary.psql("ALTER SYSTEM SET synchronous_standby_names = '*'")
            self.primary.psql("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
            self.primary.psql("SELECT pg_reload_conf()")
            wait_until(lambda: self.primary.psql(
                "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") == "1",
                60, "the replica streaming synchronously")

    def stop(self):
        self.nginx.stop()
        for node in self.nodes:
            node.stop()
        for cluster in (self.replica, self.primary):
            if cluster:
                cluster.stop()
        if not os.environ.get("HR_PROD_KEEP"):
            shutil.rmtree(self.base, ignore_errors=True)

    # ------------------------------------------------------------------
    # Clients
    # ------------------------------------------------------------------

    def board_response(self, token):
        """The board's data through nginx, as a screen gets it: the token
        opens the board in the session, the page then posts for its data."""
        screen = requests.Session()
        screen.get(f"{self.nginx.url}/repair/board?token={token}", timeout=60).raise_for_status()
        response = screen.post(f"{self.nginx.url}/repair/board/data", data={"x": "1"},
                               headers={"Accept-Encoding": "gzip"}, timeout=60)
        response.raise_for_status()
        return response

    def board_data(self, token):
        return self.board_response(token).json()

    def session(self, login, password=DEMO_PASSWORD, base=None):
        """A requests session logged in through nginx (or ``base``)."""
        return login_session(base or self.nginx.url, self.db, login, password)


def login_session(base, db, login, password):
    http = requests.Session()
    http.base = base
    response = http.post(f"{base}/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": db, "login": login, "password": password}}, timeout=120)
    response.raise_for_status()
    result = response.json()
    if "error" in result or not result.get("result", {}).get("uid"):
        raise AssertionError(f"login {login} failed: {result.get('error') or result}")
    http.uid = result["result"]["uid"]
    return http


def call_kw(http, model, method, *args, **kwargs):
    response = http.post(f"{http.base}/web/dataset/call_kw/{model}/{method}", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs}},
        timeout=120)
    response.raise_for_status()
    result = response.json()
    if "error" in result:
        raise AssertionError(f"{model}.{method}: {result['error']['data'].get('message')}")
    return result["result"]
