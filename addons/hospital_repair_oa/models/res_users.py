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

    @api.model
    def _hospital_oa_create_user(self, connection, identity, claims):
        """Internal user for an OA identity, only when the connection's
        setting allows it; starts as a repair requester."""
        email = claims.get("email") if isinstance(claims.get("email"), str) else False
        name = claims.get("name") if isinstance(claims.get("name"), str) else identity
        company = connection.company_id or self.env.ref("base.main_company")
        vals = {
            "name": name,
            "company_id": company.id,
            "company_ids": [fields.Command.link(company.id)],
            "login": identity,
            "email": email,
            "group_ids": [
                fields.Command.link(self.env.ref("base.group_user").id),
                fields.Command.link(self.env.ref("hospital_repair.group_repair_requester").id),
            ],
        }
        if connection.user_match_field in ("oa_login", "email"):
            vals[connection.user_match_field] = identity
        if connection.user_match_field == "oa_login" and email:
            vals["login"] = email
        if self.sudo().search_count([("login", "=", vals["login"])]):
            return self.browse()
        return self.sudo().with_context(no_reset_password=True).create(vals)

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
