import json
import time
from urllib.parse import quote

from .base import OaAdapter, OaDeliveryError

TOKEN_PATH = "/seeyon/rest/token/{user}/{password}"
RECEIVE = "/seeyon/rest/thirdpartyPending/receive"
UPDATE = "/seeyon/rest/thirdpartyPending/updatePendingState"

# (database, connection id) -> (token, expiry): a REST token is valid for a
# while; asking one per message would double the calls
_TOKENS = {}
TOKEN_TTL = 600


class SeeyonAdapter(OaAdapter):
    """Seeyon A8/V5 third-party pending items (第三方待办).

    The repair system is registered in the OA as a third-party system
    whose registration code is ``seeyon_register_code``; calls carry a
    token obtained with the OA's REST user (``seeyon_rest_user``)."""

    def _cache_key(self):
        return (self.connection.env.cr.dbname, self.connection.id)

    def _token(self, renew=False):
        cached = _TOKENS.get(self._cache_key())
        if cached and not renew and cached[1] > time.time():
            return cached[0]
        conn = self.connection
        url = conn.push_url.rstrip("/") + TOKEN_PATH.format(
            user=quote(conn.seeyon_rest_user or "", safe=""),
            password=quote(conn.seeyon_rest_password or "", safe=""),
        )
        response = self._post(url, method="GET", headers={"Accept": "application/json"})
        text = response.text.strip()
        try:
            answer = json.loads(text)
            token = answer.get("id") if isinstance(answer, dict) else None
        except ValueError:
            token = text  # older versions answer the bare token
        if not token or not isinstance(token, str) or "<" in token:
            raise OaDeliveryError(f"Seeyon gave no REST token: {text[:300]}")
        _TOKENS[self._cache_key()] = (token, time.time() + TOKEN_TTL)
        return token

    def _call(self, path, body, retry=True):
        url = self.connection.push_url.rstrip("/") + path
        payload = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "token": self._token()}
        try:
            response = self._post(url, body=payload, headers=headers)
        except OaDeliveryError as exc:
            if retry and str(exc).startswith("HTTP 401"):
                # token expired on the OA side before our cache did
                self._token(renew=True)
                return self._call(path, body, retry=False)
            raise
        answer = self._json(response)
        if not isinstance(answer, dict) or str(answer.get("success")).lower() != "true":
            raise OaDeliveryError(f"Seeyon refused: {json.dumps(answer, ensure_ascii=False)[:500]}")
        return answer

    def send(self, message):
        data = message.payload
        if not data.get("oa_login"):
            raise OaDeliveryError("The approver has no OA login.")
        if message.action == "create":
            return self._call(RECEIVE, {
                "registerCode": self.connection.seeyon_register_code,
                "taskId": message.step_key,
                "title": data["title"],
                "thirdSenderId": data.get("reporter_oa_login") or data["reporter"],
                "senderName": data["reporter"],
                "thirdReceiverId": data["oa_login"],
                "creationDate": data["time"],
                "state": "0",
                "url": data["link"],
                "H5url": data["link"],
                "noneBindingSender": data.get("reporter_oa_login") or "",
                "noneBindingReceiver": data["oa_login"],
            })
        # decided or cancelled: the item leaves the approver's pending list
        return self._call(UPDATE, {
            "registerCode": self.connection.seeyon_register_code,
            "taskId": message.step_key,
            "state": "1",
            "subState": "1" if message.action == "done" else "0",
        })

    def test(self):
        return self._token(renew=True)
