"""Each addon installs on a fresh database, with and without demo data, and
upgrades (``-u``) cleanly: no failure and no WARNING/ERROR about our addons.

Odoo's own dependencies are installed once per run in two template
databases (with and without demo data); each case copies one, so every
install of ours starts from a fresh database.
"""

import ast
import os
import subprocess

import pytest
from harness import ADDONS, REPO, drop_database, install

TEMPLATE = f"hrtmpl_{os.getpid()}"


def _dependencies():
    """Odoo modules our addons depend on, without our own."""
    deps = set()
    for addon in ADDONS:
        manifest = ast.literal_eval((REPO / "addons" / addon / "__manifest__.py").read_text())
        deps.update(manifest["depends"])
    return sorted(deps - set(ADDONS))


@pytest.fixture(scope="module")
def templates():
    names = {}
    try:
        for demo in (False, True):
            name = f"{TEMPLATE}_{'demo' if demo else 'nodemo'}"
            drop_database(name)
            ok, _problems, log = install(name, _dependencies(), demo=demo)
            assert ok, log[-3000:]
            names[demo] = name
        yield names
    finally:
        for name in names.values():
            drop_database(name)


@pytest.mark.parametrize("demo", [False, True], ids=["without-demo", "with-demo"])
@pytest.mark.parametrize("addon", ADDONS)
def test_install_and_upgrade(templates, addon, demo):
    db = f"{templates[demo]}_{addon}"
    drop_database(db)
    subprocess.run(["createdb", "-T", templates[demo], db], check=True)
    try:
        for update in (False, True):
            step = "upgrading" if update else "installing"
            ok, problems, log = install(db, [addon], demo=demo, update=update)
            assert ok, f"{step} {addon} failed:\n{log[-3000:]}"
            assert not problems, f"{step} {addon} logged:\n" + "\n\n".join(problems)
        state = subprocess.run(
            ["psql", "-Atqc", f"SELECT state FROM ir_module_module WHERE name = '{addon}'", db],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        assert state == "installed"
    finally:
        drop_database(db)
