import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models


class HospitalRepairOaLoginTicket(models.Model):
    """Single-use key handed to Odoo's session authentication once an OA
    identity has been verified, so the login goes through
    ``res.users._check_credentials`` like any other."""

    _name = "hospital.repair.oa.login.ticket"
    _description = "OA Sign-in Ticket"
    _log_access = False

    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    key_hash = fields.Char(required=True, index=True)
    method = fields.Char(required=True)
    connection_id = fields.Many2one("hospital.repair.oa.connection", ondelete="cascade")
    expires_at = fields.Datetime(required=True)

    @api.model
    def _issue(self, user, method, connection):
        key = secrets.token_urlsafe(32)
        self.sudo().create({
            "user_id": user.id,
            "key_hash": hashlib.sha256(key.encode()).hexdigest(),
            "method": method,
            "connection_id": connection.id,
            "expires_at": fields.Datetime.now() + timedelta(seconds=60),
        })
        return key

    @api.model
    def _redeem(self, user, key):
        """Consume the ticket of ``user`` matching ``key``; empty if none."""
        if not key or not isinstance(key, str):
            return {}
        ticket = self.sudo().search([
            ("user_id", "=", user.id),
            ("key_hash", "=", hashlib.sha256(key.encode()).hexdigest()),
            ("expires_at", ">=", fields.Datetime.now()),
        ], limit=1)
        result = ticket.read(["method", "connection_id"]) if ticket else []
        ticket.unlink()
        return result[0] if result else {}

    @api.autovacuum
    def _gc_expired(self):
        self.sudo().search([("expires_at", "<", fields.Datetime.now())]).unlink()
