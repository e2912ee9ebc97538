"""Mixed hospital traffic for locust, run by tests/bench/bench_load.py in the
virtualenv .venv-bench (never imports Odoo).

Each locust user takes the session its login already has (bench_load.py
opens one per login before the run, as the hospital's staff stay logged in
for days; logins are measured apart, as a burst), then repeats what its role
does. Request
names are "<kind>:<operation>"; the "base:" ones do the same kinds of
operations on Odoo's bare maintenance.request, the baseline of the ratios.
Settings come from the environment (LOAD_*), written by bench_load.py.
"""

import json
import os
import random
import re

from locust import HttpUser, between, task

# login -> [session id, uid]
with open(os.environ["LOAD_SESSIONS"], encoding="utf-8") as sessions_file:
    SESSIONS = json.load(sessions_file)
DESK = os.environ["LOAD_DESK"].split(",")
WORKERS = os.environ["LOAD_WORKERS"].split(",")
REQUESTERS = os.environ["LOAD_REQUESTERS"].split(",")
MANAGERS = os.environ["LOAD_MANAGERS"].split(",")
BOARD_TOKEN = os.environ["LOAD_BOARD_TOKEN"]
CATEGORY = int(os.environ["LOAD_CATEGORY"])  # one needing no approval
ZONES = [int(z) for z in os.environ["LOAD_ZONES"].split(",")]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SUBMIT_TOKEN = re.compile(r'name="submit_token" value="([^"]*)"')

ORDER_LIST = {"name": {}, "state": {}, "priority": {}, "date_reported": {},
              "zone_id": {"fields": {"display_name": {}}},
              "category_id": {"fields": {"display_name": {}}},
              "user_id": {"fields": {"display_name": {}}}}
ORDER_FORM = dict(ORDER_LIST, description={}, location={}, contact_phone={}, reporter_name={},
                  date_response_deadline={}, date_completion_deadline={}, is_overdue={})
REQUEST_LIST = {"name": {}, "priority": {}, "request_date": {},
                "stage_id": {"fields": {"display_name": {}}},
                "equipment_id": {"fields": {"display_name": {}}},
                "category_id": {"fields": {"display_name": {}}},
                "user_id": {"fields": {"display_name": {}}}}
REQUEST_FORM = dict(REQUEST_LIST, description={}, schedule_date={}, maintenance_type={},
                    maintenance_team_id={"fields": {"display_name": {}}})


class OdooUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reads what they get
    logins = ()

    def on_start(self):
        self.login = random.choice(self.logins)
        session_id, self.uid = SESSIONS[self.login]
        self.client.cookies.set("session_id", session_id)

    def rpc(self, name, model, method, *args, **kwargs):
        with self.client.post(f"/web/dataset/call_kw/{model}/{method}", name=name, catch_response=True,
                              json={"jsonrpc": "2.0", "method": "call", "params": {
                                  "model": model, "method": method, "args": list(args),
                                  "kwargs": kwargs}}) as response:
            try:
                answer = response.json()
            except ValueError:
                response.failure(f"not JSON: HTTP {response.status_code}")
                return None
            if "error" in answer:
                response.failure(answer["error"]["data"].get("message", "error")[:200])
                return None
            return answer["result"]

    def read_list(self, name, model, domain, specification, limit, order):
        """A list view's read; keeps the ids for the form views."""
        result = self.rpc(name, model, "web_search_read", domain=domain, specification=specification,
                          limit=limit, order=order) or {}
        self.ids = [r["id"] for r in result.get("records", [])]


class Desk(OdooUser):
    """服务台: the open orders list, an order's form, an order taken on the
    phone then accepted (dispatched)."""

    weight = 2
    logins = DESK

    @task(4)
    def list(self):
        self.read_list("desk:list", "hospital.repair.order",
                       [["state", "in", ["submitted", "assigned", "in_progress"]]], ORDER_LIST, 80,
                       "date_reported desc")

    @task(3)
    def form(self):
        if getattr(self, "ids", None):
            self.rpc("desk:form", "hospital.repair.order", "web_read", [random.choice(self.ids)],
                     specification=ORDER_FORM)

    @task(1)
    def phone_order(self):
        created = self.rpc("desk:create", "hospital.repair.order", "create", [{
            "zone_id": random.choice(ZONES), "category_id": CATEGORY, "channel": "phone",
            "description": "电话报修：水龙头漏水", "reporter_name": "张三",
            "contact_phone": "13800138000"}])
        if created:
            self.rpc("desk:submit", "hospital.repair.order", "action_submit", created)
            self.rpc("desk:accept", "hospital.repair.order", "action_accept", created)


