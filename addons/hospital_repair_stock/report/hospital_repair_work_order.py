from odoo import api, models


class ReportHospitalRepairWorkOrder(models.AbstractModel):
    """The printed work order lists the materials consumed, at their cost."""

    _inherit = "report.hospital_repair.report_work_order"

    @api.model
    def _get_material_lines(self, order):
        return [{
            "name": line.product_id.display_name,
            "quantity": line.qty_consumed,
            "uom": line.product_uom_id.name,
            "price_unit": line.value / line.qty_consumed if line.qty_consumed else 0.0,
            "amount": line.value,
        } for line in order.sudo().material_line_ids if line.qty_consumed or line.qty_issued]
