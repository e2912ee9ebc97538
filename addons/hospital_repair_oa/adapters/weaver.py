import json
import time

from odoo import fields

from .base import OaAdapter, OaDeliveryError

# Weaver e-cology 9, 统一待办中心集成数据接口说明 (v5, E9): 接收流程数据,
# 处理待办流程（变为已办）, 删除指定人员的流程数据; JSON over REST, each
# answering {"syscode", "dataType", "operType", "operResult", "message"}
# with operResult "1" on success, "0" and a message otherwise.
RECEIVE = "/rest/ofs/ReceiveRequestInfoByJson"
PROCESSED = "/rest/ofs/ProcessDoneRequestByJson"
DELETE = "/rest/ofs/deleteUserRequestInfoByJson"

# isremark: 0 待办, 2 已办, 4 办结; viewtype: 0 未读, 1 已读
TODO, DONE = "0", "2"
UNREAD, READ = "0", "1"


class WeaverAdapter(OaAdapter):
    """Weaver e-cology unified to-do centre (统一待办中心, OFS).

    The repair system is registered in the OA as a heterogeneous system
    (异构系统) whose code is ``weaver_syscode``. A to-do is the pair
    (``flowid``, ``receiver``): ``flowid`` is the approval step, so the
    managers who may decide a step without named approver share one flow.
    The OA finds a to-do to mark done by ``flowid``, ``requestname``,
    ``workflowname``, ``nodename`` and ``receiver``: all come from the
    create message (the payload of a "done" message is a copy of it).
    ``receivets`` grows with each message so the OA ignores stale updates.
    ``pcurl``/``appurl`` are paths: the OA puts its PC/APP link prefix
    (PC地址前缀, APP地址前缀 of the heterogeneous system) in front.
    """

    def _call(self, path, body):
        base = self.connection.push_url.rstrip("/")
        response = self._post(
            base + path,
            body=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        answer = self._json(response)
        if not isinstance(answer, dict) or str(answer.get("operResult")) != "1":
            detail = json.dumps(answer, ensure_ascii=False)[:500]
            raise OaDeliveryError(f"e-cology refused: {detail}", cause=self._cause(detail))
        return answer

    @staticmethod
    def _cause(detail):
        """Which setting the OA's message points at (the messages of the
        OA's OfsTodoDataManager)."""
        if "未注册" in detail and "异构系统" in detail:
            return "code"
        if "未授权" in detail:
            return "ip"
        if "创建人不存在" in detail or "接收人不存在" in detail:
            return "login"
        if "未启用" in detail or "不允许接收" in detail:
            return "setting"
        return "answer"

    @staticmethod
    def _receivets(message):
        # strictly increasing per to-do: the version orders the updates
        return str(int(message.create_date.timestamp() * 1000) + message.version)

    def _receive_body(self, flowid, data, receivets, isremark, viewtype):
        """接收流程数据, field by field as documented."""
        return {
            "syscode": self.connection.weaver_syscode,
            "flowid": flowid,
            "requestname": data["title"],
            "workflowname": data["workflow"],
            "nodename": data["node"],
            "pcurl": data.get("link_path") or data["link"],
            "appurl": data.get("link_path") or data["link"],
            "isremark": isremark,
            "viewtype": viewtype,
            "creator": self._sender(data),
            "createdatetime": data["time"],
            "receiver": self._receiver(data),
            "receivedatetime": data["time"],
            "receivets": receivets,
        }

    def _delete_body(self, flowid, data):
        return {"syscode": self.connection.weaver_syscode, "flowid": flowid, "userid": self._receiver(data)}

    def send(self, message):
        data = self._data(message)
        # older messages: the step key was the flow
        flowid = data.get("flow_id") or message.step_key
        if message.action == "create":
            return self._call(RECEIVE, self._receive_body(flowid, data, self._receivets(message), TODO, UNREAD))
        if message.action == "done":
            return self._call(PROCESSED, {
                "syscode": self.connection.weaver_syscode,
                "flowid": flowid,
                "requestname": data["title"],
                "workflowname": data["workflow"],
                "nodename": data["node"],
                "receiver": self._receiver(data),
                "receivets": self._receivets(message),
            })
        # cancelled, or the to-do of another manager who may decide the step
        return self._call(DELETE, self._delete_body(flowid, data))

    def test(self):
        # a to-do already done and read (no reminder is sent for it),
        # deleted at once: proves the URL, the network path, the system
        # code, the OA's IP allow-list, the workflow type and the login
        login = self._test_login()
        stamp = int(time.time() * 1000)
        flowid = f"connection-test-{stamp}"
        conn = self.connection
        data = {
            "title": "Connection test / 连接测试",
            "workflow": conn.oa_workflow_name,
            "node": "Connection test / 连接测试",
            "link_path": "/odoo",
            "sender_oa_login": login,
            "oa_login": login,
            "time": fields.Datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        self._call(RECEIVE, self._receive_body(flowid, data, str(stamp), DONE, READ))
        self._call(DELETE, self._delete_body(flowid, data))
