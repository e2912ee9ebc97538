import base64
import secrets

from odoo import api, fields, models


class HospitalRepairZone(models.Model):
    """A place of the hospital (campus > building > floor > area).

    The zone answers "who is responsible here?": the nearest zone up the
    tree that has a worker, so a building's worker covers its floors unless a
    floor names its own.
    """

    _name = "hospital.repair.zone"
    _description = "Repair Zone"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True, index="trigram"
    )
    zone_type = fields.Selection(
        [
            ("campus", "Campus"),
            ("building", "Building"),
            ("floor", "Floor"),
            ("area", "Area"),
        ],
        required=True,
        default="area",
    )
    parent_id = fields.Many2one(
        "hospital.repair.zone", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("hospital.repair.zone", "parent_id")
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Worker",
        domain="[('share', '=', False)]",
    )
    backup_user_id = fields.Many2one(
        "res.users", string="Backup Worker", domain="[('share', '=', False)]"
    )
    qr_token = fields.Char(
        string="QR Token",
        copy=False,
        readonly=True,
        index="btree_not_null",
        default=lambda self: secrets.token_urlsafe(16),
    )
    note = fields.Text()

    _qr_token_unique = models.UniqueIndex("(qr_token)")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for zone in self:
            if zone.parent_id:
                zone.complete_name = f"{zone.parent_id.complete_name} / {zone.name}"
            else:
                zone.complete_name = zone.name

    def _get_responsible_user(self):
        """The worker who takes an order here now: the nearest zone up the
        tree that names a worker gives its worker, or its backup when the
        worker is absent; an empty recordset when nobody is responsible."""
        self.ensure_one()
        zone = self
        while zone:
            if zone.user_id:
                return zone.user_id
            zone = zone.parent_id
        return self.env["res.users"]

    # -- QR codes of on-site reporting (issue 14) -----------------------
    def action_regenerate_qr_token(self):
        """New token: labels already on the walls stop working (stolen or
        misplaced labels), new ones must be printed."""
        for zone in self:
            zone.qr_token = secrets.token_urlsafe(16)
        return True

    def action_revoke_qr_token(self):
        self.write({"qr_token": False})
        return True

    def _get_qr_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/repair/qr/{self.qr_token}" if self.qr_token else False

    def _get_qr_image_data_uri(self):
        """The QR of the zone's URL as a data URI, embedded in the label PDF
        so that wkhtmltopdf has nothing to fetch."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._get_qr_url(), width=400, height=400
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()
