import re
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..tools import qr_image_data_uri


class HospitalRepairZone(models.Model):
    """A place of the hospital (campus > building > floor > area).

    The zone answers "who is responsible here, now?": the nearest zone up the
    tree that has a worker, so a building's worker covers its floors unless a
    floor names its own; when that worker is absent (archived, or on leave in
    the resource calendar) the zone's backup takes over.
    """

    _name = "hospital.repair.zone"
    _description = "Repair Zone"
    _parent_store = True
    # tree order, each level by sequence then name with its numbers compared
    # as numbers: B1, 1F, 2F … 12F, as people count floors
    _order = "sort_key, id"
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
    sort_key = fields.Char(
        compute="_compute_sort_key", recursive=True, store=True, index=True,
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
    effective_user_id = fields.Many2one(
        "res.users",
        string="Covered By",
        compute="_compute_effective_user_id",
        recursive=True,
        help="The worker named here or, when none is, on the nearest zone above.",
    )
    qr_token = fields.Char(
        string="QR Token",
        copy=False,
        readonly=True,
        index="btree_not_null",
        default=lambda self: secrets.token_urlsafe(16),
    )
    note = fields.Text()
    order_count = fields.Integer(compute="_compute_order_count", string="Orders")

    _qr_token_unique = models.UniqueIndex("(qr_token)")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for zone in self:
            if zone.parent_id:
                zone.complete_name = f"{zone.parent_id.complete_name} / {zone.name}"
            else:
                zone.complete_name = zone.name

    @api.depends("name", "sequence", "parent_id.sort_key")
    def _compute_sort_key(self):
        for zone in self:
            name = re.sub(r"\d+", lambda m: m.group().zfill(6), zone.name or "")
            own = f"{max(zone.sequence, 0):06d}{name}"
            zone.sort_key = f"{zone.parent_id.sort_key}/{own}" if zone.parent_id else own

    @api.depends("user_id", "parent_id.effective_user_id")
    def _compute_effective_user_id(self):
        for zone in self:
            zone.effective_user_id = zone.user_id or zone.parent_id.effective_user_id

    def _compute_order_count(self):
        counts = dict(
            self.env["hospital.repair.order"]._read_group(
                [("zone_id", "in", self.ids)], ["zone_id"], ["__count"]
            )
        )
        for zone in self:
            zone.order_count = counts.get(zone, 0)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A zone cannot be inside itself."))

    @api.constrains("user_id", "backup_user_id")
    def _check_backup_user_id(self):
        for zone in self:
            if zone.backup_user_id and zone.backup_user_id == zone.user_id:
                raise ValidationError(
                    _("The backup of %(zone)s must be another worker.",
                      zone=zone.complete_name)
                )

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "backup_user_id", "parent_id", "active"} & set(vals):
            self._invalidate_covered_zones()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        zones = super().create(vals_list)
        if any(vals.get("user_id") or vals.get("backup_user_id") for vals in vals_list):
            self._invalidate_covered_zones()
        return zones

    def _invalidate_covered_zones(self):
        # the workers' record rule reads the zones they cover: drop the cached
        # rule domains and the users' computed zones
        self.env["res.users"].invalidate_model(["repair_covered_zone_ids"])
        self.env.registry.clear_cache()

    def _get_ancestors_nearest_first(self):
        self.ensure_one()
        ids = [int(i) for i in (self.parent_path or f"{self.id}/").split("/") if i]
        return self.browse(reversed(ids)).with_prefetch(ids)

    def _get_responsible_user(self, at=None):
        """The worker who takes an order here at ``at`` (default: now).

        Walks up from this zone; at the first zone naming a worker, that worker
        answers unless absent, then that zone's backup unless absent too; when
        both are absent the walk goes on upwards (the building's crew covers a
        floor whose own crew is away). An empty recordset means nobody: the
        order stays unassigned and the desk dispatches it by hand.
        """
        self.ensure_one()
        at = at or fields.Datetime.now()
        candidates = []
        for zone in self.sudo()._get_ancestors_nearest_first():
            if zone.user_id:
                candidates.append(zone.user_id)
                if zone.backup_user_id:
                    candidates.append(zone.backup_user_id)
        if not candidates:
            return self.env["res.users"]
        users = self.env["res.users"].union(*candidates)
        absent = users._hospital_repair_absent_at(at)
        for user in candidates:
            if user not in absent:
                return user.with_env(self.env)
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
        return qr_image_data_uri(self.env, self._get_qr_url())
    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_repair.hospital_repair_order_action"
        )
        action["domain"] = Domain("zone_id", "child_of", self.id)
        action["context"] = {"default_zone_id": self.id}
        return action
