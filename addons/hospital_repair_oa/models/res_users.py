from odoo import api, fields, models
from odoo.exceptions import AccessDenied

CREDENTIAL_TYPE = "hospital_repair_oa"


class ResUsers(models.Model):
    _inherit = "res.users"

    oa_login = fields.Char(
        string="OA Login",
        copy=False,
        help="Login of this user in the hospital OA: to-dos are addressed to it "
        "and OA sign-ins are matched on it.",
    )

    _oa_login_unique = models.UniqueIndex(
        "(oa_login) WHERE oa_login IS NOT NULL", "This OA login is already used by another user."
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["oa_login"]

    @api.model
    def _hospital_oa_find_user(self, connection, identity):
        """The single active internal user the OA ``identity`` designates,
        or an empty recordset (never a guess between several)."""
        if not identity or not isinstance(identity, str):
            return self.browse()
        users = self.sudo().search(
            [(connection.user_match_field, "=", identity), ("share", "=", False)], limit=2
        )
        return users if len(users) == 1 else self.browse()

    def _check_credentials(self, credential, env):
        try:
            return super()._check_credentials(credential, env)
        except AccessDenied:
            if credential.get("type") != CREDENTIAL_TYPE:
                raise
            # the controller verified the OA identity and issued a
            # single-use ticket for exactly this user
            ticket = self.env["hospital.repair.oa.login.ticket"]._redeem(
                self.env.user, credential.get("token")
            )
            if not ticket or not self.env.user.active:
                raise
            return {
                "uid": self.env.user.id,
                "auth_method": f"oa_{ticket['method']}",
                "mfa": "default",
            }
