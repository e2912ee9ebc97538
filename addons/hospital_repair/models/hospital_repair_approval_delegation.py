from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class HospitalRepairApprovalDelegation(models.Model):
    """An approver's substitute for a period (leave, business trip): the
    approval steps resolved in the period go to the substitute, and the
    chatter says for whom they act. Steps already created keep their
    approver."""

    _name = "hospital.repair.approval.delegation"
    _description = "Repair Approval Delegation"
    _order = "date_from desc, id desc"
    _rec_names_search = ["user_id", "substitute_id"]

    user_id = fields.Many2one(
        "res.users", string="Approver", required=True, index=True,
        default=lambda self: self.env.user, ondelete="cascade",
    )
    substitute_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade",
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True)
    active = fields.Boolean(default=True)
    note = fields.Char(string="Reason")

    _dates_check = models.Constraint(
        "CHECK (date_from <= date_to)",
        "A delegation cannot end before it starts.",
    )

    @api.depends("user_id", "substitute_id")
    def _compute_display_name(self):
        for delegation in self:
            delegation.display_name = _(
                "%(approver)s → %(substitute)s",
                approver=delegation.user_id.name or "",
                substitute=delegation.substitute_id.name or "",
            )

    @api.constrains("user_id", "substitute_id")
    def _check_substitute(self):
        for delegation in self:
            if delegation.user_id == delegation.substitute_id:
                raise ValidationError(_("An approver cannot be their own substitute."))

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            # Record rules are checked on the records as they were before the
            # write: the approver they name now must pass them too, as on
            # create (a requester manages their own delegations only), for
            # the real user, sudo or not.
            self.sudo(False).check_access("write")
        return res

    @api.model
    def _get_substitute(self, user, date=None):
        """Who approves for ``user`` on ``date`` (today by default): the
        substitute of an active delegation, followed while substitutes are
        away too; ``user`` when nobody replaces them."""
        date = date or fields.Date.context_today(self)
        seen = user
        while True:
            # sudo: delegations are personal records, but every submission
            # must see them to route its steps.
            delegation = self.sudo().search(
                Domain("user_id", "=", user.id)
                & Domain("date_from", "<=", date)
                & Domain("date_to", ">=", date)
                & Domain("substitute_id.active", "=", True),
                limit=1,
            )
            substitute = delegation.substitute_id.sudo(False)
            if not substitute or substitute in seen:
                return user
            seen |= substitute
            user = substitute
