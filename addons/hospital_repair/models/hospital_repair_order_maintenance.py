from odoo import api, fields, models
from odoo.exceptions import UserError


class HospitalRepairOrderMaintenance(models.AbstractModel):
    """What preventive maintenance and patrols add to
    ``hospital.repair.order`` (its only heir): where a ``preventive`` or
    ``patrol`` order comes from, its checklist, and the one rule the
    checklist adds to the transitions (no finishing while a required check
    is empty), given through the rights' refusal machinery."""

    _name = "hospital.repair.order.maintenance"
    _description = "Repair Order Maintenance"

    pm_plan_id = fields.Many2one(
        "hospital.repair.pm.plan", string="PM Plan", index="btree_not_null", readonly=True,
        copy=False)
    # the dashboard counts the orders due this month
    pm_date_due = fields.Date(
        string="PM Due Date", readonly=True, copy=False, index="btree_not_null")
    pm_on_time = fields.Boolean(
        string="PM Done On Time", compute="_compute_pm_on_time", store=True, precompute=True,
        help="A preventive order done by its due date (local day).")
    patrol_visit_id = fields.Many2one(
        "hospital.repair.patrol.visit", string="Patrol Checkpoint", index="btree_not_null",
        readonly=True, copy=False)
    patrol_round_id = fields.Many2one(
        related="patrol_visit_id.round_id", store=True, string="Patrol Round",
        index="btree_not_null")
    patrol_line_id = fields.Many2one(
        "hospital.repair.checklist.line", string="Failed Check", readonly=True, copy=False)
    checklist_line_ids = fields.One2many(
        "hospital.repair.checklist.line", "order_id", string="Checklist", copy=False)
    checklist_missing_count = fields.Integer(
        compute="_compute_checklist_missing_count", string="Required Checks Left")
    # a compute, not a related field: the equipment is the order's own field
    equipment_category_id = fields.Many2one(
        "maintenance.equipment.category",
        compute="_compute_equipment_category_id", store=True, index="btree_not_null")

    _pm_plan_due_unique = models.UniqueIndex(
        "(pm_plan_id, pm_date_due) WHERE pm_plan_id IS NOT NULL",
        "This plan has an order for that due date already.")
    _patrol_line_unique = models.UniqueIndex(
        "(patrol_line_id) WHERE patrol_line_id IS NOT NULL",
        "This failed check has its order already.")

    @api.depends("pm_date_due", "date_done", "company_id")
    def _compute_pm_on_time(self):
        for order in self:
            order.pm_on_time = bool(
                order.pm_date_due and order.date_done
                and order.company_id._get_repair_today(order.date_done) <= order.pm_date_due)

    @api.depends("equipment_id.category_id")
    def _compute_equipment_category_id(self):
        for order in self:
            order.equipment_category_id = order.equipment_id.category_id

    @api.depends("checklist_line_ids.is_filled", "checklist_line_ids.required")
    def _compute_checklist_missing_count(self):
        for order in self:
            order.checklist_missing_count = len(order.checklist_line_ids._missing_required())

    def _pm_is_open(self):
        """Not done yet, nor given up: a plan counted from the completion
        waits for it (an order done awaits only its confirmation)."""
        return any(not o.date_done and o.state not in ("rejected", "cancelled") for o in self)

    # ------------------------------------------------------------------
    # Rights: hooks of hospital.repair.order.rights
    # ------------------------------------------------------------------
    def _get_blocker(self, action):
        blocker = super()._get_blocker(action)
        if blocker or action != "finish":
            return blocker
        # sudo: the worker may finish an order whose lines they cannot all read
        missing = self.sudo().checklist_line_ids._missing_required()
        if missing:
            return self.env._(
                "Fill in the required checks of %(order)s before finishing: %(checks)s.",
                order=self.name, checks=", ".join(missing.mapped("name")))
        return False

    def _writable_fields(self, roles):
        fnames = super()._writable_fields(roles)
        if self._may("record_work", roles):
            # the lines check their own values (hospital.repair.checklist.line)
            fnames |= {"checklist_line_ids"}
        return fnames

    # ------------------------------------------------------------------
    # Transitions: the completion moves the plan's next date
    # ------------------------------------------------------------------
    def action_finish(self, *args, **kwargs):
        res = super().action_finish(*args, **kwargs)
        self.sudo().pm_plan_id._sync_next_date()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self.sudo().pm_plan_id._sync_next_date()
        return res

    # ------------------------------------------------------------------
    # Patrol: fixed on the spot
    # ------------------------------------------------------------------
    def _record_fixed_on_spot(self, note=None):
        """The patrol worker (the current user) fixed the fault on the spot:
        the order, accepted, goes to them and is started and finished by
        them through the transitions, so that it counts like any repair."""
        worker = self.env.user
        for order in self.sudo():
            if order.state != "assigned":
                raise UserError(self.env._(
                    "%(order)s must be approved first: report it without fixing it.",
                    order=order.name))
            if order.user_id != worker:
                order._dispatch(worker)
            mine = order.with_user(worker).sudo(False)
            mine.action_start()
            mine.action_finish(result="success", work_note=note or self.env._(
                "Fixed on the spot during the patrol."))
