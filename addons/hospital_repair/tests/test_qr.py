from odoo.tests import tagged

from .portal_common import HospitalRepairPortalCase


@tagged("post_install", "-at_install")
class TestRepairQr(HospitalRepairPortalCase):
    def test_valid_token_prefills_form_with_qr_channel(self):
        token = self.floor_a1.qr_token
        # Anonymous visitors log in first, then land on the form.
        response = self.url_open(f"/repair/qr/{token}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login?redirect=", response.headers["Location"])
        self.assertIn(token, response.headers["Location"])
        self.authenticate("portal_c", "portal_c")
        response = self.url_open(f"/repair/qr/{token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_repair_zone_fixed", response.text)
        self.assertIn(self.floor_a1.complete_name, response.text)
        self.assertIn('name="channel" value="qr"', response.text)
        response = self._post("/repair/new", self._form_data(channel="qr"))
        self.assertEqual(response.status_code, 303)
        order = self.env["hospital.repair.order"].search([("reporter_id", "=", self.portal_c.id)])
        self.assertEqual(order.channel, "qr")
        self.assertEqual(order.zone_id, self.floor_a1)

    def test_unknown_or_revoked_token_gets_friendly_page(self):
        token = self.floor_a1.qr_token
        self.floor_a1.action_revoke_qr_token()
        self.assertFalse(self.floor_a1.qr_token)
        for url in (f"/repair/qr/{token}", "/repair/qr/nope"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404)
            self.assertIn("This QR code is no longer valid", response.text)
            self.assertNotIn("Traceback", response.text)
        self.authenticate("portal_c", "portal_c")
        response = self.url_open(f"/repair/new?zone={token}")
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_repair_qr_invalid", response.text)

    def test_regenerate_token(self):
        old = self.floor_a1.qr_token
        self.floor_a1.action_regenerate_qr_token()
        self.assertTrue(self.floor_a1.qr_token)
        self.assertNotEqual(self.floor_a1.qr_token, old)
        self.assertEqual(self.url_open(f"/repair/qr/{old}").status_code, 404)

    def test_qr_label_pdf(self):
        zones = self.floor_a1 | self.building_a
        pdf, report_type = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "hospital_repair.hospital_repair_zone_action_report_qr", zones.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        html = self.env["ir.actions.report"]._render_qweb_html(
            "hospital_repair.hospital_repair_zone_action_report_qr", zones.ids)[0].decode()
        self.assertIn("门诊楼", html)
        self.assertEqual(html.count("data:image/png;base64,"), 2)
        self.assertTrue(self.floor_a1._get_qr_url().endswith(f"/repair/qr/{self.floor_a1.qr_token}"))
