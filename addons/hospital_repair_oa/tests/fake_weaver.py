"""A strict fake of Weaver e-cology 9's unified to-do centre (统一待办中心),
as its interface description "统一待办中心集成数据接口说明 v5 (E9)" and the
server class weaver.ofs.manager.OfsTodoDataManager describe it."""

import re

from .fake_oa_server import FakeOaServer

RECEIVE = "/rest/ofs/ReceiveRequestInfoByJson"
PROCESSED = "/rest/ofs/ProcessDoneRequestByJson"
DELETE = "/rest/ofs/deleteUserRequestInfoByJson"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


class FakeWeaver(FakeOaServer):
    """State of one e-cology: the registered heterogeneous systems (系统标识,
    allowed IPs, PC/APP link prefixes), its users (converted by login name,
    人员转换规则 = 登录名), the workflow types it created from the names it
    received (自动创建流程类型) and the to-dos, one per (flowid, receiver)."""

    routes = {RECEIVE: "receive", PROCESSED: "processed", DELETE: "delete"}

    def __init__(self, syscode, logins, pc_prefix):
        super().__init__()
        self.systems = {syscode: {"securityip": "", "pc_prefix": pc_prefix}}
        self.logins = set(logins)
        self.reset()

    def reset(self):
        """Forget what earlier tests sent (their records were rolled back)."""
        self.calls.clear()
        self.workflow_types = set()
        self.todos = {}

    # ---------------------------------------------------------------- answers
    def _answer(self, syscode, oper_type, ok, message, data_type="WfData"):
        return 200, {
            "syscode": syscode, "dataType": data_type, "operType": oper_type,
            "operResult": "1" if ok else "0", "message": message,
        }

    def refuse_fields(self, path, problem):
        return self._answer("", "Check", False, f"参数不合法：{problem}")

    def _check_system(self, request, syscode):
        """异构系统标识【X】未注册 / 当前IP（…）未授权, as the OA answers."""
        system = self.systems.get(syscode)
        if system is None:
            return self._answer(syscode, "Check", False, f"异构系统标识【{syscode}】未注册", "OtherSys")
        allowed = system["securityip"]
        if allowed and f",{request.remote_addr}," not in f",{allowed},":
            return self._answer(
                syscode, "Check", False,
                f"异构系统标识【{syscode}】当前IP（{request.remote_addr}）未授权", "OtherSys",
            )
        return None

    # ---------------------------------------------------------------- calls
    def receive(self, request, body):
        """接收流程数据: creates (or updates) the to-do (flowid, receiver)."""
        refused = self.check_fields(RECEIVE, body, (
            "syscode", "flowid", "requestname", "workflowname", "nodename", "pcurl",
            "isremark", "viewtype", "creator", "createdatetime", "receiver",
            "receivedatetime", "receivets",
        ), optional={"appurl"}) or self._check_system(request, body["syscode"])
        if refused:
            return refused
        syscode, name = body["syscode"], body["requestname"]
        for field in ("createdatetime", "receivedatetime"):
            if not DATETIME.match(body[field]):
                return self._answer(syscode, "Check", False, f"{field} 格式应为 yyyy-MM-dd HH:mm:ss")
        if not body["receivets"].isdigit():
            return self._answer(syscode, "Check", False, "receivets 应为时间戳")
        for field in ("pcurl", "appurl"):
            # PC/APP地址前缀 + the path: "只取到端口后的/"
            if field in body and not body[field].startswith("/"):
                return self._answer(syscode, "Check", False, f"{field} 应为端口后的路径")
        self.workflow_types.add(body["workflowname"])
        if body["creator"] not in self.logins:
            return self._answer(syscode, "Check", False, f"流程数据【{name}】检测创建人不存在")
        if body["receiver"] not in self.logins:
            return self._answer(syscode, "Check", False, f"流程数据【{name}】检测接收人不存在")
        if body["isremark"] not in ("0", "2", "4"):
            return self._answer(syscode, "Check", False, f"流程数据【{name}】检测isremark不合法")
        if body["viewtype"] not in ("0", "1"):
            return self._answer(syscode, "Check", False, f"流程数据【{name}】检测viewtype不合法")
        key = (syscode, body["flowid"], body["receiver"])
        old = self.todos.get(key)
        if old and int(old["receivets"]) >= int(body["receivets"]):
            # an older message arriving late does not overwrite a newer one
            return self._answer(syscode, "AutoEdit", True, f"流程数据【{name}】自动更新成功")
        self.todos[key] = dict(body, link=self.systems[syscode]["pc_prefix"] + body["pcurl"])
        oper = "AutoEdit" if old else "AutoNew"
        return self._answer(syscode, oper, True, f"流程数据【{name}】自动{'更新' if old else '新增'}成功")

    def processed(self, request, body):
        """处理待办流程（变为已办）: found by flowid, requestname,
        workflowname, nodename and receiver, as the OA searches it."""
        refused = self.check_fields(PROCESSED, body, (
            "syscode", "flowid", "requestname", "workflowname", "nodename", "receiver", "receivets",
        )) or self._check_system(request, body["syscode"])
        if refused:
            return refused
        syscode, name = body["syscode"], body["requestname"]
        if body["workflowname"] not in self.workflow_types:
            return self._answer(syscode, "Check", False, f"流程类型【{body['workflowname']}】未注册", "WfType")
        key = (syscode, body["flowid"], body["receiver"])
        todo = self.todos.get(key)
        if not todo or any(todo[f] != body[f] for f in ("requestname", "workflowname", "nodename")):
            return self._answer(syscode, "Check", False, f"流程数据【{name}】不存在")
        if int(todo["receivets"]) < int(body["receivets"]):
            todo.update(isremark="2", viewtype="1", receivets=body["receivets"])
        return self._answer(syscode, "AutoEdit", True, f"流程数据【{name}】自动更新已办成功")

    def delete(self, request, body):
        """删除指定人员的流程数据."""
        refused = self.check_fields(DELETE, body, ("syscode", "flowid", "userid")) or (
            self._check_system(request, body["syscode"])
        )
        if refused:
            return refused
        key = (body["syscode"], body["flowid"], body["userid"])
        if key not in self.todos:
            return self._answer(body["syscode"], "Del", False, "流程数据删除失败,流程数据不存在")
        del self.todos[key]
        return self._answer(body["syscode"], "Del", True, "流程数据删除成功")

    # ---------------------------------------------------------------- state
    def todo(self, flowid, receiver):
        return next((t for (_s, f, r), t in self.todos.items() if f == flowid and r == receiver), None)

    def open_todos(self):
        """(receiver, requestname) of the to-dos still waiting (isremark 0)."""
        return sorted((t["receiver"], t["requestname"]) for t in self.todos.values() if t["isremark"] == "0")
