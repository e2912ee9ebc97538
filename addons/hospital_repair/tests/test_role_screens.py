"""Each role's main screens, in Chinese, in a real browser, on a phone and on
a desktop: the demo hospital as its people first see it.

SCREENS is the table: one row per screen (who, where, what to wait for, at
which sizes). A new role or screen is one row; another addon adds its rows
with ``module`` set, and they run when that addon is installed. Every screen
fails on a run of Latin letters that is not a code, a number or an allowed
acronym (English left on a Chinese screen).

The same table makes the README's pictures: with HOSPITAL_REPAIR_SCREENSHOTS
set to a folder, each screen is also saved there as ``<shot>_<size>.png``
(``tools/screenshots.py`` runs this file so on the ``make run`` database).
"""

import base64
import json
import os
from collections import namedtuple
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

PHONE = ("phone", "390x844")
DESKTOP = ("desktop", "1440x900")
TV = ("tv", "1920x1080")
LAPTOP = ("laptop", "1366x768")

# shot: file name of the picture; ready: a CSS selector the page shows when
# drawn; click/then: optionally a button to press once ready, and the
# selector that shows its result; whole_tables: no column may be cut.
Screen = namedtuple(
    "Screen", "shot login url ready sizes module whole_tables click then",
    defaults=((PHONE, DESKTOP), "hospital_repair", False, None, None))


def _action(xmlid, record=""):
    def url(env):
        action = env.ref(xmlid)
        return f"/odoo/action-{action.id}" + (f"/{record(env).id}" if record else "")
    return url


def _order(domain):
    def find(env):
        return env["hospital.repair.order"].search(domain, order="date_reported desc", limit=1)
    return find


def _portal_order(env):
    order = _order([("reporter_id.login", "=", "cardio_staff"),
                    ("state", "in", ("verified", "closed")), ("reopen_count", ">", 0)])(env)
    return f"/my/repairs/{(order or _order([('reporter_id.login', '=', 'cardio_staff')])(env)).id}"


def _approval_step(env):
    return env["hospital.repair.approval"].search([("state", "=", "pending")], limit=1)


def _round(env):
    rnd = env["hospital.repair.patrol.round"].search(
        [("route_id.user_id.login", "=", "wanghaitao")], order="date desc", limit=1)
    return f"/my/rounds/{rnd.id}"


def _board(env):
    return f"/repair/board?board_id={env.ref('hospital_repair.hospital_repair_board_demo').id}"


