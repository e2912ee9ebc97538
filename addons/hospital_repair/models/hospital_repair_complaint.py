import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..const import MAX_PHOTO_SIZE
from ..tools import in_transition, transition_writes

# The complainant's words: never rewritten once sent, by anyone. The desk
# and the managers write the handling (handler, resolution); the state moves
# through action_handle / action_resolve only.
CONTENT_FIELDS = frozenset({"order_id", "partner_id", "description", "photo", "company_id"})


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
    def _complaint_refusal(self, order):
        """Why the current user cannot complain about ``order``, as the
        exception to raise; None when they can: its reporter or the leader of
        its department, who may read it. The portal's button and ``_submit``
        ask it; for any other caller the record rules and ``create`` hold the
        same."""
        order.ensure_one()
        order = order.with_env(self.env)
        # the real user reads the order, and the rights table (const.RIGHTS)
        # says who complains: its reporter or the leader of its department
        if not order.sudo(False).has_access("read"):
            return AccessError(self.env._("You cannot read %(order)s.", order=order.sudo().name))
        refusal = order._get_refusal("complain")
        return AccessError(refusal) if refusal else None

    @api.model
    def _submit(self, order, description, photo=None):
        """The current user complains about ``order``, with an optional photo
        (its bytes); the rights are checked for the real user, even in
        superuser mode."""
        order.ensure_one()
        refusal = self._complaint_refusal(order)
        if refusal:
            raise refusal
        if not (description or "").strip():
            raise ValidationError(self.env._("Describe what you complain about."))
        if photo and (not guess_mimetype(photo).startswith("image/") or len(photo) > MAX_PHOTO_SIZE):
            raise ValidationError(self.env._(
                "The photo must be an image of at most %(size)s MB.",
                size=MAX_PHOTO_SIZE // (1024 * 1024)))
        return self.create({
            "order_id": order.id,
            "partner_id": self.env.user.partner_id.id,
            "description": description.strip(),
            "photo": base64.b64encode(photo) if photo else False,
        })

    @api.model_create_multi
    def create(self, vals_list):
        # Who may complain about which order is the record rules' (its
        # reporter or department leader); here, for every caller: in one's own
        # name (set explicitly, so that no default_partner_id in the context
        # wins), about an order one may read, and never born handled.
        partner_id = self.env.user.partner_id.id
        if any(vals.get("partner_id", partner_id) != partner_id for vals in vals_list):
            raise AccessError(self.env._("You can complain only in your own name."))
        vals_list = [dict(vals, partner_id=partner_id) for vals in vals_list]
        complaints = super().create(vals_list)
        complaints.order_id.sudo(False).check_access("read")
        # checked on the records, so that context defaults count too
        if complaints.filtered(lambda c: c.state != "open" or c.handler_id or c.resolution):
            raise AccessError(self.env._(
                "A complaint is handled by the service desk once it is sent."))
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

    def write(self, vals):
        if CONTENT_FIELDS.intersection(vals):
            raise AccessError(self.env._("What a complaint says is never changed."))
        if "state" in vals and not in_transition():
            raise AccessError(self.env._(
                "A complaint is taken in hand and resolved with its buttons."))
        return super().write(vals)

    def _check_can_handle(self):
        # Handling is the desk's and managers': those who may write the
        # complaints (access rights and record rules, for the real user).
        self.sudo(False).check_access("write")

    def action_handle(self):
        self._check_can_handle()
        if self.filtered(lambda c: c.state != "open"):
            raise UserError(self.env._("Only open complaints can be taken in hand."))
        # sudo and a transition: the state is refused in write(); checked above
        with transition_writes():
            self.sudo().write({"state": "handling", "handler_id": self.env.user.id})
        return True

    def action_resolve(self):
        self._check_can_handle()
        if self.filtered(lambda c: c.state == "resolved"):
            raise UserError(self.env._("The complaint is already resolved."))
        if self.filtered(lambda c: not (c.resolution or "").strip()):
            raise UserError(self.env._("Write the resolution before resolving the complaint."))
        # sudo and a transition: the state is refused in write(); checked above
        with transition_writes():
            self.sudo().write({"state": "resolved"})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True
