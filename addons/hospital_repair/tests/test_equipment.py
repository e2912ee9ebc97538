from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .maintenance_common import MaintenanceCommon, MaintenanceFixture
from .portal_common import HospitalRepairPortalCase


@tagged("post_install", "-at_install")
class TestEquipment(MaintenanceCommon):
    def test_asset_code_from_sequence_unique_per_hospital(self):
        self.assertTrue(self.chiller.asset_code)
        self.assertNotEqual(self.chiller.asset_code, self.pump.asset_code)
        Equipment = self.env["maintenance.equipment"]
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), \
                self.env.cr.savepoint():
            Equipment.create({"name": "Copy", "asset_code": self.chiller.asset_code})
        other = Equipment.create({"name": "二院冷水机组", "asset_code": self.chiller.asset_code,
                                  "company_id": self.company_2.id})
        self.assertEqual(other.asset_code, self.chiller.asset_code)

    def test_life_states(self):
        new = self.env["maintenance.equipment"].create({
            "name": "3号空调箱", "repair_zone_id": self.floor_a1.id})
        self.assertEqual(new.life_state, "draft")
        # as if created yesterday: a record new in the transaction is not tracked
        self.env.cr.precommit.run()
        new.action_put_in_use()
        self.assertEqual(new.life_state, "in_use")
        # under repair while a corrective order is open, derived from its state
        order = self._submitted_order(equipment_id=new.id)
        self.assertEqual(new.life_state, "repair")
        self.env.cr.precommit.run()  # the tracking of this transaction's step
        order.with_user(self.dispatcher).action_accept()
        order.with_user(self.worker).action_start()
        self.assertEqual(new.life_state, "repair")
        with self.assertRaisesRegex(UserError, "Close its open repair orders"):
            new.scrap_reason = "压缩机烧毁"
            new.action_scrap()
        order.with_user(self.worker).action_finish(result="success")
        self.assertEqual(new.life_state, "in_use")
        self.assertEqual(new.repair_order_count, 1)
        new.action_stop()
        self.assertEqual(new.life_state, "stopped")
        with self.assertRaisesRegex(UserError, "cannot go from"):
            new.action_stop()
        new.scrap_reason = False
        with self.assertRaisesRegex(UserError, "reason for scrapping"):
            new.action_scrap()
        new.scrap_reason = "压缩机烧毁，维修价值低"
        with freeze_time("2026-06-01 03:00:00"):
            new.action_scrap()
        self.assertRecordValues(new, [{
            "life_state": "scrapped", "active": False, "scrap_date": date(2026, 6, 1)}])
        self.env.cr.precommit.run()
        states = new.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "life_state").mapped("new_value_char")
        self.assertIn("Under Repair", states)
        self.assertIn("Scrapped", states)

    def test_scrapping_stops_its_plans(self):
        plan = self._plan()
        self.chiller.scrap_reason = "报废"
        self.chiller.action_scrap()
        self.assertFalse(plan.equipment_ids)
        self.assertFalse(plan.active)

    def test_mttr_mtbf_availability(self):
        """Hand-computed: in service since Jan 1, looked at on Jan 11 00:00
        (240 h); two failures repaired in 4 h and 10 h; a preventive order
        and a cancelled report do not count.
        MTTR = (4 + 10) / 2 = 7 h; MTBF = (240 - 14) / 2 = 113 h;
        availability = 226 / 240 = 94.17 %."""
        base = {"zone_id": self.floor_a1.id, "category_id": self.cat_hvac.id,
                "equipment_id": self.chiller.id, "description": "不制冷",
                "reporter_id": self.requester_a.id}
        Order = self.env["hospital.repair.order"]
        with freeze_time("2026-01-11 00:00:00"):
            Order._create_history([
                dict(base, state="done", result="success", date_reported=datetime(2026, 1, 2, 0, 0),
                     date_done=datetime(2026, 1, 2, 4, 0)),
                dict(base, state="closed", result="success", date_reported=datetime(2026, 1, 5, 0, 0),
                     date_done=datetime(2026, 1, 5, 10, 0)),
                dict(base, state="closed", channel="preventive", result="success",
                     date_reported=datetime(2026, 1, 7, 0, 0), date_done=datetime(2026, 1, 8, 6, 0)),
                dict(base, state="cancelled", date_reported=datetime(2026, 1, 9, 0, 0)),
            ])
            self.env.flush_all()
            self.assertEqual(self.chiller.repair_failure_count, 2)
            self.assertAlmostEqual(self.chiller.repair_mttr_hours, 7.0)
            self.assertAlmostEqual(self.chiller.repair_mtbf_hours, 113.0)
            self.assertAlmostEqual(self.chiller.repair_availability, 226 / 240 * 100, delta=0.05)
            # the analysis gives the same MTTR, grouped by equipment
            [(mttr,)] = self.env["hospital.repair.report"]._read_group(
                [("equipment_id", "=", self.chiller.id), ("channel", "!=", "preventive"),
                 ("state", "not in", ("rejected", "cancelled")), ("date_done", "!=", False)],
                [], ["hours_to_done:avg"])
            self.assertAlmostEqual(mttr, self.chiller.repair_mttr_hours)
        # an open failure counts as down time until now
        with freeze_time("2026-01-21 00:00:00"):
            Order._create_history([dict(base, state="in_progress",
                                        date_reported=datetime(2026, 1, 20, 0, 0))])
            self.env.flush_all()
            # 480 h, down 4 + 10 + 24 = 38 h, 3 failures; MTTR of the done ones
            self.assertEqual(self.chiller.life_state, "repair")
            self.assertAlmostEqual(self.chiller.repair_mttr_hours, 7.0)
            self.assertAlmostEqual(self.chiller.repair_mtbf_hours, (480 - 38) / 3, delta=0.05)
        # the daily cron moves the figures with time
        with freeze_time("2026-01-31 00:00:00"):
            self.env["maintenance.equipment"]._cron_update_repair_figures()
            # 720 h, down 4 + 10 + 264 = 278 h
            self.assertAlmostEqual(self.chiller.repair_availability, (720 - 278) / 720 * 100,
                                   delta=0.05)

    def test_equipment_label_pdf(self):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "hospital_repair.maintenance_equipment_action_report_qr",
            (self.chiller | self.pump).ids)[0].decode()
        self.assertIn("1号冷水机组", html)
        self.assertIn(self.chiller.asset_code, html)
        self.assertEqual(html.count("data:image/png;base64,"), 2)


