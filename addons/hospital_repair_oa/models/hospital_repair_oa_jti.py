from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class HospitalRepairOaJti(models.Model):
    """Identifiers of the signed tokens already used, so a token copied from
    a browser history or a proxy log cannot sign anybody in again."""

    _name = "hospital.repair.oa.jti"
    _description = "Used OA Token Identifier"
    _log_access = False

    connection_id = fields.Many2one("hospital.repair.oa.connection", required=True, ondelete="cascade")
    jti = fields.Char(required=True)
    expires_at = fields.Datetime(required=True, index=True)

    _jti_unique = models.UniqueIndex("(connection_id, jti)")

    @api.model
    def _consume(self, connection, jti, expires_at):
        """Record ``jti``; False when it was already there (a replay). The
        unique index makes this safe between concurrent requests."""
        self.env.cr.execute(SQL(
            """INSERT INTO hospital_repair_oa_jti (connection_id, jti, expires_at)
               VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING id""",
            connection.id, jti, expires_at,
        ))
        return bool(self.env.cr.fetchone())

    @api.autovacuum
    def _gc_expired(self):
        # a token is refused once expired anyway: its jti is no longer needed
        self.search([("expires_at", "<", fields.Datetime.now() - timedelta(hours=1))]).unlink()
