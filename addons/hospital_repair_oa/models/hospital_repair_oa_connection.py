import logging
from urllib.parse import urlencode, urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..adapters import ADAPTERS, OaDeliveryError

_logger = logging.getLogger(__name__)


class HospitalRepairOaConnection(models.Model):
    """One hospital OA: how its users sign in here and where their approval
    to-dos are pushed."""

    _name = "hospital.repair.oa.connection"
    _description = "OA Connection"
    _order = "sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    user_match_field = fields.Selection(
        [("oa_login", "OA Login"), ("login", "Login"), ("email", "Email")],
        string="Match Users On",
        default="oa_login",
        required=True,
        help="Field of the users compared with the identity the OA sends "
        "(JWT subject, CAS user, OpenID claim).",
    )
    allowed_hosts = fields.Text(
        help="Hosts (host or host:port, one a line) this connection may call: "
        "the OA to-do API, the identity provider, the CAS server. Any other host is refused."
    )

    # Signed-token link (/hospital_repair_oa/sso)
    jwt_enabled = fields.Boolean(string="Signed-Token Link")
    jwt_issuer = fields.Char(string="Token Issuer (iss)")
    jwt_audience = fields.Char(string="Token Audience (aud)")
    jwt_algorithm = fields.Selection(
        [("HS256", "HS256 (shared secret)"), ("RS256", "RS256 (public key)")],
        string="Token Algorithm",
        default="HS256",
    )
    jwt_secret = fields.Char(string="Shared Secret", groups="base.group_system")
    jwt_public_key = fields.Text(string="Public Key (PEM)", groups="base.group_system")

    # To-do push
    push_enabled = fields.Boolean(string="Push Approval To-dos")
    adapter = fields.Selection(
        [("webhook", "Generic JSON Webhook (Standard Webhooks)")],
        default="webhook",
        required=True,
    )
    push_url = fields.Char(string="To-do API URL")
    webhook_secret = fields.Char(
        groups="base.group_system", help="Standard Webhooks secret, whsec_<base64>."
    )
    timeout = fields.Integer(string="Timeout (s)", default=10)
    max_attempts = fields.Integer(default=8, help="Failed attempts before a message is dead.")
    retry_delay = fields.Integer(
        string="First Retry Delay (s)", default=60, help="Doubled after each failure, up to 6 hours."
    )
    link_entry = fields.Selection(
        [("none", "Direct Link")],
        string="To-do Link Sign-in",
        default="none",
        required=True,
        help="How the link carried by a to-do signs the approver in before opening the approval.",
    )
    admin_user_id = fields.Many2one(
        "res.users",
        string="Administrator",
        default=lambda self: self.env.ref("base.user_admin", raise_if_not_found=False),
        help="Gets an activity when a message cannot be delivered.",
    )
    message_ids = fields.One2many("hospital.repair.oa.message", "connection_id")
    message_dead_count = fields.Integer(compute="_compute_message_counts")
    message_pending_count = fields.Integer(compute="_compute_message_counts")

    _jwt_issuer_unique = models.UniqueIndex(
        "(jwt_issuer) WHERE jwt_enabled AND active",
        "Another active connection already uses this token issuer.",
    )

    def _compute_message_counts(self):
        groups = self.env["hospital.repair.oa.message"]._read_group(
            [("connection_id", "in", self.ids), ("state", "in", ("pending", "dead"))],
            ["connection_id", "state"],
            ["__count"],
        )
        counts = {(conn.id, state): count for conn, state, count in groups}
        for conn in self:
            conn.message_dead_count = counts.get((conn.id, "dead"), 0)
            conn.message_pending_count = counts.get((conn.id, "pending"), 0)

    @api.constrains("jwt_enabled", "jwt_issuer", "jwt_audience", "jwt_algorithm")
    def _check_jwt(self):
        for conn in self.filtered("jwt_enabled"):
            if not (conn.jwt_issuer and conn.jwt_audience and conn.jwt_algorithm):
                raise ValidationError(
                    self.env._("A signed-token link needs an issuer, an audience and an algorithm.")
                )

    @api.constrains("push_enabled", "push_url", "allowed_hosts", "max_attempts", "timeout")
    def _check_push(self):
        for conn in self.filtered("push_enabled"):
            if not conn.push_url:
                raise ValidationError(self.env._("Pushing to-dos needs the OA to-do API URL."))
            conn._check_url_allowed(conn.push_url)
            if conn.max_attempts < 1 or conn.timeout < 1:
                raise ValidationError(
                    self.env._("Maximum attempts and timeout must be at least 1.")
                )

    def _allowed_host_set(self):
        self.ensure_one()
        return {
            line.strip().lower()
            for line in (self.allowed_hosts or "").splitlines()
            if line.strip()
        }

    def _check_url_allowed(self, url):
        """Refuse any outgoing URL whose host is not on the allow-list, so a
        wrong (or malicious) setting cannot make the server call elsewhere."""
        self.ensure_one()
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(self.env._("%(url)s is not an http(s) URL.", url=url))
        host = parts.hostname.lower()
        allowed = self._allowed_host_set()
        if host not in allowed and f"{host}:{parts.port}" not in allowed:
            raise ValidationError(
                self.env._(
                    "The host %(host)s is not on the allowed hosts of the OA connection %(name)s.",
                    host=host,
                    name=self.name,
                )
            )

    def _get_adapter(self):
        self.ensure_one()
        return ADAPTERS[self.adapter](self.sudo())

    def _approval_link(self, approval):
        """Absolute link opening the approval's order, through the sign-in
        entry the OA users have."""
        self.ensure_one()
        base = self.get_base_url()
        path = f"/odoo/hospital.repair.order/{approval.order_id.id}"
        if self.link_entry == "none":
            return base + path
        return f"{base}/hospital_repair_oa/{self.link_entry}?" + urlencode(
            {"connection": self.id, "redirect": path}
        )

    def action_test_connection(self):
        self.ensure_one()
        if not self.push_enabled:
            raise UserError(self.env._("Pushing to-dos is not enabled on this connection."))
        try:
            self._get_adapter().test()
        except (OaDeliveryError, ValidationError) as exc:
            raise UserError(self.env._("The OA did not answer as expected: %s", exc)) from exc
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The OA answered correctly."),
                "sticky": False,
            },
        }

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_repair_oa.hospital_repair_oa_message_action"
        )
        action["domain"] = [("connection_id", "=", self.id)]
        action["context"] = {"default_connection_id": self.id}
        return action
