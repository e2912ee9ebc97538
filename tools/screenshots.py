"""Retake the README's screenshots from the demo hospital.

    python3 tools/screenshots.py [--database hospital_repair_demo] [--port 8079]

Runs the role-screens browser test (``addons/hospital_repair/tests/
test_role_screens.py``: its table SCREENS says who, where and at which sizes)
on the ``make run`` database, in Chinese, saving each screen as
``docs/screenshots/<shot>_<size>.png``. Nothing is written to the database
(the test's transaction is rolled back). A screen that shows English fails and
is not saved, so the pictures never show what the test refuses.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env

REPO = odoo_env.REPO
TEST = REPO / "addons" / "hospital_repair" / "tests" / "test_role_screens.py"
OUT = REPO / "docs" / "screenshots"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DB", "hospital_repair_demo"))
    parser.add_argument("--port", default="8079", help="a free port for the test's server")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "pytest", str(TEST), "-q",
        f"--odoo-database={args.database}", "--odoo-http",
        f"--odoo-addons-path={odoo_env.addons_path()}", "--odoo-log-level=warn",
        f"--odoo-extra=data-dir={REPO / 'var' / 'data'}",
        "--odoo-extra=http-interface=127.0.0.1", f"--odoo-extra=http-port={args.port}",
        "-p", "pytest_guard",
    ]
    env = dict(os.environ, HOSPITAL_REPAIR_SCREENSHOTS=str(Path(args.out).resolve()),
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "tools"),
                                                        os.environ.get("PYTHONPATH")])))
    return subprocess.run(cmd, cwd=REPO, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
