"""pytest plugin of ``make test``: a browser test that could not run is a failure.

Odoo only logs a WARNING and raises SkipTest when Chromium or websocket-client
is missing or Chrome fails to start; run through pytest, that would turn every
tour into a quiet skip. This plugin turns such skips into failures and fails
the session when such a warning was logged.
"""

import logging
import re

import pytest

BROWSER_TROUBLE = re.compile(
    r"websocket-client module is not installed|Chrome executable not found"
    r"|Chrome headless failed to start|Failed to detect chrome devtools port"
    r"|Error during Chrome( headless)? connection|Cannot connect to chrome dev tools"
    r"|\bchrom\w* not found",
    re.IGNORECASE,
)


class BrowserWarningHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        message = record.getMessage()
        if BROWSER_TROUBLE.search(message):
            self.records.append(f"{record.levelname} {record.name}: {message.splitlines()[0]}")


_handler = BrowserWarningHandler()


def pytest_configure(config):
    logging.getLogger().addHandler(_handler)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and call.excinfo is not None:
        reason = str(call.excinfo.value)
        if BROWSER_TROUBLE.search(reason):
            report.outcome = "failed"
            report.longrepr = f"browser test could not run (this is a failure here): {reason}"


def pytest_sessionfinish(session, exitstatus):
    if _handler.records:
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        if tr:
            tr.write_line("browser tests could not start a browser:", red=True)
            for line in sorted(set(_handler.records)):
                tr.write_line("  " + line, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