class Requester(OdooUser):
    """科室: my orders on the portal, the report form, a report sent."""

    weight = 3
    logins = REQUESTERS

    def on_start(self):
        super().on_start()
        # The pages' links carry the user's language (/zh_CN/...) once the
        # first page redirected there, as a browser then follows them.
        landing = self.client.get("/my", name="portal:home")
        self.prefix = landing.url.split("://", 1)[1].split("/", 1)[1].removesuffix("my")
        self.prefix = "/" + self.prefix.strip("/") if self.prefix.strip("/") else ""

    @task(4)
    def my_repairs(self):
        self.client.get(f"{self.prefix}/my/repairs", name="portal:my_repairs")

    @task(1)
    def report(self):
        form = self.client.get(f"{self.prefix}/repair/new", name="portal:new_form")
        csrf, token = CSRF.search(form.text), SUBMIT_TOKEN.search(form.text)
        if not csrf:
            return
        with self.client.post("/repair/new", name="portal:new_submit", allow_redirects=False,
                              catch_response=True, data={
                                  "csrf_token": csrf[1], "submit_token": token[1] if token else "",
                                  "zone_id": random.choice(ZONES), "category_id": CATEGORY,
                                  "description": "病房灯管不亮", "location": "3号病房",
                                  "contact_phone": "13800138000", "priority": "normal"}) as response:
            if response.status_code != 303:
                response.failure(f"HTTP {response.status_code}")


class Worker(OdooUser):
    """维修工 on the phone: the orders dispatched to them, one of them."""

    weight = 2
    logins = WORKERS

    @task(3)
    def my_orders(self):
        self.read_list("worker:list", "hospital.repair.order", [["user_id", "=", self.uid]],
                       ORDER_LIST, 40, "date_reported desc")

    @task(2)
    def order(self):
        if getattr(self, "ids", None):
            self.rpc("worker:form", "hospital.repair.order", "web_read", [random.choice(self.ids)],
                     specification=ORDER_FORM)


class Manager(OdooUser):
    """后勤领导: the dashboard, the monthly pivot."""

    weight = 1
    logins = MANAGERS

    @task(1)
    def dashboard(self):
        self.rpc("manager:dashboard", "hospital.repair.report", "get_dashboard_data")

    @task(1)
    def pivot(self):
        self.rpc("manager:pivot", "hospital.repair.report", "formatted_read_group", [],
                 groupby=["date_reported:month", "category_id"], aggregates=["__count"])


class Screen(HttpUser):
    """电子显示屏: opened with its token, then its data when the bus wakes it."""

    weight = 2
    wait_time = between(2, 6)

    def on_start(self):
        self.client.get(f"/repair/board?token={BOARD_TOKEN}", name="board:open")

    @task
    def data(self):
        self.client.post("/repair/board/data", data={"x": "1"}, name="board:data")


class Baseline(OdooUser):
    """The same kinds of operations on Odoo's bare maintenance.request, as
    its administrator (the desk has no rights on it)."""

    weight = 3
    logins = [os.environ["LOAD_BASELINE_LOGIN"]]

    @task(4)
    def list(self):
        self.read_list("base:list", "maintenance.request", [], REQUEST_LIST, 80, "request_date desc")

    @task(3)
    def form(self):
        if getattr(self, "ids", None):
            self.rpc("base:form", "maintenance.request", "web_read", [random.choice(self.ids)],
                     specification=REQUEST_FORM)

    @task(1)
    def create_assign(self):
        created = self.rpc("base:create", "maintenance.request", "create", [{
            "name": "电话报修：水龙头漏水", "description": "13800138000 张三"}])
        if created:
            self.rpc("base:assign", "maintenance.request", "write", created, {"user_id": self.uid})

    @task(2)
    def pivot(self):
        self.rpc("base:pivot", "maintenance.request", "formatted_read_group", [],
                 groupby=["request_date:month", "category_id"], aggregates=["__count"])

