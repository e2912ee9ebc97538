from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .maintenance_common import MaintenanceCommon


@tagged("post_install", "-at_install")
class TestPmPlan(MaintenanceCommon):
    def _due_dates(self, plan):
        return plan.order_ids.sorted("pm_date_due").mapped("pm_date_due")

    def test_month_end_does_not_drift(self):
        """Counted from the schedule, the n-th date of the plan: Jan 31, then
        Feb 28, then Mar 31 again (not Mar 28)."""
        plan = self._plan(date_start=date(2026, 1, 31))
        self.assertEqual(plan.date_next, date(2026, 1, 31))
        self.assertEqual(plan._next_date_after(date(2026, 1, 31)), date(2026, 2, 28))
        self.assertEqual(plan._next_date_after(date(2026, 2, 28)), date(2026, 3, 31))
        with freeze_time("2026-03-31 02:00:00"):
            plan._generate_orders()
        self.assertEqual(self._due_dates(plan),
                         [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)])
        self.assertEqual(plan.date_next, date(2026, 4, 30))

    def test_year_boundary(self):
        monthly = self._plan(date_start=date(2026, 11, 30))
        weekly = self._plan(name="Weekly", interval_type="weeks", date_start=date(2026, 12, 21))
        with freeze_time("2026-12-31 02:00:00"):
            (monthly | weekly)._generate_orders()
        self.assertEqual(self._due_dates(monthly), [date(2026, 11, 30), date(2026, 12, 30)])
        self.assertEqual(monthly.date_next, date(2027, 1, 30))
        self.assertEqual(self._due_dates(weekly), [date(2026, 12, 21), date(2026, 12, 28)])
        self.assertEqual(weekly.date_next, date(2027, 1, 4))
        with freeze_time("2027-01-04 02:00:00"):
            (monthly | weekly)._generate_orders()
        self.assertEqual(len(monthly.order_ids), 2, "Jan 30 is not due yet")
        self.assertEqual(self._due_dates(weekly)[-1], date(2027, 1, 4))
        yearly = self._plan(name="Yearly", interval_type="years", date_start=date(2024, 2, 29))
        self.assertEqual(yearly._next_date_after(date(2024, 2, 29)), date(2025, 2, 28))
        self.assertEqual(yearly._next_date_after(date(2027, 2, 28)), date(2028, 2, 29))

    def test_the_day_is_the_hospitals(self):
        """06:30 on the 10th in Shanghai is still the 9th in UTC and in
        Brussels (OdooBot's zone, the cron's): the order due on the 10th, the
        hospital's day, is made, and asked for at 08:00 there."""
        self.env.company.partner_id.tz = "Asia/Shanghai"
        plan = self._plan(date_start=date(2026, 3, 10))
        with freeze_time("2026-03-09 22:30:00"):
            plan.with_context(tz="Europe/Brussels")._generate_orders()
        self.assertEqual(self._due_dates(plan), [date(2026, 3, 10)])
        self.assertEqual(plan.order_ids.appointment_date, datetime(2026, 3, 10, 0, 0))

    def test_lead_days(self):
        plan = self._plan(date_start=date(2026, 3, 10), lead_days=3)
        with freeze_time("2026-03-06 02:00:00"):
            self.assertFalse(plan._generate_orders())
        with freeze_time("2026-03-07 02:00:00"):
            order = plan._generate_orders()
        self.assertEqual(order.pm_date_due, date(2026, 3, 10))

    def test_order_goes_through_the_transitions(self):
        """Submitted, accepted and dispatched to the zone's worker as any
        order: its SLA starts once; its checklist is the template's."""
        plan = self._plan(date_start=date(2026, 3, 10))
        with freeze_time("2026-03-10 01:00:00"):
            order = plan._generate_orders()
        self.assertRecordValues(order, [{
            "channel": "preventive", "state": "assigned", "user_id": self.worker.id,
            "equipment_id": self.chiller.id, "zone_id": self.floor_a1.id,
            "category_id": self.cat_hvac.id, "date_reported": datetime(2026, 3, 10, 1, 0),
            "date_sla_start": datetime(2026, 3, 10, 1, 0),
        }])
        self.assertEqual(order.checklist_line_ids.mapped("name"), ["冷凝器清洗", "冷冻水出水温度", "备注"])
        self.assertEqual(self.chiller.life_state, "in_use", "a preventive order is no repair")

    def test_several_equipments_one_order(self):
        plan = self._plan(equipment_ids=[(6, 0, (self.chiller | self.pump).ids)],
                          date_start=date(2026, 3, 10))
        with freeze_time("2026-03-10 01:00:00"):
            order = plan._generate_orders()
        self.assertEqual(len(order), 1)
        self.assertFalse(order.equipment_id)
        self.assertEqual(len(order.checklist_line_ids), 6)
        self.assertEqual(order.checklist_line_ids.equipment_id, self.chiller | self.pump)

    def test_zone_plan_without_equipment(self):
        plan = self._plan(name="配电房月检", equipment_ids=False, zone_id=self.floor_b1.id,
                          category_id=self.cat_water.id, date_start=date(2026, 3, 10))
        with freeze_time("2026-03-10 01:00:00"):
            order = plan._generate_orders()
        self.assertEqual(order.zone_id, self.floor_b1)
        self.assertEqual(order.state, "assigned")
        self.assertFalse(order.user_id, "nobody covers 6F: the desk dispatches")

    def test_rerun_and_unique_key(self):
        plan = self._plan(date_start=date(2026, 3, 10))
        with freeze_time("2026-03-10 01:00:00"):
            plan._generate_orders()
            plan._generate_orders()
            self.assertEqual(len(plan.order_ids), 1)
            # the key itself: a second order of that plan and due date is refused
            self.assertIsNone(plan._create_order(date(2026, 3, 10)))
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), \
                    self.env.cr.savepoint():
                self.env["hospital.repair.order"]._create_history([
                    dict(plan._order_values(date(2026, 3, 10)), state="draft")])

    def test_completion_mode_skips_while_open(self):
        plan = self._plan(schedule_mode="completion", interval_type="weeks", interval_number=2,
                          date_start=date(2026, 12, 10))
        with freeze_time("2026-12-10 01:00:00"):
            first = plan._generate_orders()
        self.assertEqual(plan.date_next, date(2026, 12, 10), "waits for the completion")
        with freeze_time("2026-12-26 01:00:00"):
            self.assertFalse(plan._generate_orders(), "the previous order is still open")
        with freeze_time("2026-12-20 03:00:00"):
            first.with_user(self.worker).action_start()
            self._fill(first.checklist_line_ids.with_user(self.worker))
            first.with_user(self.worker).action_finish(result="success")
        # done on Dec 20 (Shanghai): two weeks from then, across the year
        self.assertEqual(plan.date_next, date(2027, 1, 3))
        with freeze_time("2027-01-02 01:00:00"):
            self.assertFalse(plan._generate_orders())
        with freeze_time("2027-01-03 01:00:00"):
            second = plan._generate_orders()
        self.assertEqual(second.pm_date_due, date(2027, 1, 3))

    def test_completion_mode_after_cancel(self):
        plan = self._plan(schedule_mode="completion", interval_type="days", interval_number=10,
                          date_start=date(2026, 5, 1))
        with freeze_time("2026-05-01 01:00:00"):
            order = plan._generate_orders()
        with freeze_time("2026-05-03 01:00:00"):
            order.with_user(self.dispatcher).action_cancel()
        self.assertEqual(plan.date_next, date(2026, 5, 11), "counted from its due date")

    def test_compliance_in_report(self):
        plan = self._plan(date_start=date(2026, 3, 10))
        with freeze_time("2026-04-10 01:00:00"):
            march, april = plan._generate_orders().sorted("pm_date_due")
            march.with_user(self.worker).action_start()
            self._fill(march.checklist_line_ids.with_user(self.worker))
            march.with_user(self.worker).action_finish(result="success")
        self.assertFalse(march.pm_on_time, "done a month late")
        with freeze_time("2026-04-10 05:00:00"):
            april.with_user(self.worker).action_start()
            self._fill(april.checklist_line_ids.with_user(self.worker))
            april.with_user(self.worker).action_finish(result="success")
        self.assertTrue(april.pm_on_time)
        Report = self.env["hospital.repair.report"]
        [(compliance,)] = Report._read_group([("pm_plan_id", "=", plan.id)], [], ["pm_compliance:avg"])
        self.assertEqual(compliance, 50.0)

    def test_dashboard_figures(self):
        """PM compliance and patrol completion of the month, the most failing
        equipment: each with the list its click opens."""
        plan = self._plan(date_start=date(2026, 3, 10))
        with freeze_time("2026-03-10 01:00:00"):
            order = plan._generate_orders()
        with freeze_time("2026-03-12 03:00:00"):  # two days late
            order.with_user(self.worker).action_start()
            self._fill(order.checklist_line_ids.with_user(self.worker))
            order.with_user(self.worker).action_finish(result="success")
        base = {"zone_id": self.floor_a2.id, "category_id": self.cat_water.id,
                "equipment_id": self.pump.id, "description": "漏水",
                "reporter_id": self.requester_a.id, "state": "closed", "result": "success"}
        self.env["hospital.repair.order"]._create_history([
            dict(base, date_reported=datetime(2026, 3, day, 1), date_done=datetime(2026, 3, day, 5))
            for day in (3, 15)])
        route = self._route(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), True))
        rounds = route._create_rounds(date(2026, 3, 16)) | route._create_rounds(date(2026, 3, 17))
        rounds[0].write({"state": "done"})
        rounds[1].write({"state": "missed"})
        with freeze_time("2026-03-20 04:00:00"):
            data = self.env["hospital.repair.report"].with_user(self.manager).get_dashboard_data()
        self.assertEqual((data["pm_compliance"]["value"], data["pm_compliance"]["count"]), (0.0, 1))
        self.assertEqual(self.env["hospital.repair.order"].search(
            data["pm_compliance"]["domain"]), order)
        self.assertEqual((data["patrol_completion"]["value"],
                          data["patrol_completion"]["count"]), (50.0, 2))
        self.assertEqual(self.env[data["patrol_completion"]["model"]].search(
            data["patrol_completion"]["domain"]), rounds)
        top = data["top_equipment"][0]
        self.assertEqual((top["id"], top["value"], top["mttr"]), (self.pump.id, 2, 4.0))
        self.assertEqual(len(self.env["hospital.repair.order"].search(top["domain"])), 2)
        # a requester has no rounds to count
        data = self.env["hospital.repair.report"].with_user(self.requester_a).get_dashboard_data()
        self.assertEqual(data["patrol_completion"]["count"], 0)
