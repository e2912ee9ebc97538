from odoo import fields, models


class HospitalRepairAppraisalLine(models.TransientModel):
    """One worker's figures and score in an appraisal."""

    _name = "hospital.repair.appraisal.line"
    _description = "Worker Appraisal Line"
    _order = "rank, id"

    appraisal_id = fields.Many2one(
        "hospital.repair.appraisal", required=True, ondelete="cascade", index=True)
    rank = fields.Integer()
    user_id = fields.Many2one("res.users", string="Worker", required=True)
    order_count = fields.Integer(string="# Orders")
    hours_to_dispatch = fields.Float(string="Accept → Dispatch (h)", digits=(16, 2))
    success_rate = fields.Float(string="Success Rate (%)", digits=(16, 1))
    satisfaction = fields.Float(digits=(16, 2))
    overdue_rate = fields.Float(string="Overdue Rate (%)", digits=(16, 1))
    # shown, not weighted: the success rate already counts a reopened repair
    # as not fixed the first time
    reopen_rate = fields.Float(string="Reopen Rate (%)", digits=(16, 1))
    score = fields.Float(digits=(16, 2))
