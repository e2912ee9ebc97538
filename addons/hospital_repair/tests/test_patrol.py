from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .maintenance_common import MaintenanceCommon


@tagged("post_install", "-at_install")
class TestPatrol(MaintenanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the hospital's day decides which round is today's
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        cls.worker.tz = "Asia/Shanghai"
        # 配电房 twice a week (Monday, Thursday), the chiller every day
        cls.route = cls._route(tue=False, wed=False, fri=False)
        cls.daily = cls._route(name="电梯日检", sat=True, sun=True, checkpoint_ids=[
            (0, 0, {"equipment_id": cls.pump.id, "category_id": cls.cat_hvac.id})],
            template_id=cls.template.id)
        cls.Round = cls.env["hospital.repair.patrol.round"]

    def _todays_round(self):
        # Thursday 2026-03-12, 09:00 in Shanghai
        with freeze_time("2026-03-12 01:00:00"):
            self.env["hospital.repair.patrol.route"]._cron_patrol()
        return self.Round.search([("route_id", "=", self.route.id)])

    def test_cron_creates_the_rounds_of_the_day_once(self):
        with freeze_time("2026-03-11 01:00:00"):  # a Wednesday
            self.env["hospital.repair.patrol.route"]._cron_patrol()
            self.env["hospital.repair.patrol.route"]._cron_patrol()
        self.assertFalse(self.Round.search([("route_id", "=", self.route.id)]))
        self.assertEqual(len(self.Round.search([("route_id", "=", self.daily.id)])), 1)
        rnd = self._todays_round()
        self.assertEqual(len(rnd), 1)
        self._todays_round()
        self.assertEqual(len(self.Round.search([("route_id", "=", self.route.id)])), 1)
        self.assertRecordValues(rnd, [{
            "user_id": self.worker.id, "date": date(2026, 3, 12), "state": "planned",
            # 17:00 in Shanghai
            "date_deadline": datetime(2026, 3, 12, 9, 0),
        }])
        self.assertEqual(len(rnd.visit_ids), 2)
        self.assertEqual(len(rnd.visit_ids.checklist_line_ids), 6)

    def test_scan_stamps_the_checkpoint(self):
        rnd = self._todays_round()
        Round = self.Round.with_user(self.worker)
        with freeze_time("2026-03-12 02:00:00"):
            # the chiller's label, not the zone's: the equipment's checkpoint
            visit = Round._scan(self.floor_a1, self.chiller)
            self.assertEqual(visit.checkpoint_id.equipment_id, self.chiller)
            self.assertEqual(visit.date_scanned, datetime(2026, 3, 12, 2, 0))
            self.assertEqual(rnd.state, "in_progress")
            zone_visit = Round._scan(self.floor_a1)
            self.assertFalse(zone_visit.equipment_id)
            # another worker's scan stamps nothing of this round
            self.assertFalse(self.Round.with_user(self.worker_a2)._scan(self.floor_a1))
        with freeze_time("2026-03-13 02:00:00"):
            self.assertFalse(Round._scan(self.floor_a1), "not a checkpoint of today's rounds")

    def test_the_day_is_the_hospitals(self):
        """07:30 in Shanghai is still yesterday in UTC and in Brussels: the
        cron (OdooBot, in UTC here) and a worker whose own zone is Brussels
        both take the hospital's day, so the morning's scan finds its round."""
        self.worker.tz = "Europe/Brussels"
        with freeze_time("2026-03-11 23:30:00"):
            self.env["hospital.repair.patrol.route"].with_context(tz="UTC")._cron_patrol()
            rnd = self.Round.search([("route_id", "=", self.route.id)])
            self.assertEqual(rnd.date, date(2026, 3, 12))
            # due at 17:00 in Shanghai, whatever the worker's own zone
            self.assertEqual(rnd.date_deadline, datetime(2026, 3, 12, 9, 0))
            visit = self.Round.with_user(self.worker)._scan(self.floor_a1, self.chiller)
            self.assertEqual(visit.round_id, rnd)
            self.assertTrue(visit.date_scanned)

    def test_checks_need_the_scan(self):
        rnd = self._todays_round()
        line = rnd.visit_ids[0].checklist_line_ids[0].with_user(self.worker)
        with freeze_time("2026-03-12 02:00:00"), self.assertRaisesRegex(UserError, "Scan the QR code"):
            line.value_pass = "pass"
        with self.assertRaises(AccessError):
            line.with_user(self.worker_a2).value_pass = "pass"

    def test_failed_item_creates_exactly_one_order(self):
        rnd = self._todays_round()
        with freeze_time("2026-03-12 02:00:00"):
            visit = self.Round.with_user(self.worker)._scan(self.floor_a1, self.chiller)
            check = visit.checklist_line_ids[0].with_user(self.worker)
            with self.assertRaisesRegex(UserError, "did not fail"):
                check.action_report_fault()
            check.value_pass = "fail"
            order = check.action_report_fault(note="冷凝器结垢严重")
            again = check.action_report_fault()
        self.assertEqual(order, again)
        self.assertEqual(len(self.env["hospital.repair.order"].search(
            [("patrol_line_id", "=", check.id)])), 1)
        self.assertRecordValues(order.sudo(), [{
            "channel": "patrol", "state": "assigned", "zone_id": self.floor_a1.id,
            "equipment_id": self.chiller.id, "category_id": self.cat_hvac.id,
            "reporter_id": self.worker.id, "user_id": self.worker.id,
            "patrol_round_id": rnd.id, "date_sla_start": datetime(2026, 3, 12, 2, 0),
        }])
        self.assertIn("冷凝器结垢严重", order.sudo().description)
        self.assertEqual(self.chiller.life_state, "repair")
        self.assertEqual(check.patrol_order_id, order)

    def test_fixed_on_the_spot_counts_as_done(self):
        rnd = self._todays_round()
        with freeze_time("2026-03-12 02:00:00"):
            visit = self.Round.with_user(self.worker)._scan(self.floor_a1, self.chiller)
            reading = visit.checklist_line_ids[1].with_user(self.worker)
            reading.value_number = 11.5  # out of 5-9 ℃
            self.assertTrue(reading.is_out_of_range)
            order = reading.action_report_fault(fixed=True, note="调整了出水温度设定")
        self.assertRecordValues(order.sudo(), [{
            "state": "done", "result": "success", "user_id": self.worker.id,
            "date_done": datetime(2026, 3, 12, 2, 0), "work_note": "调整了出水温度设定",
        }])
        self.assertEqual(rnd.order_ids, order)
        self.assertEqual(self.chiller.life_state, "in_use")

    def test_finish_and_missed(self):
        rnd = self._todays_round()
        Round = self.Round.with_user(self.worker)
        with freeze_time("2026-03-12 02:00:00"):
            Round._scan(self.floor_a1)
            with self.assertRaisesRegex(UserError, "Scan the QR code of 1号冷水机组"):
                rnd.with_user(self.worker).action_finish()
            Round._scan(self.floor_a1, self.chiller)
            with self.assertRaisesRegex(UserError, "required checks"):
                rnd.with_user(self.worker).action_finish()
            self._fill(rnd.visit_ids.checklist_line_ids.with_user(self.worker))
            with self.assertRaises(AccessError):
                rnd.with_user(self.worker_a2).action_finish()
            rnd.with_user(self.worker).action_finish()
        self.assertEqual(rnd.state, "done")
        self.assertEqual(rnd.completion, 100.0)
        daily = self.Round.search([("route_id", "=", self.daily.id)])
        with freeze_time("2026-03-12 08:59:00"):
            self.assertNotIn(daily, self.Round._flag_missed())
        with freeze_time("2026-03-12 09:01:00"):
            self.env["hospital.repair.patrol.route"]._cron_patrol()
        self.assertEqual(daily.state, "missed")
        self.assertEqual(daily.completion, 0.0)
        with self.assertRaisesRegex(UserError, "Missed"):
            daily.with_user(self.worker).action_finish()
