from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .maintenance_common import MaintenanceFixture
from .portal_common import HospitalRepairPortalCase


@tagged("post_install", "-at_install")
class TestPatrolPhone(MaintenanceFixture, HospitalRepairPortalCase):
    """The worker's round on a phone, through the QR route and the round's
    pages."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the labels on the walls, with tokens the tour knows
        cls.area_a1.qr_token = "tour-zone-token"
        cls.chiller.repair_qr_token = "tour-chiller-token"
        cls.route = cls._route(
            checkpoint_ids=[
                (0, 0, {"sequence": 1, "zone_id": cls.area_a1.id, "category_id": cls.cat_water.id,
                        "template_id": cls.template.id}),
                (0, 0, {"sequence": 2, "equipment_id": cls.chiller.id,
                        "category_id": cls.cat_hvac.id, "template_id": cls.template.id}),
            ],
            **dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), True),
            hour_due=24.0,
        )

    def _round(self):
        return self.route._create_rounds(self.route.company_id._get_repair_today())

    def test_round_on_the_phone(self):
        rnd = self._round()
        self.start_tour("/my/rounds", "hospital_repair_patrol_round", login="worker")
        self.assertEqual(rnd.scanned_count, 2)
        self.assertEqual(len(rnd.order_ids), 1)
        order = rnd.order_ids
        self.assertRecordValues(order, [{
            "channel": "patrol", "equipment_id": self.chiller.id, "state": "assigned",
            "user_id": self.worker.id}])
        self.assertIn("冷凝器结垢", order.description)

    def test_scan_and_report_through_http(self):
        rnd = self._round()
        self.authenticate("worker", "worker")
        response = self.url_open("/repair/qr/tour-chiller-token", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        visit = rnd.visit_ids.filtered("equipment_id")
        self.assertIn(f"/my/rounds/{rnd.id}", response.headers["Location"])
        self.assertTrue(visit.date_scanned)
        check, reading, _remark = visit.checklist_line_ids
        response = self._post(f"/my/rounds/{rnd.id}/visit/{visit.id}",
                              {f"line_{check.id}": "fail", f"line_{reading.id}": "not a number"})
        self.assertEqual(check.value_pass, False, "nothing written: the reading was refused")
        page = self.url_open(f"/my/rounds/{rnd.id}")
        self.assertIn("enter a number", page.text)
        self._post(f"/my/rounds/{rnd.id}/visit/{visit.id}",
                   {f"line_{check.id}": "fail", f"line_{reading.id}": "7"})
        self.assertEqual(check.value_pass, "fail")
        for _tap in range(2):
            self._post(f"/my/rounds/{rnd.id}/line/{check.id}/fault", {"fixed": "1"})
        self.assertEqual(len(rnd.order_ids), 1, "a double tap creates one order")
        self.assertEqual(rnd.order_ids.state, "done")
        # another worker cannot see the round, nor act on it
        self.authenticate("worker_a2", "worker_a2")
        self.assertEqual(self.url_open(f"/my/rounds/{rnd.id}").status_code, 404)
        self._post(f"/my/rounds/{rnd.id}/finish")
        self.assertEqual(rnd.state, "in_progress")
        # a requester scanning the label reports a fault of the chiller
        self.authenticate("requester_a", "requester_a")
        response = self.url_open("/repair/qr/tour-chiller-token", allow_redirects=False)
        self.assertIn("/repair/new?equipment=tour-chiller-token", response.headers["Location"])

    def test_scan_outside_a_round_reports(self):
        self.authenticate("worker", "worker")  # no round today
        response = self.url_open("/repair/qr/tour-zone-token", allow_redirects=False)
        self.assertIn("/repair/new?zone=tour-zone-token", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestMaintenanceDashboardTour(MaintenanceFixture, HospitalRepairPortalCase):
    def test_dashboard_maintenance_figures(self):
        now = fields.Datetime.now().replace(microsecond=0)
        # the most failing equipment of the last six months, whatever else the database holds
        self.env["hospital.repair.order"]._create_history([{
            "zone_id": self.floor_a2.id, "category_id": self.cat_water.id,
            "equipment_id": self.pump.id, "description": "水泵漏水", "location": "冷冻泵房",
            "state": "closed",
            "reporter_id": self.requester_a.id, "result": "success",
            "date_reported": now - timedelta(days=day, hours=5),
            "date_done": now - timedelta(days=day, hours=1),
        } for day in range(1, 31)])
        today = fields.Date.context_today(self.env["hospital.repair.pm.plan"])
        self._plan(date_start=today.replace(day=1))._generate_orders(today)
        self.start_tour("/odoo/action-hospital_repair.hospital_repair_dashboard_action",
                        "hospital_repair_maintenance_dashboard_tour", login="admin")
