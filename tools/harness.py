"""Run the product (``make run``) and its whole test suite (``make test``).

``test`` creates a throw-away database, installs the three addons with demo
data, fails on any WARNING/ERROR that installing logs about our addons, runs
every test through pytest-odoo with ``--odoo-http`` (HTTP tests and browser
tours run, they don't skip), then drops the database. It never reports
success without having run the Odoo suite.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env

REPO = odoo_env.REPO
ADDONS = ["hospital_repair", "hospital_repair_stock", "hospital_repair_oa"]
CONFIG = REPO / "config" / "odoo.conf"
VAR = REPO / "var"
# An install log line about our code or data: "<date> <pid> LEVEL <db> <logger>: <message>"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
OURS = re.compile(r"hospital[._]repair")


def odoo_cmd(*args, config=True, command=None):
    cmd = [sys.executable, "-m", "odoo"] + ([command] if command else [])
    if config and CONFIG.exists():
        cmd += ["-c", str(CONFIG)]
    cmd += [f"--addons-path={odoo_env.addons_path()}", f"--data-dir={VAR / 'data'}"]
    return cmd + list(args)


def database_exists(name):
    out = subprocess.run(
        ["psql", "-Atqc", "SELECT 1 FROM pg_database WHERE datname = %s" % quote(name), "postgres"],
        capture_output=True, text=True, check=False,
    )
    if out.returncode:
        sys.exit(f"PostgreSQL is not reachable as role {os.environ.get('PGUSER') or os.getlogin()}:"
                 f"\n{out.stderr.strip()}\nStart it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD.")
    return out.stdout.strip() == "1"


def quote(name):
    return "'" + name.replace("'", "''") + "'"


def module_installed(db, module):
    out = subprocess.run(
        ["psql", "-Atqc", "SELECT state FROM ir_module_module WHERE name = %s" % quote(module), db],
        capture_output=True, text=True, check=False,
    )
    return out.stdout.strip() == "installed"


def our_problems(log_text):
    """WARNING/ERROR/CRITICAL entries (with their traceback) about our addons."""
    problems, entry = [], None
    for line in log_text.splitlines():
        match = LOG_LINE.match(line)
        if match:
            if entry and OURS.search("\n".join(entry)):
                problems.append("\n".join(entry))
            entry = [line] if match["level"] in ("WARNING", "ERROR", "CRITICAL") else None
        elif entry is not None:
            entry.append(line)
    if entry and OURS.search("\n".join(entry)):
        problems.append("\n".join(entry))
    return problems


def install(db, modules, demo=True, log_file=None, update=False, lang=None):
    """Install (or update) ``modules`` in ``db``; return (ok, problems, log)."""
    args = ["-d", db, "-u" if update else "-i", ",".join(modules), "--stop-after-init",
            "--log-level=info", "--no-http"]
    if demo:
        args.append("--with-demo")
    if lang:
        # loaded right after base, so that every module installed next gets its translations
        args.append(f"--load-language={lang}")
    proc = subprocess.run(odoo_cmd(*args), capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    if log_file:
        Path(log_file).write_text(log)
    failed = proc.returncode != 0 or "Failed to load registry" in log
    return not failed, our_problems(log), log


def drop_database(db):
    subprocess.run(["dropdb", "--if-exists", db], capture_output=True, check=False)
    shutil.rmtree(VAR / "data" / "filestore" / db, ignore_errors=True)


def cmd_run(args):
    db = args.database
    if not (database_exists(db) and module_installed(db, "hospital_repair")):
        print(f"Creating the demo hospital in database {db!r} (first start, a few minutes)...")
        ok, problems, log = install(db, ADDONS, demo=True, log_file=VAR / f"install-{db}.log",
                                    lang="zh_CN")
        if not ok:
            print(log[-5000:])
            sys.exit(f"Installing the addons in {db!r} failed: see {VAR / f'install-{db}.log'}")
        for problem in problems:
            print(problem)
        # the demo hospital works in Chinese: every user, the admin included
        shell = ("users = env['res.users'].with_context(active_test=False).search("
                 "[('share', '=', False)])\n"
                 "users.write({'lang': 'zh_CN', 'tz': 'Asia/Shanghai'})\n"
                 "env.cr.commit()\n")
        subprocess.run(odoo_cmd("-d", db, "--no-http", "--log-level=warn", command="shell"),
                       input=shell, text=True, check=True, capture_output=True)
    print(f"Odoo 19 on http://localhost:{args.port}  database {db!r}  login admin / admin")
    os.execv(sys.executable, odoo_cmd("-d", db, f"--db-filter=^{re.escape(db)}$",
                                      f"--http-port={args.port}",
                                      f"--http-interface={args.interface}"))


def cmd_test(args):
    started = time.monotonic()
    VAR.mkdir(exist_ok=True)
    if not args.no_static:
        print("== static checks", flush=True)
        static = subprocess.run([sys.executable, str(REPO / "tools" / "static_checks.py")],
                                check=False)
        if static.returncode:
            print("static checks failed", file=sys.stderr)
            return static.returncode
    # the test identity providers (OIDC, CAS) run in their own virtualenv
    idp = subprocess.run([str(REPO / "tools" / "setup-idp-venv")], check=False)
    if idp.returncode:
        print("could not prepare .venv-idp (tools/setup-idp-venv)", file=sys.stderr)
        return idp.returncode
    db = f"hrtest_{os.getpid()}"
    drop_database(db)
    try:
        print(f"== installing {', '.join(ADDONS)} with demo data in {db}", flush=True)
        log_file = VAR / "test-install.log"
        ok, problems, log = install(db, ADDONS, demo=True, log_file=log_file)
        if not ok:
            print(log[-8000:], file=sys.stderr)
            print(f"installing the addons failed (full log: {log_file})", file=sys.stderr)
            return 1
        if problems:
            print("\n\n".join(problems), file=sys.stderr)
            print(f"installing the addons logged {len(problems)} warning(s)/error(s) about "
                  f"our addons (full log: {log_file})", file=sys.stderr)
            return 1
        print(f"   installed in {time.monotonic() - started:.0f} s", flush=True)
        pytest_args = args.pytest_args or ["addons", "tests"]
        cmd = [
            sys.executable, "-m", "pytest",
            f"--odoo-database={db}", "--odoo-http",
            f"--odoo-addons-path={odoo_env.addons_path()}",
            "--odoo-log-level=warn",
            f"--odoo-extra=data-dir={VAR / 'data'}",
            "--odoo-extra=http-interface=127.0.0.1",
            "-p", "pytest_guard",
            *pytest_args,
        ]
        print("== " + " ".join(cmd[2:]), flush=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            filter(None, [str(REPO / "tools"), os.environ.get("PYTHONPATH")])))
        result = subprocess.run(cmd, cwd=REPO, env=env, check=False)
        code = result.returncode
        if code == 5:
            print("pytest collected no test: that is a failure here", file=sys.stderr)
            code = 1
        return code
    finally:
        drop_database(db)
        print(f"== make test took {time.monotonic() - started:.0f} s", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="harness")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start Odoo 19 with the demo hospital")
    run.add_argument("--database", default=os.environ.get("DB", "hospital_repair_demo"))
    run.add_argument("--port", default=os.environ.get("PORT", "8069"))
    run.add_argument("--interface", default=os.environ.get("HTTP_INTERFACE", "127.0.0.1"),
                     help="0.0.0.0 to serve the whole network")
    test = sub.add_parser("test", help="run the static checks and the whole test suite")
    test.add_argument("--no-static", action="store_true", help="skip the static checks")
    args, rest = parser.parse_known_args(argv)
    if args.command == "test":
        args.pytest_args = [a for a in rest if a != "--"]
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        odoo_env.find_odoo()
    except odoo_env.OdooMissing as exc:
        print(exc, file=sys.stderr)
        return 3
    if args.command == "run":
        return cmd_run(args)
    return cmd_test(args)


if __name__ == "__main__":
    sys.exit(main())
