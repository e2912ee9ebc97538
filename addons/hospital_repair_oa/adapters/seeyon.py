import json
import time
from datetime import timedelta

import psycopg2

from odoo import fields

from .base import OaAdapter, OaDeliveryError

# Seeyon open platform, "调用Rest接口" (验证服务): POST with the REST user in
# a JSON body {"userName", "password"}; the answer {"id": "<token>"}, or
# {"id": "-1"} for a wrong user or password. (The GET form
# /seeyon/rest/token/{user}/{password} puts the password in the URL, hence
# in every proxy's log: not used.)
TOKEN = "/seeyon/rest/token"
# Seeyon open platform, "CIP集成平台-待办集成" (open.seeyoncloud.com
# v5devCIP): 单条待办 and 更新待办状态
RECEIVE = "/seeyon/rest/thirdpartyPending/receive"
UPDATE = "/seeyon/rest/thirdpartyPending/updatePendingState"
# kept on the connection; fetched again before, or on an HTTP 401
TOKEN_TTL = 600
# the OA's answer to a wrong REST user or password
BAD_TOKEN = "-1"


class SeeyonAdapter(OaAdapter):
    """Seeyon A8/V5 third-party pending items (第三方待办) of the CIP.

    The repair system is registered in the OA as a third-party system whose
    registration code is ``seeyon_register_code``; calls carry the token of
    the OA's REST user (``seeyon_rest_user``) in the ``token`` header.
    A to-do is identified by ``taskId`` (the message's step key: one per
    approval step and receiver) and addressed by login (免绑定:
    ``noneBindingReceiver``)."""

    # 更新待办状态: state 1 (已办) with subState 0 同意已办 / 1 不同意已办 /
    # 3 驳回; state 2 for an item withdrawn. A refused step is 不同意: the
    # approver disagreed and the order ends (驳回 sends a process back to an
    # earlier node, which the repair approval never does).
    DECIDED = {"approved": {"state": "1", "subState": "0"}, "refused": {"state": "1", "subState": "1"}}
    WITHDRAWN = {"state": "2", "subState": "2"}

    def _base(self):
        return self.connection.push_url.rstrip("/")

    def _token(self, renew=False):
        conn = self.connection
        if not renew and conn.seeyon_token and conn.seeyon_token_expiry and (
            conn.seeyon_token_expiry > fields.Datetime.now()
        ):
            return conn.seeyon_token
        response = self._post(
            self._base() + TOKEN,
            body=json.dumps(
                {"userName": conn.seeyon_rest_user or "", "password": conn.seeyon_rest_password or ""},
                ensure_ascii=False,
            ).encode(),
            headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
        )
        answer = self._json(response)
        token = answer.get("id") if isinstance(answer, dict) else None
        if token == BAD_TOKEN:
            raise OaDeliveryError(
                "Seeyon refused the REST user or its password (token id -1).", cause="credentials"
            )
        if not token or not isinstance(token, str):
            raise OaDeliveryError(f"Seeyon gave no REST token: {response.text[:300]}", cause="address")
        self._keep_token(token)
        return token

    def _keep_token(self, token):
        """Cache the token on the connection. Another worker may be renewing
        it at the same moment: then this one is used once, not kept."""
        try:
            with self.connection.env.cr.savepoint():
                self.connection.write({
                    "seeyon_token": token,
                    "seeyon_token_expiry": fields.Datetime.now() + timedelta(seconds=TOKEN_TTL),
                })
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
            self.connection.invalidate_recordset(["seeyon_token", "seeyon_token_expiry"])

    def _call(self, path, body, retry=True):
        payload = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "token": self._token()}
        try:
            response = self._post(self._base() + path, body=payload, headers=headers)
        except OaDeliveryError as exc:
            if retry and str(exc).startswith("HTTP 401"):
                # the token expired on the OA side before ours did
                self._token(renew=True)
                return self._call(path, body, retry=False)
            raise
        answer = self._json(response)
        if not isinstance(answer, dict) or answer.get("success") is not True:
            detail = json.dumps(answer, ensure_ascii=False)[:500]
            raise OaDeliveryError(f"Seeyon refused: {detail}", cause=self._cause(detail))
        return answer

    @staticmethod
    def _cause(detail):
        """Which setting the OA's error message points at."""
        if "registerCode" in detail or "注册" in detail:
            return "code"
        if any(word in detail for word in ("人员", "用户", "接收", "发起", "Receiver", "Sender")):
            return "login"
        return "answer"

    def _receive_body(self, task_id, data, state):
        """单条待办 (receive), field by field as documented."""
        receiver = self._receiver(data)
        sender = self._sender(data)
        return {
            "registerCode": self.connection.seeyon_register_code,
            "taskId": task_id,
            "title": data["title"],
            "senderName": data["reporter"] or sender,
            "state": state,
            "thirdSenderId": sender,
            "thirdReceiverId": receiver,
            # documented as yyyy-MM-dd HH:mm
            "creationDate": data["time"][:16],
            "url": data["link"],
            "h5url": data["link"],
            # 免绑定: the OA maps its users by login name
            "noneBindingSender": sender,
            "noneBindingReceiver": receiver,
        }

    def _update_body(self, task_id, outcome):
        return {"registerCode": self.connection.seeyon_register_code, "taskId": task_id, **outcome}

    def send(self, message):
        data = self._data(message)
        if message.action == "create":
            return self._call(RECEIVE, self._receive_body(message.step_key, data, "0"))
        if message.action == "done" and data.get("state") in self.DECIDED:
            return self._call(UPDATE, self._update_body(message.step_key, self.DECIDED[data["state"]]))
        # cancelled, or the to-do of another manager who may decide the step
        return self._call(UPDATE, self._update_body(message.step_key, self.WITHDRAWN))

    def test(self):
        # token: URL, network path, REST user and password
        self._token(renew=True)
        # an item already done (no reminder), withdrawn at once: proves the
        # registration code and that the OA knows the login
        login = self._test_login()
        task_id = f"connection-test-{int(time.time() * 1000)}"
        data = {
            "title": "Connection test / 连接测试",
            "reporter": self.connection.env.user.name,
            "sender_oa_login": login,
            "oa_login": login,
            "time": fields.Datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            "link": self.connection._site_url("/odoo"),
        }
        self._call(RECEIVE, self._receive_body(task_id, data, "1"))
        self._call(UPDATE, self._update_body(task_id, self.WITHDRAWN))
