from odoo import fields, models


class HospitalRepairApprovalRefuseWizard(models.TransientModel):
    """Asks the approver why they refuse, then refuses the step."""

    _name = "hospital.repair.approval.refuse.wizard"
    _description = "Refuse a Repair Approval"

    approval_id = fields.Many2one("hospital.repair.approval", required=True, ondelete="cascade")
    order_id = fields.Many2one(related="approval_id.order_id")
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        self.approval_id.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
