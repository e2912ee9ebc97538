import secrets
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.sql import SQL

from ..const import EQUIPMENT_KPI_DAYS, EQUIPMENT_REPAIR_STATES
from ..tools import qr_image_data_uri

LIFECYCLE = [
    ("draft", "Registered"),
    ("in_use", "In Use"),
    ("stopped", "Out of Service"),
    ("scrapped", "Scrapped"),
]


class MaintenanceEquipment(models.Model):
    """The equipment ledger (设备台账) of the hospital: where each asset is,
    who uses it, its life from registration to scrapping, its repair orders
    and the figures computed from them, in hours (``maintenance``'s own MTTR
    and MTBF count in days and see only ``maintenance.request``)."""

    _inherit = "maintenance.equipment"

    repair_zone_id = fields.Many2one(
        "hospital.repair.zone", string="Zone", index="btree_not_null", check_company=True,
        tracking=True)
    asset_code = fields.Char(
        copy=False, index="trigram", tracking=True,
        help="Ledger number (台账编号), unique in the hospital; from a sequence when left empty.")
    lifecycle = fields.Selection(
        LIFECYCLE, default="draft", required=True, readonly=True,
        copy=False)
    life_state = fields.Selection(
        LIFECYCLE[:2] + [("repair", "Under Repair")] + LIFECYCLE[2:],
        compute="_compute_life_state", store=True, index=True, tracking=True,
        help="The lifecycle, and Under Repair while a repair order of it is open.")
    scrap_reason = fields.Text(copy=False, tracking=True)
    repair_order_ids = fields.One2many("hospital.repair.order", "equipment_id")
    repair_order_count = fields.Integer(compute="_compute_repair_order_count", string="Repairs")
    repair_open_count = fields.Integer(
        compute="_compute_repair_order_count", string="Open Repairs")
    pm_plan_ids = fields.Many2many(
        "hospital.repair.pm.plan", string="PM Plans", compute="_compute_pm_plan_ids")
    repair_qr_token = fields.Char(
        string="QR Token", copy=False, readonly=True, index="btree_not_null",
        default=lambda self: secrets.token_urlsafe(16))

    # From our orders, in hours; refreshed daily (time passes) and whenever
    # one of its orders moves. See _compute_repair_figures.
    repair_failure_count = fields.Integer(
        string="Failures", compute="_compute_repair_figures", store=True, aggregator="sum",
        help="Repair orders of the last 180 days, preventive ones aside.")
    repair_mttr_hours = fields.Float(
        string="MTTR (h)", compute="_compute_repair_figures", store=True, aggregator="avg",
        digits=(16, 1), help="Mean time to repair: report to done, over its done repairs.")
    repair_mtbf_hours = fields.Float(
        string="MTBF (h)", compute="_compute_repair_figures", store=True, aggregator="avg",
        digits=(16, 1),
        help="Mean time between failures over the last 180 days (or since the effective "
             "date): hours in service less the hours under repair, divided by the failures.")
    repair_availability = fields.Float(
        string="Availability (%)", compute="_compute_repair_figures", store=True,
        aggregator="avg", digits=(16, 1),
        help="Share of the hours of the last 180 days (or since the effective date) not "
             "spent under repair.")

    _asset_code_company_unique = models.UniqueIndex(
        "(asset_code, company_id) WHERE asset_code IS NOT NULL",
        "This asset code is already used in the hospital.")
    _repair_qr_token_unique = models.UniqueIndex("(repair_qr_token)")

    def _init_column(self, column_name):
        if column_name != "repair_qr_token":
            return super()._init_column(column_name)
        # the equipments already there when the addon is installed: a token
        # each (a default would give them all the same one)
        self.env.cr.execute(SQL("SELECT id FROM maintenance_equipment WHERE repair_qr_token IS NULL"))
        for (equipment_id,) in self.env.cr.fetchall():
            self.env.cr.execute(SQL(
                "UPDATE maintenance_equipment SET repair_qr_token = %s WHERE id = %s",
                secrets.token_urlsafe(16), equipment_id))
        return None

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if not vals.get("asset_code"):
                company = vals.get("company_id") or self.env.company.id
                vals["asset_code"] = Sequence.with_company(company).next_by_code(
                    "hospital.repair.equipment")
        return super().create(vals_list)

    @api.depends("lifecycle", "repair_order_ids.state", "repair_order_ids.channel")
    def _compute_life_state(self):
        """The one place where an equipment is "under repair": an in-use
        equipment with an open corrective order."""
        for equipment in self:
            repairing = equipment.lifecycle == "in_use" and any(
                order.state in EQUIPMENT_REPAIR_STATES and order.channel != "preventive"
                for order in equipment.repair_order_ids.sudo()
            )
            equipment.life_state = "repair" if repairing else equipment.lifecycle

    def _compute_repair_order_count(self):
        Order = self.env["hospital.repair.order"]
        counts = dict(Order._read_group(
            [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]))
        open_counts = dict(Order._read_group(
            [("equipment_id", "in", self.ids), ("state", "in", EQUIPMENT_REPAIR_STATES)],
            ["equipment_id"], ["__count"]))
        for equipment in self:
            equipment.repair_order_count = counts.get(equipment, 0)
            equipment.repair_open_count = open_counts.get(equipment, 0)

    def _compute_pm_plan_ids(self):
        plans = self.env["hospital.repair.pm.plan"].search([("equipment_ids", "in", self.ids)])
        for equipment in self:
            equipment.pm_plan_ids = plans.filtered(lambda p, e=equipment: e in p.equipment_ids)

    def _repair_window_start(self, now):
        self.ensure_one()
        start = now - timedelta(days=EQUIPMENT_KPI_DAYS)
        if self.effective_date:
            start = max(start, datetime.combine(self.effective_date, time.min))
        return min(start, now)

    def _repair_failures(self, start):
        """The corrective orders that count as failures: reported since
        ``start``, neither preventive nor refused nor cancelled."""
        self.ensure_one()
        return self.repair_order_ids.sudo().filtered(
            lambda o: o.channel != "preventive" and o.date_reported
            and o.state not in ("draft", "rejected", "cancelled") and o.date_reported >= start)

    @api.depends(
        "effective_date", "repair_order_ids.state", "repair_order_ids.channel",
        "repair_order_ids.date_reported", "repair_order_ids.date_done")
    def _compute_repair_figures(self):
        """Over the last EQUIPMENT_KPI_DAYS days (or since the effective date):
        MTTR, the mean hours from report to done of the failures repaired;
        MTBF, the hours in service less the hours under repair (report to
        done, or to now while open), divided by the failures; availability,
        the share of those hours not under repair."""
        now = fields.Datetime.now()
        for equipment in self:
            start = equipment._repair_window_start(now)
            failures = equipment._repair_failures(start)
            window = (now - start).total_seconds() / 3600
            done = failures.filtered("date_done")
            repair_hours = [(o.date_done - o.date_reported).total_seconds() / 3600 for o in done]
            down = sum(((o.date_done or now) - o.date_reported).total_seconds() / 3600
                       for o in failures)
            down = min(down, window)
            equipment.repair_failure_count = len(failures)
            equipment.repair_mttr_hours = sum(repair_hours) / len(repair_hours) if done else 0.0
            equipment.repair_mtbf_hours = (window - down) / len(failures) if failures else 0.0
            equipment.repair_availability = 100.0 * (window - down) / window if window else 100.0

    @api.model
    def _cron_update_repair_figures(self):
        """Time passes: the figures of the equipments in service are recomputed
        once a day (orders moving recompute theirs at once)."""
        equipments = self.search(Domain("life_state", "in", ("in_use", "repair", "stopped")))
        self.env.add_to_compute(self._fields["repair_mtbf_hours"], equipments)
        equipments.flush_recordset()

    # ------------------------------------------------------------------
    # Life: registered → in use → (under repair) → out of service → scrapped
    # ------------------------------------------------------------------
    def _set_lifecycle(self, allowed, target):
        self.check_access("write")
        wrong = self.filtered(lambda e: e.lifecycle not in allowed)
        if wrong:
            state = dict(self._fields["life_state"]._description_selection(self.env))
            raise UserError(self.env._(
                "%(equipment)s cannot go from %(from)s to %(to)s.",
                equipment=wrong[0].display_name, **{"from": state[wrong[0].life_state]},
                to=state[target]))
        self.write({"lifecycle": target})

    def action_put_in_use(self):
        self._set_lifecycle(("draft", "stopped"), "in_use")
        return True

    def action_stop(self):
        self._set_lifecycle(("in_use",), "stopped")
        return True

    def action_scrap(self):
        """Scrapped (报废): with a reason, the day of it, and archived."""
        missing = self.filtered(lambda e: not (e.scrap_reason or "").strip())
        if missing:
            raise UserError(self.env._("Give the reason for scrapping %(equipment)s.",
                                       equipment=missing[0].display_name))
        if self.filtered(lambda e: e.life_state == "repair"):
            raise UserError(self.env._("Close its open repair orders before scrapping it."))
        self._set_lifecycle(("draft", "in_use", "stopped"), "scrapped")
        self.write({"scrap_date": fields.Date.context_today(self), "active": False})
        # its plans stop maintaining it; a plan left with nothing to maintain stops
        plans = self.env["hospital.repair.pm.plan"].search([("equipment_ids", "in", self.ids)])
        plans.write({"equipment_ids": [Command.unlink(e.id) for e in self]})
        plans.filtered(lambda p: not p.equipment_ids).active = False
        return True

    # ------------------------------------------------------------------
    # QR label: the report form with the equipment and its zone filled in
    # ------------------------------------------------------------------
    def action_regenerate_qr_token(self):
        for equipment in self:
            equipment.repair_qr_token = secrets.token_urlsafe(16)
        return True

    def _get_qr_url(self):
        self.ensure_one()
        if not self.repair_qr_token:
            return False
        return f"{self.get_base_url()}/repair/qr/{self.repair_qr_token}"

    def _get_qr_image_data_uri(self):
        self.ensure_one()
        return qr_image_data_uri(self.env, self._get_qr_url())

    def action_view_repair_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_repair.hospital_repair_order_action")
        action.update(domain=[("equipment_id", "=", self.id)], context={
            "default_equipment_id": self.id, "default_zone_id": self.repair_zone_id.id})
        return action
