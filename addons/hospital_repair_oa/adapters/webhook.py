import base64
import binascii
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime

from .base import OaAdapter, OaDeliveryError

EVENT_TYPES = {"create": "todo.created", "done": "todo.done", "delete": "todo.deleted"}


def sign(secret, msg_id, timestamp, body):
    """Standard Webhooks signature: ``v1,<base64 HMAC-SHA256>`` of
    ``id.timestamp.body`` keyed with the base64 part of ``whsec_<base64>``."""
    key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class WebhookAdapter(OaAdapter):
    """Generic JSON webhook signed per https://www.standardwebhooks.com/ :
    the receiver dedups on ``webhook-id`` (the message's idempotency key,
    the same on every retry). 410 Gone ends the message at once (the
    receiver asks not to be called again); Retry-After (429, 503) delays the
    next attempt (both in ``OaDeliveryError``, honoured by the outbox)."""

    def _call(self, msg_id, event_type, data, event_time):
        conn = self.connection
        if not conn.webhook_secret or not conn.webhook_secret.startswith("whsec_"):
            raise OaDeliveryError("The webhook secret must look like whsec_<base64>.", cause="setting")
        # the header is the attempt's time (the receiver refuses old ones:
        # replay protection), the body's the event's, in ISO 8601
        timestamp = str(int(time.time()))
        body = json.dumps(
            {"type": event_type, "timestamp": event_time.strftime("%Y-%m-%dT%H:%M:%SZ"), "data": data},
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        try:
            signature = sign(conn.webhook_secret, msg_id, timestamp, body)
        except (ValueError, binascii.Error) as exc:
            raise OaDeliveryError("The webhook secret is not valid base64.", cause="setting") from exc
        response = self._post(
            conn.push_url,
            body=body,
            headers={
                "Content-Type": "application/json",
                "webhook-id": msg_id,
                "webhook-timestamp": timestamp,
                "webhook-signature": signature,
            },
        )
        try:
            answer = json.loads(response.text) if response.text.strip() else None
        except ValueError:
            answer = None  # a plain-text acknowledgement
        if isinstance(answer, dict) and (
            answer.get("success") is False
            or answer.get("error")
            or answer.get("errcode") not in (None, 0, "0")
        ):
            detail = json.dumps(answer, ensure_ascii=False)[:500]
            raise OaDeliveryError(f"The OA reported an error: {detail}")
        return answer

    def send(self, message):
        return self._call(
            message.idempotency_key, EVENT_TYPES[message.action], message.payload, message.create_date
        )

    def test(self):
        return self._call(f"test-{int(time.time())}", "ping", {}, datetime.now(UTC))
