from odoo import models


class ReportHospitalRepairAppraisalXlsx(models.AbstractModel):
    _name = "report.hospital_repair.appraisal_xlsx"
    _inherit = "report.hospital_repair.xlsx_common"
    _description = "Worker Appraisal XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        formats = self._xlsx_formats(workbook)
        for appraisal in objs:
            if not appraisal.line_ids:
                appraisal.action_compute()
            sheet = workbook.add_worksheet(
                _("Appraisal %(from)s-%(to)s", **{
                    "from": appraisal.date_from.strftime("%Y%m%d"),
                    "to": appraisal.date_to.strftime("%Y%m%d")})[:31])
            columns = [
                (_("Rank"), "int", 6),
                (_("Worker"), "text", 18),
                (_("# Orders"), "int", 10),
                (_("Accept → Dispatch (h)"), "hours", 14),
                (_("Success Rate"), "percent", 12),
                (_("Satisfaction"), "score", 12),
                (_("Overdue Rate"), "percent", 12),
                (_("Score"), "score", 10),
            ]
            lines = appraisal.line_ids.sorted("rank")
            rows = [
                [line.rank, line.user_id.name, line.order_count, line.hours_to_dispatch,
                 line.success_rate / 100.0, line.satisfaction, line.overdue_rate / 100.0,
                 line.score]
                for line in lines
            ]
            report = self.env["hospital.repair.report"]
            [(count, dispatch, success, satisfaction, overdue)] = report._read_group(
                appraisal._report_domain(), [],
                ["order_count:sum", "hours_to_dispatch:avg", "success_rate:avg",
                 "score_average:avg", "overdue_rate:avg"])
            totals = [
                None, _("Total"), count, dispatch,
                None if success is None else success / 100.0,
                satisfaction,
                None if overdue is None else overdue / 100.0,
                None,
            ]
            self._write_table(sheet, formats, columns, rows, totals)
