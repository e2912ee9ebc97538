from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


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
    handler_id = fields.Many2one("res.users", tracking=True)
    resolution = fields.Text(tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("handling", "Handling"), ("resolved", "Resolved")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )

    @api.model
    def _submit(self, order, description, photo=None):
        """The current user complains about ``order``."""
        order.ensure_one()
        if not (description or "").strip():
            raise ValidationError(self.env._("Describe what you complain about."))
        return self.create({
            "order_id": order.id,
            "partner_id": self.env.user.partner_id.id,
            "description": description.strip(),
            "photo": photo or False,
        })

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        managers = self.env.ref("hospital_repair.group_repair_manager").sudo().user_ids.filtered(
            lambda u: u.active and not u.share and u.id != self.env.ref("base.user_root").id)
        for complaint in complaints.sudo():
            for manager in managers:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Complaint on %(order)s", order=complaint.order_id.name),
                    note=complaint.description,
                    user_id=manager.id,
                )
        return complaints

    def action_handle(self):
        if self.filtered(lambda c: c.state != "open"):
            raise UserError(self.env._("Only open complaints can be taken in hand."))
        self.write({"state": "handling", "handler_id": self.env.user.id})
        return True

    def action_resolve(self):
        if self.filtered(lambda c: c.state == "resolved"):
            raise UserError(self.env._("The complaint is already resolved."))
        if self.filtered(lambda c: not (c.resolution or "").strip()):
            raise UserError(self.env._("Write the resolution before resolving the complaint."))
        self.write({"state": "resolved"})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True
