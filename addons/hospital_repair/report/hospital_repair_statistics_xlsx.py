from odoo import models


class ReportHospitalRepairStatisticsXlsx(models.AbstractModel):
    """Statistics of a period, one sheet per dimension."""

    _name = "report.hospital_repair.statistics_xlsx"
    _inherit = "report.hospital_repair.xlsx_common"
    _description = "Repair Statistics XLSX"

    # (aggregate, header kind, scale) of the measure columns
    _MEASURES = (
        ("order_count:sum", "int", 1),
        ("done_count:sum", "int", 1),
        ("hours_to_accept:avg", "hours", 1),
        ("hours_to_dispatch:avg", "hours", 1),
        ("hours_to_start:avg", "hours", 1),
        ("hours_to_done:avg", "hours", 1),
        ("overdue_rate:avg", "percent", 0.01),
        ("success_rate:avg", "percent", 0.01),
        ("score_average:avg", "score", 1),
        ("complaint_count:sum", "int", 1),
        ("material_cost:sum", "money", 1),
    )

    def _dimensions(self):
        """(groupby, sheet name, first column header) of each sheet."""
        _ = self.env._
        names = [
            (_("By Month"), _("Month")),
            (_("By Category"), _("Category")),
            (_("By Building"), _("Building")),
            (_("By Zone"), _("Zone")),
            (_("By Department"), _("Department")),
            (_("By Worker"), _("Worker")),
            (_("By Duty Officer"), _("Duty Officer")),
        ]
        groupbys = ["date_reported:month", "category_id", "building_id", "zone_id",
                    "department_id", "user_id", "duty_user_id"]
        return [(groupby, *name) for groupby, name in zip(groupbys, names, strict=True)]

    def _measure_headers(self):
        _ = self.env._
        return [
            _("# Orders"), _("# Completed"), _("Report → Accept (h)"),
            _("Accept → Dispatch (h)"), _("Dispatch → Arrival (h)"), _("Report → Done (h)"),
            _("Overdue Rate"), _("Success Rate"), _("Satisfaction"), _("# Complaints"),
            _("Material Cost"),
        ]

    def _label(self, value, groupby):
        if groupby.endswith(":month"):
            return value.strftime("%Y-%m") if value else ""
        if not value:
            return self.env._("(none)")
        return value.complete_name if value._name == "hospital.repair.zone" else value.display_name

    def _scaled(self, values):
        return [
            None if value is None else value * scale
            for value, (_agg, _kind, scale) in zip(values, self._MEASURES, strict=True)
        ]

    def generate_xlsx_report(self, workbook, data, objs):
        formats = self._xlsx_formats(workbook)
        report = self.env["hospital.repair.report"]
        aggregates = [m[0] for m in self._MEASURES]
        for appraisal in objs[:1]:
            domain = appraisal._period_domain()
            [totals] = report._read_group(domain, [], aggregates)
            for groupby, sheet_name, header in self._dimensions():
                sheet = workbook.add_worksheet(sheet_name[:31])
                columns = [(header, "text", 24)] + [
                    (title, kind, 13)
                    for title, (_agg, kind, _scale)
                    in zip(self._measure_headers(), self._MEASURES, strict=True)
                ]
                groups = report._read_group(domain, [groupby], aggregates, order=groupby)
                rows = [
                    [self._label(group[0], groupby)] + self._scaled(group[1:])
                    for group in groups
                ]
                self._write_table(
                    sheet, formats, columns, rows,
                    [self.env._("Total")] + self._scaled(totals))