WEB = ".o_action_manager .o_view_controller"
SCREENS = [
    # 报修人: the portal, on the phone first
    Screen("my_repairs", "cardio_staff", "/my/repairs", ".o_repair_cards, .o_portal_my_doc_table"),
    Screen("repair_form", "cardio_staff", "/repair/new", "form.o_repair_form"),
    Screen("repair_detail", "cardio_staff", _portal_order, ".o_repair_timeline"),
    # 科室负责人: the approval waiting for them
    Screen("approvals", "cardio_leader",
           _action("hospital_repair.hospital_repair_approval_action_to_approve"), WEB),
    Screen("approval_form", "liuzhiming",
           _action("hospital_repair.hospital_repair_approval_action", _approval_step), ".o_form_view"),
    # 维修工: my tasks and an order
    Screen("worker_tasks", "wanghaitao",
           _action("hospital_repair.hospital_repair_order_action_my_tasks"), ".o_kanban_record"),
    Screen("worker_order", "wanghaitao",
           _action("hospital_repair.hospital_repair_order_action_my_tasks",
                   _order([("user_id.login", "=", "wanghaitao"), ("state", "=", "in_progress")])),
           ".o_form_view .o_statusbar_status"),
    # 服务台: the board of the day and an order
    Screen("desk_kanban", "wangli",
           _action("hospital_repair.hospital_repair_order_action_desk"), ".o_kanban_record"),
    Screen("order_form", "wangli",
           _action("hospital_repair.hospital_repair_order_action_desk",
                   _order([("state", "=", "done"), ("urge_count", ">", 0)])),
           ".o_form_view .o_statusbar_status"),
    # 管理者: dashboard, analysis, appraisal
    Screen("dashboard", "liuzhiming",
           _action("hospital_repair.hospital_repair_dashboard_action"), ".o_hospital_repair_dashboard"),
    Screen("pivot", "liuzhiming",
           _action("hospital_repair.hospital_repair_report_action_workload"), ".o_pivot"),
    Screen("appraisal", "liuzhiming",
           _action("hospital_repair.hospital_repair_appraisal_action"), ".modal .o_form_view",
           click=".modal button[name=action_compute]", then=".modal .o_data_row"),
    # 维修工 on patrol: today's round on the phone; 管理者: ledger and PM plans
    Screen("patrol_round", "wanghaitao", _round, ".o_patrol_round"),
    Screen("equipment_ledger", "liuzhiming",
           _action("hospital_repair.maintenance_equipment_action_ledger"), WEB),
    Screen("pm_plan", "liuzhiming",
           _action("hospital_repair.hospital_repair_pm_plan_action",
                   lambda env: env.ref("hospital_repair.pm_plan_01_demo")), ".o_form_view"),
    # 库管: the issues waiting for the store; the worker's materials; a
    # department's monthly settlement
    Screen("stock_repair_issues", "zhoujianping",
           _action("hospital_repair_stock.stock_picking_action_repair"), WEB,
           module="hospital_repair_stock"),
    Screen("order_materials", "zhangjianguo",
           _action("hospital_repair.hospital_repair_order_action_my_tasks",
                   _order([("user_id.login", "=", "zhangjianguo"), ("state", "=", "in_progress"),
                           ("material_line_ids", "!=", False)])),
           ".o_form_view .o_notebook", module="hospital_repair_stock",
           click=".o_notebook a[name=materials]", then=".o_notebook a[name=materials].active"),
    Screen("settlement", "liuzhiming",
           _action("hospital_repair_stock.hospital_repair_settlement_action",
                   lambda env: env["hospital.repair.settlement"].search(
                       [("state", "=", "paid")], order="date_from desc", limit=1)),
           ".o_form_view", module="hospital_repair_stock"),
    # 大屏: the wall of the logistics office
    Screen("board", "liuzhiming", _board, ".o_rb_table tbody tr", (TV, LAPTOP), whole_tables=True),
]

# Latin words a Chinese hospital's screens do say (acronyms and codes, in
# capitals, always pass: OA, QR, MTTR, WH/…).
ALLOWED_WORDS = {"Excel"}

