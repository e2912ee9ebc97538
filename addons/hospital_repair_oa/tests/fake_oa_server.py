"""Base of the strict fake OAs the adapter tests talk to: a real HTTP server
on 127.0.0.1 (pytest-httpserver) that dispatches each JSON call to a method
of the subclass and records it."""

import json
import re
import threading

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response


class FakeOaServer:
    """``routes``: path -> name of a method ``(request, body) -> (status, answer)``.

    Calls whose body is not a JSON object, or that carry a field the
    interface does not document, or lack one it requires, are refused the
    way the subclass says (``refuse_fields``)."""

    routes = {}

    def __init__(self):
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.lock = threading.Lock()
        self.calls = []
        self.server.expect_request(re.compile("^/.*$")).respond_with_handler(self._handle)

    def start(self):
        self.server.start()
        return self

    def stop(self):
        self.server.clear()
        self.server.stop()

    @property
    def url(self):
        return self.server.url_for("/").rstrip("/")

    def _handle(self, request):
        with self.lock:
            name = self.routes.get(request.path)
            if not name or request.method != "POST":
                return Response("Not Found", status=404)
            try:
                body = json.loads(request.get_data() or b"null")
            except ValueError:
                body = None
            self.calls.append((request.path, dict(request.headers), body))
            if not isinstance(body, dict):
                status, answer = self.refuse_fields(request.path, "JSON object expected")
            else:
                status, answer = getattr(self, name)(request, body)
            return Response(json.dumps(answer, ensure_ascii=False), status=status,
                            content_type="application/json; charset=utf-8")

    def refuse_fields(self, path, problem):
        raise NotImplementedError

    def check_fields(self, path, body, required, optional=frozenset()):
        """None when ``body`` has all of ``required`` (non-empty) and nothing
        beyond ``required | optional``, else the refusal to answer."""
        unknown = set(body) - set(required) - set(optional)
        missing = [f for f in required if body.get(f) in (None, "")]
        if unknown or missing:
            return self.refuse_fields(path, f"unknown {sorted(unknown)} missing {sorted(missing)}")
        not_text = [f for f, v in body.items() if not isinstance(v, str)]
        if not_text:
            return self.refuse_fields(path, f"not strings: {sorted(not_text)}")
        return None

    def bodies(self, path):
        return [body for p, _headers, body in self.calls if p == path]
