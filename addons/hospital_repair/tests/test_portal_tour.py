from odoo.tests import tagged

from .portal_common import HospitalRepairPortalCase


@tagged("post_install", "-at_install")
class TestRepairPortalTour(HospitalRepairPortalCase):
    # A phone: the report form and My repairs are used standing in front of the fault.
    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_c.partner_id.phone = False

    def test_report_follow_confirm_evaluate(self):
        self.start_tour("/repair/new", "hospital_repair_portal_report", login="portal_c")
        order = self.env["hospital.repair.order"].search([("reporter_id", "=", self.portal_c.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.priority, "urgent")
        self.assertEqual(order.location, "Room 305")
        self.assertEqual(order.urge_count, 1)
        # Between the two tours the desk and the worker do their part.
        self._bring_to_done(order)
        self.start_tour("/my/repairs?filterby=to_confirm", "hospital_repair_portal_confirm",
                        login="portal_c")
        self.assertEqual(order.state, "verified")
        self.assertEqual(order.evaluation_ids.score_attitude, 4)
        self.assertEqual(order.evaluation_ids.comment, "Quick and clean")

    def test_qr_path(self):
        self.portal_c.partner_id.phone = "13912345678"
        self.start_tour(f"/repair/qr/{self.floor_a1.qr_token}", "hospital_repair_qr_report",
                        login="portal_c")
        order = self.env["hospital.repair.order"].search([("reporter_id", "=", self.portal_c.id)])
        self.assertEqual(order.channel, "qr")
        self.assertEqual(order.zone_id, self.floor_a1)
        self.assertEqual(order.contact_phone, "13912345678")