# Runs in the page once ``ready`` matches: waits for the page to settle, then
# lists the Latin words of the visible text and of the placeholders, leaving
# out e-mail addresses, links and any word with a digit (codes, numbers).
CHECK_JS = """
(async () => {
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const click = %(click)s, then = %(then)s;
    if (click) {
        document.querySelector(click).click();
        for (let i = 0; i < 100 && !document.querySelector(then); i++) {
            await sleep(200);
        }
        // the picture shows what the click opened (on a phone, far below)
        document.querySelector(then)?.scrollIntoView({block: "start"});
    }
    for (let i = 0; i < 50 && document.querySelector(".o_loading_indicator, .o_loading"); i++) {
        await sleep(200);
    }
    await sleep(800);
    const allowed = new Set(%(allowed)s);
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll("[placeholder]")) {
        if (el.offsetParent) texts.push(el.getAttribute("placeholder"));
    }
    const words = new Set();
    for (const text of texts) {
        // e-mail addresses, links, paths, and codes such as WH/维修领料/00012
        // or WJ-DG01 (capitals, then a slash or a dash)
        const clean = text.replace(
            /\\S+@\\S+|https?:\\/\\/\\S+|\\/[\\w\\/.?=&-]+|\\b[A-Z]{1,5}[\\/-][\\w\\/-]*/g, " ");
        for (const token of clean.split(/[^A-Za-z0-9_]+/)) {
            // all capitals: a code or an acronym (GCS, HP, WJ), not a word
            if (token.length > 1 && /[A-Za-z]/.test(token) && !/[0-9]/.test(token)
                    && !/^[A-Z]+$/.test(token) && !allowed.has(token)) {
                words.add(token);
            }
        }
    }
    // a table shows all its columns: none runs past its panel or the window
    const cut = [];
    for (const table of document.querySelectorAll("table")) {
        const panel = table.parentElement.getBoundingClientRect();
        const right = Math.min(panel.right, window.innerWidth) + 1;
        for (const th of table.querySelectorAll("thead th")) {
            const box = th.getBoundingClientRect();
            if (box.width && box.right > right && %(whole_tables)s) cut.push(th.innerText);
        }
    }
    const picker = document.querySelector(".o_datetime_picker");
    if (picker && picker.offsetParent) {
        console.error("A date picker opened by itself covers %(shot)s");
    } else if (cut.length) {
        console.error("Columns cut on %(shot)s: " + cut.join(", "));
    } else if (words.size) {
        console.error("English on the Chinese screen %(shot)s: " + [...words].join(", "));
    } else {
        console.log("hospital-repair-shot");
        await sleep(300);
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestRoleScreens(HttpCase):
    """Each row of SCREENS, in zh_CN, at each of its sizes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("hospital_repair.user_cardio_staff_demo", raise_if_not_found=False):
            cls.skipTest(cls, "the role screens show the demo hospital: install with demo data")
        if not cls.env["res.lang"]._lang_get("zh_CN"):
            cls.env["res.lang"]._activate_lang("zh_CN")
            modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
            cls.env["ir.module.module"]._load_module_terms(modules.mapped("name"), ["zh_CN"])
        logins = {screen.login for screen in SCREENS}
        users = cls.env["res.users"].search([("login", "in", list(logins))])
        users.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        for user in users:
            # browser_js logs in with the login as password
            user.password = user.login
        cls.env.company.partner_id.lang = "zh_CN"
        cls.env.ref("hospital_repair.hospital_repair_board_demo").lang = "zh_CN"
        cls.shots = os.environ.get("HOSPITAL_REPAIR_SCREENSHOTS")

    def _open(self, screen, size):
        name, dimensions = size
        url = screen.url(self.env) if callable(screen.url) else screen.url
        shot = f"{screen.shot}_{name}"
        code = CHECK_JS % {
            "allowed": json.dumps(sorted(ALLOWED_WORDS)), "shot": shot,
            "whole_tables": "true" if screen.whole_tables else "false",
            "click": json.dumps(screen.click), "then": json.dumps(screen.then),
        }
        self.browser_size = dimensions
        self.touch_enabled = name == "phone"
        folder = Path(self.shots) if self.shots else None
        handle_console = ChromeBrowser._handle_console

        def handle_and_shoot(browser, type, args=None, **kw):
            if folder and args and browser._from_remoteobject(args[0]) == "hospital-repair-shot":
                future = browser._websocket_send("Page.captureScreenshot", with_future=True)
                future.add_done_callback(lambda f: (folder / f"{shot}.png").write_bytes(
                    base64.b64decode(f.result()["data"])))
            return handle_console(browser, type, args=args, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle_and_shoot):
            self.browser_js(url, code, ready=f"!!document.querySelector({screen.ready!r})",
                            login=screen.login, timeout=90)

    def test_screens_speak_chinese(self):
        installed = set(self.env["ir.module.module"].search(
            [("state", "=", "installed")]).mapped("name"))
        # HOSPITAL_REPAIR_SCREENS=shot,shot… takes a few screens only
        only = set(filter(None, os.environ.get("HOSPITAL_REPAIR_SCREENS", "").split(",")))
        for screen in SCREENS:
            if screen.module not in installed or (only and screen.shot not in only):
                continue
            for size in screen.sizes:
                with self.subTest(screen=screen.shot, size=size[0]):
                    self._open(screen, size)
