"""Headless Chromium driven over the DevTools protocol, for pages served by
the production stack (Odoo's own browser helper serves its in-process test
server only)."""

import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket
from stack import Missing, stop_process, unlimited, wait_until


class Chromium:
    def __init__(self):
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not binary:
            raise Missing("chromium not found: apt-get install chromium (.ci/run does)")
        self.profile = Path(tempfile.mkdtemp(prefix="hr-chromium-"))
        self.process = subprocess.Popen(
            # the switches of Odoo's own test browser (odoo.tests.common)
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-namespace-sandbox", "--disable-crash-reporter", "--disable-breakpad",
             "--disable-extensions", "--disable-background-networking",
             "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
             "--disable-backgrounding-occluded-windows", "--disable-default-apps",
             "--no-first-run", "--no-default-browser-check", "--window-size=1920,1080",
             f"--user-data-dir={self.profile}", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=unlimited)  # noqa: PLW1509 (as Odoo's test browser)
        port_file = self.profile / "DevToolsActivePort"
        wait_until(lambda: port_file.exists() and port_file.read_text().strip(), 60,
                   "Chromium's DevTools port", self.process)
        port = int(port_file.read_text().split()[0])
        pages = []
        wait_until(lambda: pages.extend(
            t for t in requests.get(f"http://127.0.0.1:{port}/json/list", timeout=5).json()
            if t["type"] == "page") or pages, 30, "Chromium's first page", self.process)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], suppress_origin=True,
                                              timeout=60)
        self.ids = itertools.count(1)
        self.console = []
        self.send("Runtime.enable")
        self.send("Page.enable")

    def send(self, method, **params):
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Runtime.consoleAPICalled":
                args = message["params"]["args"]
                self.console.append(" ".join(str(a.get("value", a.get("description"))) for a in args))
            elif message.get("method") == "Runtime.exceptionThrown":
                self.console.append("exception: " + json.dumps(message["params"]["exceptionDetails"])[:500])
            if message.get("id") == call_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url):
        self.send("Page.navigate", url=url)

    def wait_for(self, expression, timeout, what):
        """Poll a JavaScript expression until it is truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except AssertionError:
                pass  # the page is still loading
            time.sleep(0.2)  # poll interval
        raise AssertionError(f"{what}: not within {timeout} s; console: {self.console[-10:]}")

    def close(self):
        try:
            self.ws.close()
        finally:
            stop_process(self.process)
            shutil.rmtree(self.profile, ignore_errors=True)
