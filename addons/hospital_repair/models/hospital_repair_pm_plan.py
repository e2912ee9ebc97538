import logging
from datetime import timedelta

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import mute_logger

from ..tools import transition_writes, try_lock

_logger = logging.getLogger(__name__)

INTERVAL_TYPES = [("days", "Days"), ("weeks", "Weeks"), ("months", "Months"), ("years", "Years")]


class HospitalRepairPmPlan(models.Model):
    """A preventive maintenance plan (PM 计划): every ``interval`` from the
    start date, or from the last completion, a ``preventive`` work order
    for its equipments or its zone, with its checklist.

    ``date_next`` is the due date of the next order: stored, and moved only
    by ``_generate_orders`` (the daily cron) and by the order's completion
    for plans counted from it. One order per plan and due date: a unique key
    of the order, so that two cron nodes or a rerun never double it."""

    _name = "hospital.repair.pm.plan"
    _description = "Preventive Maintenance Plan"
    _inherit = ["mail.thread"]
    _order = "date_next, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    equipment_ids = fields.Many2many(
        "maintenance.equipment", string="Equipments", check_company=True,
        help="Leave empty for a place without a ledger item (配电房, 水泵房).")
    zone_id = fields.Many2one(
        "hospital.repair.zone", required=True, check_company=True, tracking=True,
        compute="_compute_zone_id", store=True, readonly=False, precompute=True)
    category_id = fields.Many2one(
        "hospital.repair.category", required=True, check_company=True, tracking=True)
    template_id = fields.Many2one(
        "hospital.repair.checklist.template", string="Checklist", check_company=True)
    description = fields.Text(help="What the worker does; the order's description.")
    interval_number = fields.Integer(string="Every", default=1, required=True, tracking=True)
    interval_type = fields.Selection(
        INTERVAL_TYPES, string="Interval Unit", default="months", required=True, tracking=True)
    schedule_mode = fields.Selection(
        [("schedule", "From the schedule"), ("completion", "From the last completion")],
        string="Counted", default="schedule", required=True, tracking=True,
        help="From the schedule: fixed dates from the start date, whenever the work is "
             "done. From the last completion: the next date counts from the day the last "
             "order was done, and no order is created while the previous one is open.")
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    lead_days = fields.Integer(
        default=0,
        help="Days before the due date on which the order is created (its SLA clock "
             "starts then, as for any order).")
    date_next = fields.Date(string="Next Due Date", readonly=True, copy=False, index=True)
    order_ids = fields.One2many("hospital.repair.order", "pm_plan_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count", )

    _interval_positive = models.Constraint(
        "CHECK (interval_number > 0 AND lead_days >= 0)",
        "The interval must be positive and the lead days cannot be negative.",
    )

    @api.depends("equipment_ids")
    def _compute_zone_id(self):
        for plan in self:
            if not plan.zone_id and plan.equipment_ids:
                plan.zone_id = plan.equipment_ids[:1].repair_zone_id

    def _compute_order_count(self):
        counts = dict(self.env["hospital.repair.order"]._read_group(
            [("pm_plan_id", "in", self.ids)], ["pm_plan_id"], ["__count"]))
        for plan in self:
            plan.order_count = counts.get(plan, 0)

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        for plan in plans:
            plan.date_next = plan.date_start
        return plans

    def write(self, vals):
        res = super().write(vals)
        if {"date_start", "interval_number", "interval_type", "schedule_mode"} & set(vals):
            # a plan without orders yet starts again from its (new) start
            for plan in self.filtered(lambda p: not p.order_ids):
                plan.date_next = plan.date_start
        return res

    @api.constrains("equipment_ids", "zone_id")
    def _check_equipment_ids(self):
        for plan in self:
            if plan.equipment_ids.filtered(lambda e: e.life_state == "scrapped"):
                raise ValidationError(self.env._("A scrapped equipment needs no maintenance."))

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------
    def _step(self, count=1):
        self.ensure_one()
        return relativedelta(**{self.interval_type: self.interval_number * count})

    def _next_date_after(self, due):
        """The due date after ``due``: counted from the start date (the n-th
        date of the schedule, so that Jan 31 + 1 month gives Feb 28 then
        Mar 31), or from the completion for plans counted from it."""
        self.ensure_one()
        if self.schedule_mode == "completion":
            return due + self._step()
        count = 1
        while self.date_start + self._step(count) <= due:
            count += 1
        return self.date_start + self._step(count)

    def _last_order(self):
        self.ensure_one()
        return self.order_ids.sorted(lambda o: (o.pm_date_due, o.id))[-1:]

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    def _is_due(self, today):
        self.ensure_one()
        return bool(self.date_next) and self.date_next - timedelta(days=self.lead_days) <= today

    def _generate_orders(self, today=None):
        """Create the orders due by ``today`` (lead days included); returns
        them. Safe to run twice, or on two nodes at once: a plan another
        transaction is handling is skipped, and the unique key (plan, due
        date) of the order refuses a double."""
        orders = self.env["hospital.repair.order"]
        for plan in self.sudo().filtered("active"):
            if not try_lock(plan):
                continue  # another cron run is on it
            plan.invalidate_recordset(["date_next"])
            plan._sync_next_date()
            while plan._is_due(today or plan.company_id._get_repair_today()):
                if plan.schedule_mode == "completion" and plan._last_order()._pm_is_open():
                    break  # the previous one is not done: no second order
                order = plan._create_order(plan.date_next)
                if order is None:
                    break  # created meanwhile by someone else
                orders |= order
                if plan.schedule_mode == "completion":
                    break  # the next date counts from the completion
                plan.date_next = plan._next_date_after(plan.date_next)
        return orders

    def _order_values(self, due):
        self.ensure_one()
        # the cron writes the order in the hospital's words
        words = self.with_context(lang=self.company_id._get_repair_lang() or self.env.lang).env
        equipment = self.equipment_ids if len(self.equipment_ids) == 1 else self.equipment_ids[:0]
        names = "、".join(self.equipment_ids.mapped("name"))
        return {
            "company_id": self.company_id.id,
            "channel": "preventive",
            "zone_id": self.zone_id.id,
            "category_id": self.category_id.id,
            "equipment_id": equipment.id,
            "description": self.description or words._(
                "Preventive maintenance %(plan)s: %(what)s", plan=self.name,
                what=names or self.zone_id.complete_name),
            "reporter_id": self.env.ref("base.user_root").id,
            "reporter_name": words._("PM plan %(plan)s", plan=self.name),
            # 08:00 at the hospital on the due day
            "appointment_date": max(self.company_id._get_repair_datetime(due, 8),
                                    fields.Datetime.now()),
            "pm_plan_id": self.id,
            "pm_date_due": due,
        }

    def _checklist_values(self):
        self.ensure_one()
        if not self.template_id:
            return []
        if not self.equipment_ids:
            return self.template_id._line_values()
        return [vals for equipment in self.equipment_ids
                for vals in self.template_id._line_values(equipment)]

    def _create_order(self, due):
        """The order of ``due``, through the order's create and transitions
        (submitted, accepted, dispatched to the zone's worker: its SLA starts
        there); None when that order exists already."""
        self.ensure_one()
        Order = self.env["hospital.repair.order"].sudo()
        vals = self._order_values(due)
        vals["checklist_line_ids"] = [(0, 0, line) for line in self._checklist_values()]
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(), transition_writes():
                order = Order.create(vals)
        except psycopg2.errors.UniqueViolation:
            _logger.info("PM plan %s: the order due %s exists already", self.id, due)
            return None
        order._action_submit()
        order.filtered(lambda o: o.state == "submitted")._action_accept()
        return order

    def _sync_next_date(self):
        """Plans counted from the completion: once their last order is done
        (or cancelled), the next date counts from the day it was done (or
        from its due date). Called by the cron and by the order's finish."""
        for plan in self.filtered(lambda p: p.schedule_mode == "completion"):
            last = plan._last_order()
            if not last or last._pm_is_open() or plan.date_next != last.pm_date_due:
                continue
            done = last.date_done and plan.company_id._get_repair_today(last.date_done)
            plan.date_next = (done or last.pm_date_due) + plan._step()

    @api.model
    def _cron_generate_orders(self):
        plans = self.search(Domain("date_next", "!=", False))
        due = plans.filtered(lambda p: p._is_due(p.company_id._get_repair_today()))
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(due))
        for plan in due:
            plan._generate_orders()
            cron._commit_progress(1)

    def action_generate_orders(self):
        """Create the orders due now (the button of the plan form)."""
        self.check_access("write")
        orders = self._generate_orders()
        return orders._get_records_action(name=self.env._("Orders Created")) if orders else True

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_repair.hospital_repair_order_action")
        action.update(domain=[("pm_plan_id", "=", self.id)], context={})
        return action

    @api.model
    def _demo_generate(self):
        # imported here: the generator is demo-only code, never loaded otherwise
        from ..demo import hospital_repair_equipment_demo

        return hospital_repair_equipment_demo.generate(self.env)
