from odoo import api, fields, models

from .hospital_repair_approval import APPROVAL_ROLES


class HospitalRepairCategoryApprovalStep(models.Model):
    """One step of a category's approval flow: the steps of an order are
    created from these lines, in their order."""

    _name = "hospital.repair.category.approval.step"
    _description = "Repair Category Approval Step"
    _order = "category_id, sequence, id"

    category_id = fields.Many2one(
        "hospital.repair.category", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    role = fields.Selection(APPROVAL_ROLES, required=True)

    _role_unique = models.UniqueIndex("(category_id, role)", "A role appears once per category.")

    @api.depends("role")
    def _compute_display_name(self):
        labels = dict(self._fields["role"]._description_selection(self.env))
        for step in self:
            step.display_name = labels.get(step.role, "")
