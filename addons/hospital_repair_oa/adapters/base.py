import json

import requests


class OaDeliveryError(Exception):
    """The OA did not accept a call: network error, HTTP error status or an
    error reported in a 200 answer."""


class OaAdapter:
    """Send to-do messages of the outbox to one OA connection.

    ``send(message)`` must raise :class:`OaDeliveryError` unless the OA
    confirmed the call; it gets the message's ``action`` ("create", "done",
    "delete"), ``payload`` (dict) and ``idempotency_key``.
    """

    def __init__(self, connection):
        self.connection = connection

    def send(self, message):
        raise NotImplementedError

    def test(self):
        raise NotImplementedError

    def _post(self, url, *, body=None, headers=None, method="POST"):
        """One HTTP call to an allowed host, never following redirects (a
        redirect could lead out of the allow-list)."""
        self.connection._check_url_allowed(url)
        try:
            response = requests.request(
                method,
                url,
                data=body,
                headers=headers or {},
                timeout=self.connection.timeout or 10,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise OaDeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise OaDeliveryError(f"HTTP {response.status_code}: {response.text[:500]}")
        return response

    @staticmethod
    def _json(response):
        try:
            return json.loads(response.text or "null")
        except ValueError as exc:
            raise OaDeliveryError(f"Not a JSON answer: {response.text[:500]}") from exc
