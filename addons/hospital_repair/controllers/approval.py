from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request


class RepairApprovalController(http.Controller):
    """Decisions of approvers from the portal page of an order (portal or
    internal users); the page itself shows the panel
    ``hospital_repair.portal_repair_approval_panel``."""

    def _get_my_step(self, order_id):
        # sudo: a portal approver cannot read the order, and the steps of an
        # order are only found through it. The step is used only after
        # checking that deciding it is the visitor's turn (can_decide reads
        # the real user even in sudo); anyone else gets a 404, which tells
        # nothing about the order.
        step = request.env["hospital.repair.approval"].sudo().search(
            [("order_id", "=", order_id), ("state", "=", "pending")], limit=1
        )
        if not step or not step.can_decide:
            raise NotFound()
        return step

    def _decide(self, order_id, decide):
        # The step stays sudo'ed for the order's sake; env.user is still the
        # visitor, whom the model checks again before deciding.
        step = self._get_my_step(order_id)
        try:
            decide(step)
        except UserError:
            request.env.cr.rollback()
            return request.redirect(f"/my/repairs/{order_id}?approval_error=failed")
        return request.redirect(f"/my/repairs/{order_id}")

    @http.route("/my/repairs/<int:order_id>/approve", type="http", auth="user",
                methods=["POST"])
    def portal_repair_approve(self, order_id, comment=None, **kw):
        return self._decide(order_id, lambda step: step.action_approve((comment or "").strip()))

    @http.route("/my/repairs/<int:order_id>/refuse", type="http", auth="user",
                methods=["POST"])
    def portal_repair_refuse(self, order_id, reason=None, **kw):
        if not (reason or "").strip():
            self._get_my_step(order_id)
            return request.redirect(f"/my/repairs/{order_id}?approval_error=reason")
        return self._decide(order_id, lambda step: step.action_refuse(reason.strip()))
