from datetime import timedelta

from odoo import Command, api, fields, models

from .hospital_repair_approval import DEFAULT_ROLES

# Share of the SLA targets left to a priority; settings may change them.
DEFAULT_PRIORITY_FACTORS = {"normal": 1.0, "urgent": 0.5, "emergency": 0.25}


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
    @api.model
    def _get_priority_factor(self, priority):
        """Share of the SLA targets an order of ``priority`` gets (1 = all)."""
        if priority not in ("urgent", "emergency"):
            return 1.0
        value = self.env["ir.config_parameter"].sudo().get_param(
            f"hospital_repair.factor_{priority}"
        )
        try:
            factor = float(value) if value else DEFAULT_PRIORITY_FACTORS[priority]
        except ValueError:
            factor = DEFAULT_PRIORITY_FACTORS[priority]
        return factor if factor > 0 else DEFAULT_PRIORITY_FACTORS[priority]

    def _get_deadlines(self, date_reported, priority="normal", factors=None):
        """By when must an order reported at ``date_reported`` be accepted and
        done: ``(response_deadline, completion_deadline)``; the priority
        shortens both targets by its factor. ``factors`` may cache the
        factors across a batch."""
        self.ensure_one()
        if not date_reported:
            return False, False
        if factors is not None and priority in factors:
            factor = factors[priority]
        else:
            factor = self._get_priority_factor(priority)
            if factors is not None:
                factors[priority] = factor
        response = completion = False
        if self.response_hours:
            response = date_reported + timedelta(hours=self.response_hours * factor)
        if self.completion_hours:
            completion = date_reported + timedelta(hours=self.completion_hours * factor)
        return response, completion
