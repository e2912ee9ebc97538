import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

# Standard Webhooks and most OAs answer within seconds; the spec suggests
# 15 to 30 s before giving up on an attempt
DEFAULT_TIMEOUT = 15

# what went wrong, for "Test Connection" to say which setting to fix
CAUSES = ("network", "address", "credentials", "code", "ip", "login", "setting", "answer")


class OaDeliveryError(Exception):
    """The OA did not accept a call: network error, HTTP error status or an
    error reported in a 200 answer.

    ``cause`` is one of :data:`CAUSES`; ``permanent`` means retrying cannot
    help (HTTP 410 Gone); ``retry_after`` is the delay in seconds the OA
    asked for (HTTP Retry-After), if any."""

    def __init__(self, message, cause="answer", permanent=False, retry_after=None):
        super().__init__(message)
        self.cause = cause if cause in CAUSES else "answer"
        self.permanent = permanent
        self.retry_after = retry_after


def parse_retry_after(value, now=None):
    """Seconds from an HTTP Retry-After header (RFC 9110 10.2.3: a number of
    seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - (now or datetime.now(UTC))).total_seconds()))


class OaAdapter:
    """Send to-do messages of the outbox to one OA connection.

    An adapter is chosen by ``hospital.repair.oa.connection._get_oa_adapter_class``
    (override it, with ``selection_add`` on ``adapter``, to add an OA).

    ``send(message)`` must raise :class:`OaDeliveryError` unless the OA
    confirmed the call; it reads the message's ``action`` ("create", "done",
    "delete"), ``payload`` (dict: for "done"/"delete" the payload of the
    to-do's "create" message with ``action`` and ``state`` updated, so the
    fields an OA matches a to-do on are those it was created with),
    ``step_key`` (unique per to-do) and ``version``.

    ``test()`` proves the URL, the network path, the credentials and the
    system's registration in the OA without leaving anything behind, and
    raises :class:`OaDeliveryError` with the ``cause`` of a failure.
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
                timeout=self.connection.timeout or DEFAULT_TIMEOUT,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise OaDeliveryError(f"{type(exc).__name__}: {exc}", cause="network") from exc
        status = response.status_code
        if not 200 <= status < 300:
            cause = {401: "credentials", 403: "credentials", 404: "address", 405: "address"}.get(status, "answer")
            if 300 <= status < 400:
                cause = "address"  # a redirect: not the API's URL
            raise OaDeliveryError(
                f"HTTP {status}: {response.text[:500]}",
                cause=cause,
                permanent=status == 410,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        return response

    @staticmethod
    def _json(response):
        try:
            return json.loads(response.text or "null")
        except ValueError as exc:
            raise OaDeliveryError(f"Not a JSON answer: {response.text[:500]}", cause="address") from exc

    def _test_login(self):
        """The OA login test calls use as sender and receiver: the
        connection's fallback login, else the tester's own."""
        login = self.connection.oa_fallback_login or self.connection.env.user.oa_login
        if not login:
            raise OaDeliveryError(
                "Neither the connection's fallback OA login nor your own OA login is set.",
                cause="setting",
            )
        return login

    def _sender(self, data):
        """The OA login the to-do comes from: the reporter's, else the
        connection's fallback login (as it is now: set after a failure, it
        serves the retry)."""
        # messages queued before the fallback login existed have only the reporter's
        sender = (
            data.get("sender_oa_login") or data.get("reporter_oa_login") or self.connection.oa_fallback_login
        )
        if not sender:
            raise OaDeliveryError(
                "The reporter has no OA login and the connection has no fallback OA login.",
                cause="setting",
            )
        return sender

    @staticmethod
    def _data(message):
        """The message's payload, with the receiver's OA login as it is now
        when none was known when queued (set after a failure, it serves the
        retry; the messages closing the to-do resolve it the same way)."""
        data = dict(message.payload or {})
        data["oa_login"] = data.get("oa_login") or message.user_id.sudo().oa_login or ""
        return data

    @staticmethod
    def _receiver(data):
        receiver = data.get("oa_login")
        if not receiver:
            raise OaDeliveryError("The approver has no OA login.", cause="setting")
        return receiver
