from odoo import models


class HospitalRepairApproval(models.Model):
    _inherit = "hospital.repair.approval"

    def _on_step_current(self):
        res = super()._on_step_current()
        self.env["hospital.repair.oa.message"]._enqueue(self, "create")
        return res

    def _on_step_decided(self):
        res = super()._on_step_decided()
        cancelled = self.filtered(lambda step: step.state == "cancelled")
        outbox = self.env["hospital.repair.oa.message"]
        # "done" turns into "delete" for the to-dos of managers who did not
        # decide a step without named approver (see _close_vals)
        outbox._enqueue(self - cancelled, "done")
        outbox._enqueue(cancelled, "delete")
        return res
