import json
import logging
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import http
from odoo.tests import tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump
from odoo.addons.hospital_repair.controllers.board import (
    TOKEN_HEADER,
    _RedactBoardToken,
)

from .common import HospitalRepairHttpCommon

PHONE = "13800138000"
# 09:30 in Shanghai; Shanghai's day began at 2026-03-09 16:00 UTC.
NOW = datetime(2026, 3, 10, 1, 30)


def dt(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


class BoardCase(HospitalRepairHttpCommon):
    """Boards of the fixture's 门诊楼 (building_a) and 住院楼 (building_b);
    orders with explicit stamps in 门诊楼 and its floor 3F, of cat_hvac
    (2 h / 24 h) and cat_water (1 h / 8 h)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Board = cls.env["hospital.repair.board"]
        cls.board = Board.create({"name": "后勤大屏", "zone_ids": [(6, 0, cls.building_a.ids)], "lang": "en_US"})
        cls.board_b = Board.create({"name": "住院楼大屏", "zone_ids": [(6, 0, cls.building_b.ids)], "lang": "en_US"})
        cls.token = cls.board.access_token

    def _bulk_orders(self, count):
        self.env.cr.execute(
            """
            INSERT INTO hospital_repair_order
                (name, state, company_id, channel, zone_id, category_id, priority,
                 description, date_reported, urge_count, reopen_count, reporter_name,
                 user_id, create_uid, write_uid, create_date, write_date)
            SELECT 'BULK' || g || '-' || %s, 'assigned', %s, 'phone', %s, %s, 'normal', 'x',
                   now() - g * interval '1 minute', 0, 0, '张三', %s, 1, 1, now(), now()
              FROM generate_series(1, %s) g
            """,
            (count, self.env.company.id, self.floor_a1.id, self.cat_hvac.id, self.worker_a2.id, count),
        )
        self.env.invalidate_all()

    @classmethod
    def _order(cls, name, zone, category, state, **vals):
        return cls.env["hospital.repair.order"]._create_history([{
            "name": name, "zone_id": zone.id, "category_id": category.id, "state": state,
            "description": "x", "reporter_id": False, "reporter_name": "张三",
            "contact_phone": PHONE, **vals,
        }])


@tagged("post_install", "-at_install")
class TestBoardData(BoardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        o = cls._order
        # The orders store their SLA flags when written: written at NOW, they
        # hold what the screen reads at NOW (as if the cron had just run).
        with freeze_time(NOW):
            # Hand-computed at NOW (UTC): "today" is Shanghai's, from 03-09 16:00 UTC.
            cls.o1 = o("T1", cls.floor_a1, cls.cat_hvac, "submitted", date_reported=dt("2026-03-10 00:00"))
            # Reported 07:00 local, response target 1 h: overdue since 00:00 UTC.
            cls.o2 = o("T2", cls.building_a, cls.cat_water, "submitted", date_reported=dt("2026-03-09 23:00"),
                       urge_count=2)
            # Reported 00:30 local (still "yesterday" in UTC): counts for today.
            cls.o3 = o("T3", cls.floor_a1, cls.cat_hvac, "in_progress", user_id=cls.worker.id,
                       date_reported=dt("2026-03-09 16:30"), date_accepted=dt("2026-03-09 17:00"),
                       date_started=dt("2026-03-09 17:30"))
            # Reported 23:00 local the day before: not today; done today.
            cls.o4 = o("T4", cls.building_a, cls.cat_hvac, "done", user_id=cls.worker.id,
                       date_reported=dt("2026-03-09 15:00"), date_accepted=dt("2026-03-09 15:10"),
                       date_done=dt("2026-03-10 01:00"))
            cls.o5 = o("T5", cls.building_a, cls.cat_hvac, "verified", user_id=cls.worker_a2.id,
                       date_reported=dt("2026-03-08 02:00"), date_verified=dt("2026-03-09 16:10"))
            o("T6", cls.building_b, cls.cat_hvac, "submitted", date_reported=dt("2026-03-10 00:10"))
            o("T7", cls.building_a, cls.cat_hvac, "draft")
            o("T8", cls.floor_a1, cls.cat_hvac, "closed", date_reported=dt("2026-03-09 10:00"))
            cls.env.flush_all()  # stored computes run at the flush: at NOW
        evaluation = cls.env["hospital.repair.evaluation"].create({
            "order_id": cls.o5.id, "score_quality": 5, "score_attitude": 5,
            "score_timeliness": 4, "score_desk": 4,
        })
        cls.env.cr.execute(
            "UPDATE hospital_repair_evaluation SET create_date = %s WHERE id = %s",
            (dt("2026-03-10 01:00"), evaluation.id),
        )
        cls.env.invalidate_all()

    def _data(self):
        with freeze_time(NOW):
            return self.board._get_board_data()

    def test_counts_hand_computed(self):
        data = self._data()
        self.assertEqual(data["today"], "2026-03-10")
        self.assertEqual(data["counts"], {
            "reported": 3, "accepted": 1, "in_progress": 1, "done": 1, "verified": 1,
            "open": 4, "overdue": 1, "warning": 1,
        })
        self.assertEqual(data["satisfaction"], {"average": 4.5, "count": 1})
        self.assertEqual(
            [(d["day"], d["count"]) for d in data["trend"]],
            [("2026-03-04", 0), ("2026-03-05", 0), ("2026-03-06", 0), ("2026-03-07", 0),
             ("2026-03-08", 1), ("2026-03-09", 2), ("2026-03-10", 3)],
        )

    def test_open_list_late_first(self):
        orders = self._data()["orders"]
        self.assertEqual([o["name"] for o in orders], ["T2", "T1", "T4", "T3"])
        self.assertEqual([o["sla"] for o in orders], ["overdue", "warning", "ok", "ok"])
        self.assertEqual(orders[0]["deadline"], "2026-03-10 00:00:00")
        self.assertEqual(orders[0]["urge_count"], 2)
        self.assertEqual(orders[3]["worker"], "王师傅")
        self.assertEqual(orders[3]["zone"], "东院区 / 门诊楼 / 3F")

    def test_utc_day_differs(self):
        """The same data read with a UTC board: the orders of Shanghai's
        night move to yesterday."""
        self.board.tz = "UTC"
        data = self._data()
        self.assertEqual(data["counts"]["reported"], 1)
        self.assertEqual(data["counts"]["accepted"], 0)
        self.assertEqual(data["counts"]["verified"], 0)

    def test_sla_crossing(self):
        """T1's response deadline is 02:00 UTC: amber before, red after. At
        02:00 sharp it is still amber: accepted then, it is on time (the
        order's own rule)."""
        with freeze_time(dt("2026-03-10 01:20")):
            self.assertEqual(self.board._get_board_data()["counts"]["warning"], 0)
        with freeze_time(dt("2026-03-10 02:00")):
            data = self.board._get_board_data()
        self.assertEqual((data["counts"]["overdue"], data["counts"]["warning"]), (1, 1))
        with freeze_time(dt("2026-03-10 02:01")):
            data = self.board._get_board_data()
        self.assertEqual(data["counts"]["overdue"], 2)
        self.assertEqual({o["name"] for o in data["orders"] if o["sla"] == "overdue"}, {"T1", "T2"})

    def test_reads_this_transactions_writes(self):
        """The data read right after a change in the same transaction (a
        transition, then the bus wakes the screens) shows the change."""
        with freeze_time(NOW):
            self.o1.with_user(self.dispatcher).action_accept()
            [row] = [o for o in self.board._get_board_data()["orders"] if o["name"] == "T1"]
        # accepted: now its completion deadline runs (24 h from its report)
        self.assertEqual((row["state"], row["deadline"]), ("assigned", "2026-03-11 00:00:00"))

    def test_late_stays_red(self):
        """An order accepted late is overdue for good, as in the desk's lists,
        though the deadline it runs against now is hours away."""
        with freeze_time(NOW):
            late = self._order(
                "T9", self.floor_a1, self.cat_hvac, "assigned", user_id=self.worker_a2.id,
                date_reported=dt("2026-03-09 20:00"), date_accepted=dt("2026-03-09 23:00"))
            self.env.flush_all()
        self.assertTrue(late.is_response_overdue)
        [row] = [o for o in self._data()["orders"] if o["name"] == "T9"]
        self.assertEqual(
            (row["sla"], row["overdue"], row["deadline"]),
            ("overdue", True, "2026-03-10 20:00:00"))

    def test_workers(self):
        workers = {w["id"]: w for w in self._data()["workers"]}
        self.assertNotIn(self.dispatcher.id, workers)
        self.assertEqual(
            (workers[self.worker.id]["status"], workers[self.worker.id]["job"],
             workers[self.worker.id]["done_today"]),
            ("busy", "T3", 1),
        )
        self.assertEqual(workers[self.worker_a2.id]["status"], "free")

    def test_masked_no_phone(self):
        data = self._data()
        text = json.dumps(data, ensure_ascii=False)
        self.assertNotIn(PHONE, text)
        self.assertNotIn("张三", text)
        self.assertEqual({o["reporter"] for o in data["orders"]}, {"张*"})

    def test_category_filter(self):
        self.board.category_ids = self.cat_water
        data = self._data()
        self.assertEqual([o["name"] for o in data["orders"]], ["T2"])
        self.assertEqual(data["counts"]["reported"], 1)

    def test_query_count(self):
        self.board._get_board_data()  # the board's settings are cached after this
        self.env.flush_all()
        with self.assertQueryCount(5):
            self.board._get_board_data()
        self._bulk_orders(1000)
        with self.assertQueryCount(5):
            data = self.board._get_board_data()
        self.assertEqual(data["counts"]["open"], 1004)
        self.assertEqual(len(data["orders"]), 200)

    def test_bus_notification(self):
        channel = json_dump(channel_with_db(self.env.cr.dbname, (self.board, "hospital_repair_board")))
        channel_b = json_dump(channel_with_db(self.env.cr.dbname, (self.board_b, "hospital_repair_board")))
        Bus = self.env["bus.bus"].sudo()
        self.env.cr.precommit.run()
        Bus.search([]).unlink()
        self._order("D1", self.building_a, self.cat_hvac, "draft")  # not reported: on no board
        self.env.cr.precommit.run()
        self.assertFalse(Bus.search([("channel", "in", [channel, channel_b])]))
        self.o1.with_user(self.dispatcher).action_accept()
        self.o3.write({"description": "not shown"})  # no board field: no notification
        self.env.cr.precommit.run()
        notifs = Bus.search([("channel", "in", [channel, channel_b])])
        self.assertEqual(notifs.mapped("channel"), [channel])
        self.assertEqual(json.loads(notifs.message)["type"], "hospital_repair.board/changed")
        # Moving an order to the other building redraws both boards.
        self.o1.zone_id = self.building_b
        self.env.cr.precommit.run()
        self.assertEqual(
            sorted(Bus.search([("channel", "in", [channel, channel_b])]).mapped("channel")),
            sorted([channel, channel, channel_b]),
        )

    def test_token_buttons(self):
        old = self.board.access_token
        self.board.action_regenerate_token()
        self.assertTrue(self.board.access_token)
        self.assertNotEqual(self.board.access_token, old)
        self.assertFalse(self.env["hospital.repair.board"]._get_board_by_token(old))
        self.board.action_revoke_token()
        self.assertFalse(self.board.access_token)
        self.assertFalse(self.env["hospital.repair.board"]._get_board_by_token(old))
        self.assertFalse(self.env["hospital.repair.board"]._get_board_by_token(""))


@tagged("post_install", "-at_install")
class TestBoardHttp(BoardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order("H1", cls.floor_a1, cls.cat_hvac, "submitted",
                               date_reported=datetime.now())

    def _post_data(self, headers=None, **data):
        return self.url_open("/repair/board/data", data=data or {"x": "1"}, headers=headers)

    def test_kiosk_token(self):
        response = self.url_open(f"/repair/board?token={self.token}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/repair/board"))
        page = self.url_open("/repair/board")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_repair_board", page.text)
        self.assertIn("后勤大屏", page.text)
        self.assertNotIn(self.token, page.text)
        response = self._post_data()
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual([o["name"] for o in data["orders"]], ["H1"])
        self.assertNotIn(PHONE, response.text)
        self.assertNotIn("张三", response.text)

    def test_token_header(self):
        response = self._post_data(headers={TOKEN_HEADER: self.token})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["board"]["id"], self.board.id)
        self.assertEqual(response.json()["counts"]["open"], 1)

    def test_route_query_count(self):
        """The whole request, routing and session included, for 10 then
        1,000 open orders."""
        self._bulk_orders(9)
        self._post_data(headers={TOKEN_HEADER: self.token})
        with self.assertQueryCount(5):
            response = self._post_data(headers={TOKEN_HEADER: self.token})
        self.assertEqual(response.json()["counts"]["open"], 10)
        self._bulk_orders(990)
        with self.assertQueryCount(5):
            response = self._post_data(headers={TOKEN_HEADER: self.token})
        self.assertEqual(response.json()["counts"]["open"], 1000)
        self.assertEqual(len(response.json()["orders"]), 200)

    def test_wrong_missing_revoked(self):
        for url in ("/repair/board?token=wrong", "/repair/board?token=", "/repair/board"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("H1", response.text)
        for headers in ({TOKEN_HEADER: "wrong"}, {TOKEN_HEADER: self.token[:-1]}, None):
            response = self._post_data(headers=headers)
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("H1", response.text)
        # A screen opened before the revocation loses the page and the data.
        self.url_open(f"/repair/board?token={self.token}")
        self.assertEqual(self._post_data().status_code, 200)
        self.board.action_revoke_token()
        self.assertEqual(self.url_open("/repair/board").status_code, 404)
        self.assertEqual(self._post_data().status_code, 404)
        self.assertEqual(self._post_data(headers={TOKEN_HEADER: self.token}).status_code, 404)
        self.assertEqual(self.url_open(f"/repair/board?token={self.token}").status_code, 404)

    def test_token_reads_only_its_board(self):
        self.url_open(f"/repair/board?token={self.token}")
        response = self._post_data(board_id=str(self.board_b.id))
        self.assertEqual(response.json()["board"]["id"], self.board.id)
        # The kiosk session is no login: nothing else opens.
        self.assertEqual(
            self.url_open("/web/dataset/call_kw/hospital.repair.order/search_read", data=json.dumps({
                "params": {"model": "hospital.repair.order", "method": "search_read",
                           "args": [], "kwargs": {}},
            }), headers={"Content-Type": "application/json"}).json()["error"]["data"]["name"],
            "odoo.http.SessionExpiredException",
        )

    def test_logged_in_desk(self):
        self.authenticate("dispatcher", "dispatcher")
        picker = self.url_open("/repair/board")
        self.assertEqual(picker.status_code, 200)
        self.assertIn("后勤大屏", picker.text)
        self.assertIn("住院楼大屏", picker.text)
        self.assertEqual(self.url_open(f"/repair/board?board_id={self.board.id}").status_code, 200)
        response = self._post_data(board_id=str(self.board.id))
        self.assertEqual(response.json()["board"]["id"], self.board.id)
        response = self._post_data(board_id=str(self.board_b.id))
        self.assertEqual(response.json()["board"]["id"], self.board_b.id)

    def test_logged_in_requester(self):
        self.authenticate("requester_a", "requester_a")
        self.assertEqual(self.url_open("/repair/board").status_code, 404)
        self.assertEqual(self.url_open(f"/repair/board?board_id={self.board.id}").status_code, 404)
        self.assertEqual(self._post_data(board_id=str(self.board.id)).status_code, 404)

    def test_token_not_logged(self):
        record = logging.LogRecord(
            "werkzeug", logging.INFO, __file__, 1, '%s - - [%s] "%s" %s %s',
            ("127.0.0.1", "date", f"GET /repair/board?token={self.token} HTTP/1.1", "303", "-"), None,
        )
        self.assertTrue(_RedactBoardToken().filter(record))
        self.assertNotIn(self.token, record.getMessage())
        self.assertIn("/repair/board?token=*** HTTP/1.1", record.getMessage())


@tagged("post_install", "-at_install")
class TestBoardBrowser(BoardCase):
    browser_size = "1920x1080"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order("LIVE-1", cls.floor_a1, cls.cat_hvac, "submitted",
                               date_reported=datetime.now())
        desk, order = cls.dispatcher, cls.order

        # Only in this test: the page's script asks the server to change the
        # order once it is live, as the desk would from another screen.
        class BoardTestController(http.Controller):
            @http.route("/repair/board/test/accept", type="jsonrpc", auth="public")
            def accept(self):
                http.request.update_env(user=desk.id)
                http.request.env["hospital.repair.order"].browse(order.id).action_accept()
                return True

        cls.env.registry.clear_cache("routing")
        cls.addClassCleanup(cls.env.registry.clear_cache, "routing")

    def test_live_update(self):
        code = """
            window.__notReloaded = true;
            const row = () => document.querySelector('.o_rb_row[data-state]');
            const before = row();
            if (!before || before.children[0].textContent !== 'LIVE-1' || before.dataset.state !== 'submitted') {
                console.error('board not rendered');
            }
            const loaded = document.querySelector('.o_repair_board').dataset.loaded;
            new MutationObserver((mutations, observer) => {
                const now = row();
                if (now && now.dataset.state === 'assigned') {
                    observer.disconnect();
                    const ok = window.__notReloaded && now === before
                        && document.querySelector('.o_rb_offline').hidden
                        && now.querySelector('.o_rb_col_worker').textContent !== ''
                        && window.innerWidth === 1920;
                    if (ok) {
                        console.log('test successful');
                    } else {
                        console.error('changed, but not live');
                    }
                }
            }).observe(document.querySelector('.o_rb_table tbody'), {subtree: true, attributes: true, childList: true});
            fetch('/repair/board/test/accept', {
                method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {}}),
            });
        """
        self.browser_js(
            f"/repair/board?token={self.token}", code,
            ready="!!document.querySelector('.o_repair_board.o_rb_is_live[data-loaded]')",
            timeout=60,
        )
        self.assertEqual(self.order.state, "assigned")

    def test_late_row_stays_red(self):
        """The screen re-evaluates every row each second: an order the server
        flags as late stays red though its running deadline is hours away."""
        late = self._order(
            "LATE-1", self.floor_a1, self.cat_hvac, "assigned", user_id=self.worker.id,
            date_reported=datetime.now() - timedelta(hours=5),
            date_accepted=datetime.now() - timedelta(hours=1))
        self.env.flush_all()
        self.assertTrue(late.is_overdue)
        self.browser_js(
            f"/repair/board?token={self.token}",
            f"""
            const late = document.querySelector('.o_rb_row[data-id="{late.id}"]');
            const fresh = document.querySelector('.o_rb_row[data-id="{self.order.id}"]');
            if (late && late.dataset.sla === 'overdue' && fresh && fresh.dataset.sla === 'ok') {{
                console.log('test successful');
            }} else {{
                console.error('late row not red', late && late.dataset.sla);
            }}
            """,
            ready="!!document.querySelector('.o_repair_board[data-loaded]')",
            timeout=60,
        )
