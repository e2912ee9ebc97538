"""One production stack for every test of tests/prod (README, "Production"):
started once from a snapshot of the test run's database, torn down at the end."""

import odoo
import pytest
from odoo.tests.common import get_db_name
from stack import Stack


@pytest.fixture(scope="session")
def stack():
    db = get_db_name()
    running = Stack(db, odoo.tools.config.filestore(db)).start()
    try:
        yield running
    finally:
        running.stop()
