from odoo import api, fields, models


class HospitalRepairOrderActionWizard(models.TransientModel):
    """The dialog of the transitions that need words: reject, re-dispatch,
    finish with a result, reopen, follow-up. It only collects them; the
    order's action checks and applies them."""

    _name = "hospital.repair.order.action.wizard"
    _description = "Repair Order Action"

    order_ids = fields.Many2many("hospital.repair.order", string="Orders", required=True)
    action = fields.Selection(
        [
            ("reject", "Reject"),
            ("redispatch", "Re-dispatch"),
            ("finish", "Finish"),
            ("reopen", "Reopen"),
            ("followup", "Follow-up"),
        ],
        required=True,
    )
    reason = fields.Text()
    user_id = fields.Many2one(
        "res.users", string="Worker",
        domain=lambda self: [
            ("share", "=", False),
            ("group_ids", "in", self.env.ref("hospital_repair.group_repair_worker").ids),
        ],
    )
    suggested_user_id = fields.Many2one(
        "res.users", string="Zone's Worker Now", compute="_compute_suggested_user_id",
    )
    vendor_id = fields.Many2one("res.partner", string="Outsourced Vendor")
    result = fields.Selection(
        [("success", "Success"), ("failure", "Failure")], default="success",
    )
    work_note = fields.Text(string="Work Done")
    photo_ids = fields.Many2many(
        "ir.attachment", "hospital_repair_action_wizard_photo_rel", "wizard_id", "attachment_id",
        string="Photos of the Work",
    )
    failure_reason = fields.Text(string="Failure Explanation")
    proposed_solution = fields.Text()
    followup_result = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("unsatisfied", "Unsatisfied"),
            ("unreachable", "Unreachable"),
            ("escalated", "Escalated to Management"),
        ],
        string="Follow-up Result", default="satisfied",
    )

    followup_note = fields.Text(string="Follow-up Remark")

    @api.depends("order_ids", "action")
    def _compute_suggested_user_id(self):
        for wizard in self:
            zone = wizard.order_ids[:1].zone_id
            wizard.suggested_user_id = (
                zone._get_responsible_user() if zone and wizard.action == "redispatch" else False
            )

    def action_confirm(self):
        self.ensure_one()
        orders = self.order_ids
        if self.action == "reject":
            orders.action_reject(reason=self.reason or "")
        elif self.action == "redispatch":
            orders.action_redispatch(
                user=self.user_id, vendor=self.vendor_id, reason=self.reason or ""
            )
        elif self.action == "finish":
            orders.action_finish(
                result=self.result, failure_reason=self.failure_reason,
                proposed_solution=self.proposed_solution, work_note=self.work_note,
                photos=self.photo_ids,
            )
        elif self.action == "reopen":
            orders.action_reopen(reason=self.reason or "")
        elif self.action == "followup":
            orders.action_followup(result=self.followup_result, note=self.followup_note)
        return {"type": "ir.actions.act_window_close"}
