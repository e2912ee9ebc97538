import json
import time

from .base import OaAdapter, OaDeliveryError

RECEIVE = "/rest/ofs/ReceiveRequestInfoByJson"
PROCESSED = "/rest/ofs/ProcessDoneRequestByJson"
DELETE = "/rest/ofs/deleteUserRequestInfoByJson"


class WeaverAdapter(OaAdapter):
    """Weaver e-cology unified to-do centre (统一待办中心, OFS).

    The repair system is registered in the OA as a heterogeneous system
    (异构系统) whose code is ``weaver_syscode``; a to-do is identified by
    ``flowid`` (one per approval step) and its receiver (the OA login).
    ``receivets`` grows with each message so the OA ignores stale updates.
    """

    def _call(self, path, body):
        base = self.connection.push_url.rstrip("/")
        response = self._post(
            base + path,
            body=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        answer = self._json(response)
        # OFS answers 200 with operResult "1" on success, "0"/"-1" and a message otherwise
        if not isinstance(answer, dict) or str(answer.get("operResult")) != "1":
            raise OaDeliveryError(f"e-cology refused: {json.dumps(answer, ensure_ascii=False)[:500]}")
        return answer

    def _common(self, message):
        data = message.payload
        if not data.get("oa_login"):
            raise OaDeliveryError("The approver has no OA login.")
        return {
            "syscode": self.connection.weaver_syscode,
            "flowid": message.step_key,
            "requestname": data["title"],
            "workflowname": data["workflow"],
            "nodename": data["node"],
            "receiver": data["oa_login"],
            # strictly increasing per to-do: the version orders the updates
            "receivets": str(int(message.create_date.timestamp() * 1000) + message.version),
        }

    def send(self, message):
        data = message.payload
        body = self._common(message)
        if message.action == "create":
            body.update({
                "pcurl": data["link"],
                "appurl": data["link"],
                "isremark": "0",
                "viewtype": "0",
                "creator": data.get("reporter_oa_login") or data["reporter"],
                "createdatetime": data["time"],
                "receivedatetime": data["time"],
            })
            return self._call(RECEIVE, body)
        if message.action == "done":
            return self._call(PROCESSED, body)
        return self._call(DELETE, {
            "syscode": body["syscode"], "flowid": body["flowid"], "userid": body["receiver"],
        })

    def test(self):
        # deleting a to-do that does not exist is harmless and proves the
        # URL, the system code and the OA's IP allow-list are right
        return self._call(DELETE, {
            "syscode": self.connection.weaver_syscode,
            "flowid": f"connection-test-{int(time.time())}",
            "userid": "connection-test",
        })
