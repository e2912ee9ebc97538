"""One production stack for every test of tests/prod (README, "Production"):
started once from a snapshot of the test run's database, torn down at the end."""

import pytest
from stack import Stack

import odoo
from odoo.tests.common import get_db_name


@pytest.fixture(scope="session")
def stack():
    db = get_db_name()
    running = Stack(db, odoo.tools.config.filestore(db)).start()
    try:
        yield running
    finally:
        running.stop()
