from odoo import fields, models


class HospitalRepairApproval(models.Model):
    """One approval step of an order, the single source of truth of the
    approval flow.

    Extension point for other addons (e.g. hospital_repair_oa pushes OA
    to-dos), each called on the steps concerned, after the change is written:

    - ``_on_step_created()``: the steps were just created;
    - ``_on_step_current()``: the steps became the one waiting for a decision;
    - ``_on_step_decided()``: the steps were approved, refused or cancelled.
    """

    _name = "hospital.repair.approval"
    _description = "Repair Approval Step"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        "hospital.repair.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    role = fields.Selection(
        [
            ("department_leader", "Reporter's Direct Leader"),
            ("logistics_leader", "Logistics Leader"),
        ],
        required=True,
    )
    approver_id = fields.Many2one("res.users", string="Approver", index=True)
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="waiting",
        required=True,
        index=True,
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    date = fields.Datetime(string="Decision Date", readonly=True)
    comment = fields.Text()

    def _create_steps(self, orders):
        """Create and start the approval steps of ``orders`` (issue 13)."""
        return self.browse()

    def _on_step_created(self):
        """Hook: steps were created."""

    def _on_step_current(self):
        """Hook: steps became current (waiting for their approver)."""

    def _on_step_decided(self):
        """Hook: steps were approved, refused or cancelled."""
