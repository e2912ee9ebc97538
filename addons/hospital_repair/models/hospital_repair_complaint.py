from odoo import fields, models


class HospitalRepairComplaint(models.Model):
    """A complaint about an order (投诉), followed by the managers."""

    _name = "hospital.repair.complaint"
    _description = "Repair Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(related="order_id.name", string="Order Number")
    order_id = fields.Many2one(
        "hospital.repair.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Complainant", default=lambda self: self.env.user.partner_id
    )
    description = fields.Text(required=True)
    photo = fields.Image(max_width=1920, max_height=1920)
    handler_id = fields.Many2one("res.users", string="Handler", tracking=True)
    resolution = fields.Text(tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("handling", "Handling"), ("resolved", "Resolved")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
