import pytz

from odoo import models


class ReportHospitalRepairSettlementXlsx(models.AbstractModel):
    """Each settlement as a sheet of its orders and charges, with the totals
    row the finance office checks against the payment."""

    _name = "report.hospital_repair_stock.settlement_xlsx"
    _inherit = "report.hospital_repair.xlsx_common"
    _description = "Repair Settlement XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        formats = self._xlsx_formats(workbook)
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")
        columns = [
            (_("Number"), "text", 16), (_("Confirmed On"), "text", 17), (_("Zone"), "text", 26),
            (_("Category"), "text", 14), (_("Materials"), "money", 12), (_("Labour"), "money", 12),
            (_("Repair Items"), "money", 12), (_("Total"), "money", 13),
        ]
        for settlement in objs:
            sheet = workbook.add_worksheet(settlement.name.replace("/", "-")[:31])
            rows = [[
                line.order_id.name,
                pytz.utc.localize(line.date_verified).astimezone(tz).strftime("%Y-%m-%d %H:%M")
                if line.date_verified else "",
                line.zone_id.complete_name or "", line.category_id.name or "",
                line.amount_material, line.amount_labour, line.amount_items, line.amount_total,
            ] for line in settlement.line_ids]
            totals = [
                _("Total"), settlement.department_id.name, "", "",
                settlement.amount_material, settlement.amount_labour, settlement.amount_items,
                settlement.amount_total,
            ]
            self._write_table(sheet, formats, columns, rows, totals)
