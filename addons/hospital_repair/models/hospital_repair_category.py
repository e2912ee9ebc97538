from datetime import timedelta

from odoo import Command, fields, models

from .hospital_repair_approval import DEFAULT_ROLES


class HospitalRepairCategory(models.Model):
    """A trade (水, 电, 弱电, 木工…): SLA targets, approval, charging."""

    _name = "hospital.repair.category"
    _description = "Repair Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    approval_required = fields.Boolean(
        help="Orders of this category are approved by the reporter's direct "
        "leader, then by the logistics leader, before the desk sees them."
    )
    approval_step_ids = fields.One2many(
        "hospital.repair.category.approval.step", "category_id", string="Approval Steps",
        default=lambda self: [
            Command.create({"sequence": 10, "role": "department_leader"}),
            Command.create({"sequence": 20, "role": "logistics_leader"}),
        ],
        help="The approvals an order of this category needs, in order. "
        "Without lines: the reporter's direct leader, then the logistics leader.",
    )
    response_hours = fields.Float(
        string="Response Target (h)",
        default=2.0,
        help="Hours from report to acceptance by the desk.",
    )
    completion_hours = fields.Float(
        string="Completion Target (h)",
        default=24.0,
        help="Hours from report to completion by the worker.",
    )
    chargeable = fields.Boolean(help="Repairs of this category are billed to the department.")
    labour_price = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    description = fields.Text()

    _response_hours_positive = models.Constraint(
        "CHECK (response_hours >= 0 AND completion_hours >= 0)",
        "SLA targets cannot be negative.",
    )

    def _get_approval_roles(self):
        """The roles of the approval steps of an order of this category, in order."""
        self.ensure_one()
        return self.approval_step_ids.sorted("sequence").mapped("role") or list(DEFAULT_ROLES)

    def _get_deadlines(self, start, priority="normal"):
        """By when must an order of this category whose clock starts at
        ``start`` be accepted and done: ``(response_deadline,
        completion_deadline)``; the priority shortens both targets by the
        factor of the category's hospital."""
        self.ensure_one()
        if not start:
            return False, False
        factor = self.company_id._get_repair_priority_factor(priority)
        response = completion = False
        if self.response_hours:
            response = start + timedelta(hours=self.response_hours * factor)
        if self.completion_hours:
            completion = start + timedelta(hours=self.completion_hours * factor)
        return response, completion
