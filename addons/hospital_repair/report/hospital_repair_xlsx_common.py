from odoo import models


class ReportHospitalRepairXlsxCommon(models.AbstractModel):
    """Shared sheet layout of the repair XLSX exports: a bold header row
    frozen on top, typed number formats and a totals row."""

    _name = "report.hospital_repair.xlsx_common"
    _inherit = "report.report_xlsx.abstract"
    _description = "Repair XLSX Export Helpers"

    def _xlsx_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "header": workbook.add_format({
                "bold": True, "bg_color": "#D9E1F2", "border": 1,
                "text_wrap": True, "valign": "vcenter", "align": "center"}),
            "text": workbook.add_format({"border": 1}),
            "int": workbook.add_format({"border": 1, "num_format": "#,##0"}),
            "hours": workbook.add_format({"border": 1, "num_format": "0.00"}),
            "score": workbook.add_format({"border": 1, "num_format": "0.00"}),
            "percent": workbook.add_format({"border": 1, "num_format": "0.0%"}),
            "money": workbook.add_format({"border": 1, "num_format": "#,##0.00"}),
            "total_text": workbook.add_format({"bold": True, "border": 1, "top": 2}),
            "total_int": workbook.add_format(
                {"bold": True, "border": 1, "top": 2, "num_format": "#,##0"}),
            "total_hours": workbook.add_format(
                {"bold": True, "border": 1, "top": 2, "num_format": "0.00"}),
            "total_score": workbook.add_format(
                {"bold": True, "border": 1, "top": 2, "num_format": "0.00"}),
            "total_percent": workbook.add_format(
                {"bold": True, "border": 1, "top": 2, "num_format": "0.0%"}),
            "total_money": workbook.add_format(
                {"bold": True, "border": 1, "top": 2, "num_format": "#,##0.00"}),
        }

    def _write_cell(self, sheet, row, col, value, fmt):
        """Text is always written as a string: it comes from users (names,
        places, categories), and ``sheet.write`` would turn "=..." into a
        live formula and "https://..." into a link."""
        if value is None:
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            sheet.write_string(row, col, value, fmt)
        else:
            sheet.write(row, col, value, fmt)

    def _write_table(self, sheet, formats, columns, rows, totals):
        """``columns``: (header, kind, width) with kind text/int/hours/score/
        percent/money; ``rows`` and ``totals``: lists of values in column
        order (percentages as fractions). Returns the next free row."""
        for col, (header, _kind, width) in enumerate(columns):
            self._write_cell(sheet, 0, col, header, formats["header"])
            sheet.set_column(col, col, width)
        sheet.set_row(0, 30)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, 1):
            for col, value in enumerate(row):
                self._write_cell(sheet, r, col, value, formats[columns[col][1]])
        last = len(rows) + 1
        if totals is not None:
            for col, value in enumerate(totals):
                self._write_cell(sheet, last, col, value, formats["total_" + columns[col][1]])
            last += 1
        sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        return last
