import subprocess
import tempfile
import unicodedata
from unittest.mock import patch

from odoo.tests import tagged

from .common import HospitalRepairHttpCommon


@tagged("post_install", "-at_install")
class TestWorkOrderPdf(HospitalRepairHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Order = cls.env["hospital.repair.order"]
        cls.orders = Order.create([
            {"zone_id": cls.floor_a1.id, "category_id": cls.cat_water.id, "description": "洗手池漏水",
             "department_id": cls.dept_a.id, "contact_phone": "6021"},
            {"zone_id": cls.floor_a1.id, "category_id": cls.cat_water.id, "description": "灯不亮",
             "department_id": cls.dept_a.id},
        ])

    def _text(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            text = subprocess.run(["pdftotext", "-layout", f.name, "-"],
                                  capture_output=True, check=True).stdout.decode()
            # CJK fonts map some ideographs to Kangxi radicals when extracted
            text = unicodedata.normalize("NFKC", text)
            fonts = subprocess.run(["pdffonts", f.name],
                                   capture_output=True, check=True).stdout.decode()
        return text, fonts

    def test_values_and_hooks(self):
        Values = self.env["report.hospital_repair.report_work_order"]
        values = Values._get_report_values(self.orders.ids)
        order = self.orders[0]
        self.assertEqual(values["material_lines"][order.id], [])
        self.assertTrue(values["order_url"][order.id].endswith(f"/my/repairs/{order.id}"))
        self.assertTrue(values["qr_src"][order.id].startswith("data:image/png;base64,"))
        html = self.env["ir.actions.report"]._render_qweb_html(
            "hospital_repair.action_report_work_order", order.ids)[0].decode()
        self.assertIn(order.name, html)
        self.assertIn("洗手池漏水", html)

    def test_material_lines_hook(self):
        """The stock addon fills the materials by overriding one method."""
        Values = type(self.env["report.hospital_repair.report_work_order"])
        line = {"name": "I15 阀门 DN15", "quantity": 2, "uom": "个",
                "price_unit": 12.5, "amount": 25.0}
        with patch.object(Values, "_get_material_lines", lambda self, order: [line]):
            html = self.env["ir.actions.report"]._render_qweb_html(
                "hospital_repair.action_report_work_order", self.orders[:1].ids)[0].decode()
        self.assertIn("I15 阀门 DN15", html)
        self.assertIn("25.00", html)

    def test_batch_pdf(self):
        report = self.env.ref("hospital_repair.action_report_work_order")
        self.assertEqual(report.binding_model_id.model, "hospital.repair.order")
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(report, self.orders.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text, fonts = self._text(pdf)
        for order in self.orders:
            self.assertIn(order.name, text)
        self.assertIn("洗手池漏水", text)
        self.assertIn("心内科", text)
        self.assertIn(self.env.company.name, text)
        self.assertIn(f"/my/repairs/{self.orders[0].id}", text)
        self.assertEqual(text.count("Repair Work Order"), 2)  # one page each
        # the Chinese text is set in a CJK font, not in boxes of a Latin one
        self.assertIn("CJK", fonts)
