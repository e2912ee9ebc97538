from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers import portal


class HospitalRepairSettlementPortal(portal.CustomerPortal):
    """A department leader's settlements (费用汇总) on the portal: the list,
    and each as its PDF. The record rules say whose they are."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "repair_settlement_count" in counters:
            Settlement = request.env["hospital.repair.settlement"]
            values["repair_settlement_count"] = (
                Settlement.search_count([("state", "!=", "draft")])
                if Settlement.has_access("read") else 0)
        return values

    @http.route("/my/repair_settlements", type="http", auth="user", website=True, readonly=True)
    def portal_my_repair_settlements(self, **kw):
        values = self._prepare_portal_layout_values()
        Settlement = request.env["hospital.repair.settlement"]
        settlements = Settlement.search([("state", "!=", "draft")]) \
            if Settlement.has_access("read") else Settlement
        values.update({"settlements": settlements, "page_name": "repair_settlement"})
        return request.render("hospital_repair_stock.portal_my_repair_settlements", values)

    @http.route("/my/repair_settlements/<int:settlement_id>", type="http", auth="user",
                website=True, readonly=True)
    def portal_my_repair_settlement(self, settlement_id, report_type="pdf", download=False, **kw):
        try:
            settlement_sudo = self._document_check_access(
                "hospital.repair.settlement", settlement_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        if settlement_sudo.state == "draft" or report_type not in ("pdf", "html"):
            raise NotFound()
        return self._show_report(
            model=settlement_sudo, report_type=report_type,
            report_ref="hospital_repair_stock.action_report_settlement", download=download)
