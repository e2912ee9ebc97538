"""Where Odoo 19 is, and the addons path to run our addons with it.

Used by the Makefile and the other tools; run it as
``python3 tools/odoo_env.py check`` or ``python3 tools/odoo_env.py addons-path``.
It stops within seconds, with a message saying how to install Odoo 19, when
the Python it runs in cannot import Odoo 19.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUR_ADDONS = REPO / "addons"
HOW_TO_INSTALL = """\
Odoo 19.0 cannot be imported by {python}: {error}

The addons run on Odoo 19.0 Community. Either
  - install Odoo 19.0 from its official source into this Python:
        git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo ../odoo
        pip install -r ../odoo/requirements.txt
        pip install --no-deps -e ../odoo --config-settings editable_mode=compat
    (Debian needs libldap2-dev libsasl2-dev libpq-dev first), or
  - run the product in Docker with the official Odoo 19 image:
        docker-compose up
See README.md, "Installing Odoo 19".
"""


class OdooMissing(Exception):
    pass


def find_odoo():
    """Return (version, source root or None, odoo.addons paths)."""
    try:
        import odoo.release

        import odoo.addons
    except ImportError as exc:
        raise OdooMissing(HOW_TO_INSTALL.format(python=sys.executable, error=exc)) from exc
    if tuple(odoo.release.version_info[:2]) != (19, 0):
        raise OdooMissing(
            HOW_TO_INSTALL.format(
                python=sys.executable,
                error=f"found Odoo {odoo.release.version}, not 19.0",
            )
        )
    root = Path(odoo.release.__file__).resolve().parent.parent
    return odoo.release.version, root, [str(Path(p)) for p in odoo.addons.__path__]


def addons_path():
    """Odoo's own addons (source tree or installed package), then ours."""
    _version, root, package_paths = find_odoo()
    paths = []
    if (root / "addons" / "base").is_dir() or (root / "addons" / "web").is_dir():
        paths.append(str(root / "addons"))  # a source tree: the apps live beside odoo/
    for path in package_paths:
        if os.path.isdir(path) and "__editable__" not in path:
            paths.append(path)
    paths.append(str(OUR_ADDONS))
    seen = set()
    return ",".join(p for p in paths if not (p in seen or seen.add(p)))


def main(argv):
    command = argv[1] if len(argv) > 1 else "check"
    try:
        if command == "check":
            version, root, _paths = find_odoo()
            print(f"Odoo {version} from {root}")
        elif command == "addons-path":
            print(addons_path())
        else:
            print(f"unknown command {command!r}: check | addons-path", file=sys.stderr)
            return 2
    except OdooMissing as exc:
        print(exc, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
