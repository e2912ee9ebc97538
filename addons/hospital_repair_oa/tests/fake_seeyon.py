"""A strict fake of Seeyon A8/V5's REST token service and third-party
pending items, as the open platform's pages "调用Rest接口" (验证服务) and
"CIP集成平台-待办集成" describe them."""

import re
import uuid

from .fake_oa_server import FakeOaServer

TOKEN = "/seeyon/rest/token"
RECEIVE = "/seeyon/rest/thirdpartyPending/receive"
UPDATE = "/seeyon/rest/thirdpartyPending/updatePendingState"
# "creationDate": "待办发起日期,格式yyyy-MM-dd HH:mm" (other copies of the
# table write yyyy-MM-dd HH:mm:ss)
CREATION_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")


class FakeSeeyon(FakeOaServer):
    """State of one Seeyon: REST users, the registration codes of the
    third-party systems, the members' login names (免绑定 receivers and
    senders), the tokens it issued and the pending items by taskId."""

    routes = {TOKEN: "token", RECEIVE: "receive", UPDATE: "update"}

    def __init__(self, rest_users, register_codes, logins):
        super().__init__()
        self.rest_users = dict(rest_users)
        self.register_codes = set(register_codes)
        self.logins = set(logins)
        self.reset()

    def reset(self):
        """Forget what earlier tests sent (their records were rolled back)."""
        self.calls.clear()
        self.tokens = set()
        self.items = {}

    def refuse_fields(self, path, problem):
        if path == TOKEN:
            return 200, {"id": "-1"}
        return 200, {"success": False, "errorMsgs": [f"参数错误：{problem}"]}

    def expire_tokens(self):
        self.tokens.clear()

    def token(self, request, body):
        """验证服务: {"id": token}, or {"id": "-1"} for a wrong user or password."""
        refused = self.check_fields(TOKEN, body, ("userName", "password"), optional={"loginName"})
        if refused:
            return refused
        if self.rest_users.get(body["userName"]) != body["password"]:
            return 200, {"id": "-1"}
        token = str(uuid.uuid4())
        self.tokens.add(token)
        return 200, {"id": token, "bindingUser": None}

    def _authorised(self, request):
        return request.headers.get("token") in self.tokens

    @staticmethod
    def _refused(*errors):
        return 200, {"success": False, "errorMsgs": list(errors)}

    def receive(self, request, body):
        """单条待办."""
        if not self._authorised(request):
            return 401, {"success": False, "errorMsgs": ["token无效"]}
        refused = self.check_fields(RECEIVE, body, (
            "registerCode", "taskId", "title", "senderName", "thirdReceiverId", "creationDate", "state",
        ), optional={
            "classify", "contentType", "subState", "thirdSenderId", "content", "h5url", "url",
            "appParam", "noneBindingSender", "noneBindingReceiver",
        })
        if refused:
            return refused
        if body["registerCode"] not in self.register_codes:
            return self._refused(f"注册编码【{body['registerCode']}】不存在")
        if body["state"] not in ("0", "1"):
            return self._refused("state 只能为 0（待办）或 1（已办）")
        if not CREATION_DATE.match(body["creationDate"]):
            return self._refused("creationDate 格式错误")
        if body.get("noneBindingReceiver") not in self.logins:
            return self._refused(f"接收人【{body.get('noneBindingReceiver')}】不存在")
        if body.get("noneBindingSender") and body["noneBindingSender"] not in self.logins:
            return self._refused(f"发起人【{body['noneBindingSender']}】不存在")
        self.items[body["taskId"]] = dict(body)
        return 200, {"success": True, "errorMsgs": []}

    def update(self, request, body):
        """更新待办状态: state 1 with subState 0 同意 / 1 不同意 / 3 驳回,
        state 2 for a withdrawn item."""
        if not self._authorised(request):
            return 401, {"success": False, "errorMsgs": ["token无效"]}
        refused = self.check_fields(UPDATE, body, ("registerCode", "taskId", "state"), optional={"subState"})
        if refused:
            return refused
        if body["registerCode"] not in self.register_codes:
            return self._refused(f"注册编码【{body['registerCode']}】不存在")
        state, sub_state = body["state"], body.get("subState")
        if state == "1" and sub_state not in ("0", "1", "3"):
            return self._refused("已办须给出 subState：0 同意、1 不同意、3 驳回")
        if state == "2" and sub_state not in (None, "2"):
            return self._refused("取消的待办 subState 只能为 2")
        if state not in ("0", "1", "2"):
            return self._refused("state 不合法")
        item = self.items.get(body["taskId"])
        if item is None:
            return self._refused(f"待办【{body['taskId']}】不存在")
        item.update(state=state, subState=sub_state)
        return 200, {"success": True, "errorMsgs": []}

    def open_items(self):
        """(receiver, title) of the items still pending (state 0)."""
        return sorted((i["noneBindingReceiver"], i["title"]) for i in self.items.values() if i["state"] == "0")
