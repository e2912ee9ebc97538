import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_reporting import ReportingCase


@tagged("post_install", "-at_install")
class TestAppraisal(ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_weights(dispatch=20, success=25, satisfaction=25, count=15, overdue=15)
        cls.appraisal = cls.env["hospital.repair.appraisal"].create({
            "date_from": date(2025, 12, 1), "date_to": date(2026, 1, 31),
            "user_ids": [(6, 0, (cls.worker | cls.worker_a2).ids)],
        })

    @classmethod
    def set_weights(cls, **weights):
        cls.env.company.write({
            f"repair_weight_{key}": weights.get(key, 0)
            for key in ("dispatch", "success", "satisfaction", "count", "overdue")
        })

    def figures(self):
        return {row["user_id"]: row for row in self.appraisal._compute_figures()}

    def test_weighted_score(self):
        self.appraisal.action_compute()
        first, second = self.appraisal.line_ids.sorted("rank")
        # worker: o1 + o3. dispatch (0.5 + 1) / 2 = 0.75h -> 92.5; success 50; 4.5 stars -> 90;
        # 2 orders, the most -> 100; overdue 50% -> 50.
        # 0.20*92.5 + 0.25*50 + 0.25*90 + 0.15*100 + 0.15*50 = 76.0
        self.assertEqual(first.user_id, self.worker)
        self.assertEqual(
            (first.rank, first.order_count, first.hours_to_dispatch, first.success_rate,
             first.satisfaction, first.overdue_rate, first.score),
            (1, 2, 0.75, 50.0, 4.5, 50.0, 76.0))
        # worker_a2: o2. dispatch 0h -> 100; success 100; 3 stars -> 60; 1 order -> 50; overdue 100 -> 0
        # 0.20*100 + 0.25*100 + 0.25*60 + 0.15*50 + 0.15*0 = 67.5
        self.assertEqual(second.user_id, self.worker_a2)
        self.assertEqual((second.rank, second.score), (2, 67.5))

    def test_weights_come_from_settings(self):
        self.set_weights(dispatch=1)
        figures = self.figures()
        self.assertEqual(figures[self.worker.id]["score"], 92.5)
        self.assertEqual(figures[self.worker_a2.id]["rank"], 1)
        self.set_weights(satisfaction=3, count=1)
        figures = self.figures()
        # (3*90 + 1*100) / 4 and (3*60 + 1*50) / 4
        self.assertEqual(figures[self.worker.id]["score"], 92.5)
        self.assertEqual(figures[self.worker_a2.id]["score"], 57.5)
        self.set_weights()
        with self.assertRaises(UserError):
            self.appraisal._compute_figures()

    def test_weights_in_settings_form(self):
        with Form(self.env["res.config.settings"]) as settings:
            settings.hospital_repair_weight_dispatch = 0
            settings.hospital_repair_weight_success = 0
            settings.hospital_repair_weight_satisfaction = 1
            settings.hospital_repair_weight_count = 0
            settings.hospital_repair_weight_overdue = 0
        settings.save().execute()
        self.assertEqual(self.figures()[self.worker.id]["score"], 90.0)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"hospital_repair_weight_count": -5})

    def test_measure_without_data_is_left_out(self):
        self.set_weights(satisfaction=1, success=1)
        self.appraisal.user_ids = self.worker
        self.env["hospital.repair.evaluation"].search([("order_id", "=", self.o1.id)]).unlink()
        self.env.flush_all()
        # no evaluation left: the score is the success rate alone
        self.assertEqual(self.figures()[self.worker.id]["score"], 50.0)

    def test_access(self):
        """The appraisal is the managers': the desk and the workers have no access."""
        for user in (self.requester_a, self.worker, self.dispatcher):
            with self.assertRaises(AccessError):
                self.env["hospital.repair.appraisal"].with_user(user).create({})
        appraisal = self.env["hospital.repair.appraisal"].with_user(self.manager).create({
            "date_from": date(2025, 12, 1), "date_to": date(2026, 1, 31)})
        self.assertTrue(appraisal._compute_figures())

    def test_period_check(self):
        with self.assertRaises(ValidationError):
            self.appraisal.date_to = date(2025, 11, 1)

    def render(self, xmlid, record):
        # as the record's user, in the record's context alone (its user's
        # language), not merged with the test's
        content, kind = self.env["ir.actions.report"].with_user(record.env.user).with_context(  # pylint: disable=context-overridden
            record.env.context)._render_xlsx(xmlid, record.ids, None)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_appraisal_xlsx(self):
        book = self.render("hospital_repair.action_report_appraisal_xlsx", self.appraisal)
        sheet = book.worksheets[0]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual([c.value for c in sheet[1]][:3], ["Rank", "Worker", "# Orders"])
        self.assertEqual([c.value for c in sheet[2]],
                         [1, "王师傅", 2, 0.75, 0.5, 4.5, 0.5, 76.0])
        self.assertEqual([c.value for c in sheet[3]][:2], [2, "张师傅"])
        self.assertEqual(sheet["E2"].number_format, "0.0%")
        self.assertEqual(sheet["D2"].number_format, "0.00")
        # totals over o1, o2, o3: dispatch (0.5 + 0 + 1) / 3, success 2/3, stars (4.5 + 3) / 2
        total = [c.value for c in sheet[4]]
        self.assertEqual(total[1:4], ["Total", 3, 0.5])
        self.assertAlmostEqual(total[4], 2 / 3)
        self.assertAlmostEqual(total[5], 3.75)
        self.assertAlmostEqual(total[6], 2 / 3)          # o2, o3 overdue of o1..o3

    def test_statistics_xlsx(self):
        self.appraisal.write({"date_from": date(2025, 12, 29), "date_to": date(2026, 1, 6)})
        book = self.render("hospital_repair.action_report_statistics_xlsx", self.appraisal)
        self.assertEqual(len(book.worksheets), 7)
        sheet = book["By Category"]
        self.assertEqual(sheet.freeze_panes, "A2")
        rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
        self.assertEqual(rows["中央空调"][1:3], [3, 2])  # o1, o3, o5; o1, o3 done
        self.assertEqual(rows["给排水"][1:3], [2, 1])    # o2, o4; o2 done
        self.assertAlmostEqual(rows["中央空调"][6], (6.5 + 28) / 2)
        self.assertAlmostEqual(rows["给排水"][7], 1.0)  # o2, o4 both overdue
        self.assertEqual(sheet.cell(2, 8).number_format, "0.0%")
        month = book["By Month"]
        values = [[c.value for c in row] for row in month.iter_rows(min_row=2)]
        self.assertEqual([v[0] for v in values], ["2025-12", "2026-01", "Total"])
        self.assertEqual(values[-1][1], values[0][1] + values[1][1])
        zones = {row[0].value for row in book["By Building"].iter_rows(min_row=2)}
        self.assertTrue({"东院区 / 门诊楼", "东院区 / 住院楼"} <= zones)

    def test_xlsx_headers_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hospital_repair"], ["zh_CN"])
        appraisal = self.appraisal.with_context(lang="zh_CN")
        book = self.render("hospital_repair.action_report_appraisal_xlsx", appraisal)
        header = [c.value for c in book.worksheets[0][1]]
        self.assertEqual(header[:3], ["名次", "维修工", "报修单数"])
        self.assertEqual(header[-1], "综合得分")
        book = self.render("hospital_repair.action_report_statistics_xlsx", appraisal)
        self.assertIn("按类别", book.sheetnames)

    def test_order_list_xlsx(self):
        orders = self.o1 | self.o2 | self.o4
        book = self.render("hospital_repair.action_report_order_xlsx", orders)
        sheet = book.worksheets[0]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet["A1"].value, "Number")
        self.assertEqual([sheet.cell(r, 1).value for r in (2, 3, 4)],
                         [self.o1.name, self.o2.name, self.o4.name])
        self.assertEqual(sheet["B2"].value.strftime("%Y-%m-%d %H:%M"), "2025-12-30 08:00")
        self.assertEqual(sheet["B2"].number_format, "yyyy-mm-dd hh:mm")
        self.assertEqual(sheet["E2"].value, "东院区 / 门诊楼 / 3F / 采血区")
        self.assertEqual(sheet["K2"].value, 6.5)
        self.assertIsNone(sheet["K4"].value)                  # o4 not done
        # totals: 3 orders, report→done (6.5 + 10) / 2, urges 2
        self.assertEqual(sheet["A5"].value, "Total: 3")
        self.assertEqual(sheet["K5"].value, 8.25)
        self.assertEqual(sheet["M5"].value, 2)
        self.assertEqual(sheet["K5"].number_format, "0.00")

    def test_scores_are_read_as_the_evaluations_rules_say(self):
        """A rating is read by the order's reporter, the department's leader,
        the worker who did the repair and the desk (the evaluations' rules):
        the orders' XLSX and the analysis show it to nobody else."""
        Evaluation = self.env["hospital.repair.evaluation"]
        # requester_a, a colleague of o1's reporter, may not read its rating
        self.assertFalse(Evaluation.with_user(self.requester_a).search([("order_id", "=", self.o1.id)]))
        book = self.render("hospital_repair.action_report_order_xlsx",
                           (self.o1 | self.o3).with_user(self.requester_a))
        sheet = book.worksheets[0]
        self.assertEqual(sheet["A2"].value, self.o1.name)
        self.assertIsNone(sheet["L2"].value, "a colleague's rating")
        with self.assertRaises(AccessError):
            self.env["hospital.repair.report"].with_user(self.requester_a).search_read(
                [("order_id", "=", self.o1.id)], ["score_average"])
        with self.assertRaises(AccessError):
            self.env["hospital.repair.report"].with_user(self.worker)._read_group(
                [], [], ["score_average:avg"])
        # the worker who did o1 reads its rating, there as in the evaluation
        book = self.render("hospital_repair.action_report_order_xlsx", self.o1.with_user(self.worker))
        self.assertEqual(book.worksheets[0]["L2"].value, 4.5)
        book = self.render("hospital_repair.action_report_order_xlsx",
                           (self.o1 | self.o2).with_user(self.dispatcher))
        self.assertEqual([book.worksheets[0][f"L{r}"].value for r in (2, 3)], [4.5, 3.0])

