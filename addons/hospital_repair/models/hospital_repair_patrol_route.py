import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HospitalRepairPatrolRoute(models.Model):
    """A patrol route (巡检路线): checkpoints in order, walked by one worker
    on the days of its frequency (配电房 twice a week, 电梯 every day). A
    cron creates each day's round; a round not finished by ``hour_due``
    (local time) is missed."""

    _name = "hospital.repair.patrol.route"
    _description = "Patrol Route"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one(
        "res.users", string="Worker", required=True, tracking=True,
        domain="[('share', '=', False)]")
    checkpoint_ids = fields.One2many(
        "hospital.repair.patrol.checkpoint", "route_id", string="Checkpoints", copy=True)
    template_id = fields.Many2one(
        "hospital.repair.checklist.template", string="Default Checklist", check_company=True,
        help="The checklist of the checkpoints that name none of their own.")
    mon = fields.Boolean(string="Monday", default=True)
    tue = fields.Boolean(string="Tuesday", default=True)
    wed = fields.Boolean(string="Wednesday", default=True)
    thu = fields.Boolean(string="Thursday", default=True)
    fri = fields.Boolean(string="Friday", default=True)
    sat = fields.Boolean(string="Saturday")
    sun = fields.Boolean(string="Sunday")
    hour_due = fields.Float(
        string="Finish By", default=17.0, help="Local time by which the round must be done.")
    round_ids = fields.One2many("hospital.repair.patrol.round", "route_id", string="Rounds")
    frequency = fields.Char(compute="_compute_frequency")

    @api.depends(*WEEKDAYS)
    def _compute_frequency(self):
        labels = {day: self._fields[day]._description_string(self.env) for day in WEEKDAYS}
        for route in self:
            days = [day for day in WEEKDAYS if route[day]]
            route.frequency = (self.env._("Every day") if len(days) == 7
                               else ", ".join(labels[day] for day in days))

    @api.constrains("hour_due")
    def _check_hour_due(self):
        for route in self:
            if not 0 < route.hour_due <= 24:
                raise ValidationError(self.env._("Finish by an hour of the day (0-24)."))

    def _runs_on(self, day):
        self.ensure_one()
        return bool(self[WEEKDAYS[day.weekday()]])

    def _deadline(self, day):
        """The UTC time by which the round of ``day`` must be done: its hour
        at the hospital (the worker's and the cron's user's zones may differ)."""
        self.ensure_one()
        return self.company_id._get_repair_datetime(day, self.hour_due)

    def _create_rounds(self, day):
        """The rounds of ``day`` of the routes that run that day, once: the
        unique key (route, date) refuses a second one, from a rerun or
        another node."""
        Round = self.env["hospital.repair.patrol.round"].sudo()
        rounds = Round.browse()
        for route in self.sudo().filtered(lambda r: r.active and r._runs_on(day)):
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    rounds |= Round.create({"route_id": route.id, "date": day})
            except psycopg2.errors.UniqueViolation:
                continue
        return rounds

    @api.model
    def _cron_patrol(self):
        """Hourly: today's rounds, then the rounds whose time is up."""
        Round = self.env["hospital.repair.patrol.round"]
        routes = self.sudo().search([])
        for company in routes.company_id:
            today = company._get_repair_today()
            existing = Round.sudo().search([("company_id", "=", company.id),
                                            ("date", "=", today)]).route_id
            (routes.filtered(lambda r, c=company: r.company_id == c) - existing)._create_rounds(today)
        Round._flag_missed()


class HospitalRepairPatrolCheckpoint(models.Model):
    _name = "hospital.repair.patrol.checkpoint"
    _description = "Patrol Checkpoint"
    _order = "route_id, sequence, id"
    _check_company_auto = True

    route_id = fields.Many2one(
        "hospital.repair.patrol.route", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="route_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    equipment_id = fields.Many2one("maintenance.equipment", check_company=True)
    zone_id = fields.Many2one(
        "hospital.repair.zone", check_company=True, compute="_compute_zone_id", store=True,
        readonly=False, precompute=True,
        help="Scan the zone's QR code here, or the equipment's when there is one.")
    template_id = fields.Many2one(
        "hospital.repair.checklist.template", string="Checklist", check_company=True)
    category_id = fields.Many2one(
        "hospital.repair.category", required=True, check_company=True,
        help="The category of the orders reported from this checkpoint.")
    name = fields.Char(compute="_compute_name")

    @api.depends("equipment_id")
    def _compute_zone_id(self):
        for checkpoint in self:
            if checkpoint.equipment_id.repair_zone_id:
                checkpoint.zone_id = checkpoint.equipment_id.repair_zone_id

    @api.depends("equipment_id", "zone_id")
    def _compute_name(self):
        for checkpoint in self:
            checkpoint.name = checkpoint.equipment_id.name or checkpoint.zone_id.complete_name

    @api.constrains("equipment_id", "zone_id")
    def _check_place(self):
        for checkpoint in self:
            if not checkpoint.zone_id:
                raise ValidationError(self.env._("A checkpoint is a zone or an equipment in a zone."))