@tagged("post_install", "-at_install")
class TestEquipmentQr(MaintenanceFixture, HospitalRepairPortalCase):
    def test_equipment_label_fills_the_form(self):
        token = self.chiller.repair_qr_token
        response = self.url_open(f"/repair/qr/{token}", allow_redirects=False)
        self.assertIn("/web/login?redirect=", response.headers["Location"])
        self.assertIn(token, response.headers["Location"])
        self.authenticate("portal_c", "portal_c")
        response = self.url_open(f"/repair/qr/{token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_repair_equipment_fixed", response.text)
        self.assertIn("1号冷水机组", response.text)
        self.assertIn(self.floor_a1.complete_name, response.text)
        response = self._post("/repair/new", self._form_data(
            channel="qr", equipment_id=str(self.chiller.id)))
        self.assertEqual(response.status_code, 303)
        order = self.env["hospital.repair.order"].search([("reporter_id", "=", self.portal_c.id)])
        self.assertRecordValues(order, [{
            "channel": "qr", "zone_id": self.floor_a1.id, "equipment_id": self.chiller.id}])
        self.assertEqual(self.chiller.life_state, "repair")

    def test_scrapped_equipment_label_is_invalid(self):
        token = self.pump.repair_qr_token
        self.pump.scrap_reason = "报废"
        self.pump.action_scrap()
        self.authenticate("portal_c", "portal_c")
        self.assertEqual(self.url_open(f"/repair/qr/{token}").status_code, 404)


@tagged("post_install", "-at_install")
class TestEquipmentAccess(MaintenanceCommon):
    def test_who_reads_and_keeps_the_ledger(self):
        """Maintenance shows plain users only the equipments they follow: our
        users read the whole ledger of their hospital, managers keep it."""
        other = self.env["maintenance.equipment"].create({
            "name": "二院锅炉", "company_id": self.company_2.id})
        for user in (self.requester_a, self.worker, self.dispatcher, self.manager):
            with self.subTest(user=user.login):
                found = self.env["maintenance.equipment"].with_user(user).search(
                    [("id", "in", (self.chiller | self.pump | other).ids)])
                self.assertEqual(found, self.chiller | self.pump)
        for user in (self.requester_a, self.worker, self.dispatcher):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.chiller.with_user(user).write({"name": "Rewritten"})
        self.chiller.with_user(self.manager).write({"model": "19XR-1200"})
        with self.assertRaises(AccessError):
            self.chiller.with_user(self.portal_a).read(["name"])
