import pytz

from odoo import models


class ReportHospitalRepairOrderXlsx(models.AbstractModel):
    """The selected orders as a sheet: Odoo's own list export has no frozen
    header nor totals row, which the office asked for."""

    _name = "report.hospital_repair.order_xlsx"
    _inherit = "report.hospital_repair.xlsx_common"
    _description = "Repair Orders XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        formats = self._xlsx_formats(workbook)
        formats["datetime"] = workbook.add_format({"border": 1, "num_format": "yyyy-mm-dd hh:mm"})
        formats["total_datetime"] = formats["total_text"]
        orders = objs.sorted(lambda o: (o.date_reported or o.create_date, o.id))
        report = self.env["hospital.repair.report"]
        rows_by_order = {
            row.order_id.id: row for row in report.search([("order_id", "in", orders.ids)])
        }
        # the ratings the user may read, as the evaluations' rules say
        scores = {
            evaluation.order_id.id: evaluation.score_average
            for evaluation in self.env["hospital.repair.evaluation"].search_fetch(
                [("order_id", "in", orders.ids)], ["order_id", "score_average"])
        }
        Order = self.env["hospital.repair.order"]

        def selection(fname, value):
            return dict(Order._fields[fname]._description_selection(self.env)).get(value, "")

        columns = [
            (_("Number"), "text", 16), (_("Reported On"), "datetime", 17),
            (_("Reporter"), "text", 12), (_("Department"), "text", 14),
            (_("Zone"), "text", 24), (_("Category"), "text", 12),
            (_("Priority"), "text", 9), (_("Status"), "text", 10), (_("Worker"), "text", 12),
            (_("Report → Accept (h)"), "hours", 12), (_("Report → Done (h)"), "hours", 12),
            (_("Satisfaction"), "score", 10), (_("# Urges"), "int", 8),
            (_("Material Cost"), "money", 12),
        ]
        rows = []
        for order in orders:
            row = rows_by_order.get(order.id)
            rows.append([
                order.name, self._to_local(order.date_reported) if order.date_reported else None,
                order.reporter_name or "", order.department_id.name or "",
                order.zone_id.complete_name or "", order.category_id.name or "",
                selection("priority", order.priority), selection("state", order.state),
                order.user_id.name or "",
                row.hours_to_accept if row and row.date_accepted else None,
                row.hours_to_done if row and row.date_done else None,
                scores.get(order.id) or None,
                order.urge_count, row.material_cost if row else 0.0,
            ])
        done = [r[10] for r in rows if r[10] is not None]
        accepted = [r[9] for r in rows if r[9] is not None]
        rated = [r[11] for r in rows if r[11] is not None]
        totals = [
            _("Total: %s", len(rows)), None, None, None, None, None, None, None, None,
            sum(accepted) / len(accepted) if accepted else None,
            sum(done) / len(done) if done else None,
            sum(rated) / len(rated) if rated else None,
            sum(r[12] for r in rows), sum(r[13] for r in rows),
        ]
        sheet = workbook.add_worksheet(_("Repair Orders"))
        self._write_table(sheet, formats, columns, rows, totals)

    def _to_local(self, value):
        # Excel has no time zones: write the time the user reads in Odoo
        return pytz.utc.localize(value).astimezone(self.env.tz).replace(tzinfo=None)
