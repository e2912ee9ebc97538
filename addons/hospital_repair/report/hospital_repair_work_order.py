import base64

from odoo import api, models


class ReportHospitalRepairWorkOrder(models.AbstractModel):
    """Values of the printed work order (维修单)."""

    _name = "report.hospital_repair.report_work_order"
    _description = "Printed Repair Work Order"

    @api.model
    def _get_report_values(self, docids, data=None):
        orders = self.env["hospital.repair.order"].browse(docids)
        orders.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "hospital.repair.order",
            "docs": orders,
            "qr_src": {order.id: self._get_qr_src(order) for order in orders},
            "order_url": {order.id: self._get_order_url(order) for order in orders},
            "material_lines": {order.id: self._get_material_lines(order) for order in orders},
        }

    @api.model
    def _get_order_url(self, order):
        return f"{order.get_base_url()}/my/repairs/{order.id}"

    @api.model
    def _get_qr_src(self, order):
        # Embedded rather than fetched: the PDF needs no request back to the server.
        png = self.env["ir.actions.report"].barcode(
            "QR", self._get_order_url(order), width=200, height=200)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    @api.model
    def _get_material_lines(self, order):
        """Materials of ``order`` as dicts with keys ``name``, ``quantity``,
        ``uom``, ``price_unit`` and ``amount``; the stock addon fills them."""
        return []
