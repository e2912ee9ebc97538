from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..const import CHECKLIST_VALUE_FIELDS, FRAMEWORK_FIELDS
from ..tools import in_transition, transition_writes, try_lock
from .hospital_repair_checklist_template import CHECK_KINDS


class HospitalRepairChecklistLine(models.Model):
    """One check, copied from a template onto a work order (a PM plan's) or
    onto a checkpoint visit of a patrol round, and filled in by the worker.

    Only the code copies lines (as superuser); a person writes the values
    alone (``CHECKLIST_VALUE_FIELDS``), while the order lets them record the
    work, or while their round is open."""

    _name = "hospital.repair.checklist.line"
    _description = "Repair Checklist Line"
    _order = "sequence, id"

    order_id = fields.Many2one(
        "hospital.repair.order", index="btree_not_null", ondelete="cascade", readonly=True)
    visit_id = fields.Many2one(
        "hospital.repair.patrol.visit", index="btree_not_null", ondelete="cascade",
        readonly=True)
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True)
    equipment_id = fields.Many2one("maintenance.equipment", readonly=True)
    sequence = fields.Integer(default=10, readonly=True)
    name = fields.Char(string="Check", required=True, readonly=True)
    kind = fields.Selection(CHECK_KINDS, required=True, default="pass_fail", readonly=True)
    required = fields.Boolean(readonly=True)
    min_value = fields.Float(string="Minimum", readonly=True)
    max_value = fields.Float(string="Maximum", readonly=True)
    unit = fields.Char(readonly=True)

    value_pass = fields.Selection([("pass", "Pass"), ("fail", "Fail")], string="Result")
    value_number = fields.Float(string="Reading")
    number_set = fields.Boolean(readonly=True, help="A reading was entered (0 is a reading).")
    value_text = fields.Char(string="Remark")
    photo = fields.Image(max_width=1920, max_height=1920, attachment=True)
    note = fields.Char()

    is_filled = fields.Boolean(string="Filled", compute="_compute_is_filled", store=True)
    is_out_of_range = fields.Boolean(
        string="Out of Range", compute="_compute_is_out_of_range", store=True, index=True)
    is_failed = fields.Boolean(
        string="Failed", compute="_compute_is_out_of_range", store=True,
        help="Failed, or a reading out of its range: a patrol can report it as a fault.")
    patrol_order_ids = fields.One2many(
        "hospital.repair.order", "patrol_line_id", string="Fault Reported")
    patrol_order_id = fields.Many2one(
        "hospital.repair.order", compute="_compute_patrol_order_id", string="Order Created")

    _one_parent = models.Constraint(
        "CHECK ((order_id IS NULL) != (visit_id IS NULL))",
        "A check belongs to a work order or to a patrol visit.",
    )

    @api.depends("order_id.company_id", "visit_id.company_id")
    def _compute_company_id(self):
        for line in self:
            line.company_id = line.order_id.company_id or line.visit_id.company_id

    @api.depends("kind", "value_pass", "number_set", "value_text", "photo")
    def _compute_is_filled(self):
        for line in self:
            line.is_filled = bool({
                "pass_fail": line.value_pass,
                "number": line.number_set,
                "text": (line.value_text or "").strip(),
                "photo": line.photo,
            }[line.kind])

    @api.depends("kind", "value_pass", "value_number", "number_set", "min_value", "max_value")
    def _compute_is_out_of_range(self):
        for line in self:
            out = (line.kind == "number" and line.number_set
                   and bool(line.min_value or line.max_value)
                   and not line.min_value <= line.value_number <= line.max_value)
            line.is_out_of_range = out
            line.is_failed = out or (line.kind == "pass_fail" and line.value_pass == "fail")

    @api.depends("patrol_order_ids")
    def _compute_patrol_order_id(self):
        for line in self:
            line.patrol_order_id = line.patrol_order_ids[:1]

    # ------------------------------------------------------------------
    # Who fills what
    # ------------------------------------------------------------------
    def _get_fill_refusal(self):
        """Why the real user may not fill this check in, or False: the
        order's rights to record the work (const.RIGHTS), or the round's
        worker while the round is open."""
        self.ensure_one()
        if self.order_id:
            order = self.order_id
            if order._may("record_work"):
                return False
            return order._get_refusal("record_work")
        return self.visit_id._get_fill_refusal()

    def _check_fill(self, fnames):
        fnames = set(fnames) - FRAMEWORK_FIELDS
        # the demo's past rounds are filled as the transitions would have;
        # a superuser is not a role that may fill checks
        if in_transition() or not fnames:
            return
        if fnames - CHECKLIST_VALUE_FIELDS:
            raise AccessError(self.env._("Checks are copied from their template: only the "
                                         "results can be filled in."))
        for line in self:
            refusal = line._get_fill_refusal()
            if refusal:
                raise UserError(refusal)

    @api.model_create_multi
    def create(self, vals_list):
        # copied from a template by the code (plans, rounds), inside a
        # transition: a superuser is not a role that may add checks
        if not in_transition():
            raise AccessError(self.env._("Checks are copied from a template, not added by hand."))
        for vals in vals_list:
            self._prepare_number(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_fill(vals)
        self._prepare_number(vals)
        return super().write(vals)

    @api.model
    def _prepare_number(self, vals):
        if "value_number" in vals:
            vals["number_set"] = vals["value_number"] is not False and vals["value_number"] is not None
            vals["value_number"] = vals["value_number"] or 0.0

    @api.constrains("value_pass", "kind")
    def _check_value_kind(self):
        for line in self:
            if line.value_pass and line.kind != "pass_fail":
                raise ValidationError(self.env._("%(check)s is not a pass/fail check.",
                                                 check=line.name))

    # ------------------------------------------------------------------
    # A failed check of a patrol: one order, in one tap
    # ------------------------------------------------------------------
    def action_report_fault(self, fixed=False, note=None):
        """Report this failed patrol check as a ``patrol`` order, reported by
        the round's worker and dispatched as any order; ``fixed``: the worker
        fixed it on the spot, the order is recorded done (so that it counts).
        Exactly one order per check: a second tap returns the first."""
        self.ensure_one()
        if not self.visit_id:
            raise UserError(self.env._("Only the checks of a patrol report faults."))
        self.check_access("read")
        refusal = self._get_fill_refusal()
        if refusal:
            raise UserError(refusal)
        if not self.is_failed:
            raise UserError(self.env._("%(check)s did not fail.", check=self.name))
        line = self.sudo()
        if not try_lock(line):
            raise UserError(self.env._("This fault is being reported right now."))
        if line.patrol_order_ids:
            return line.patrol_order_ids[:1].sudo(False)
        order = line._create_patrol_order(note)
        if fixed:
            order._record_fixed_on_spot(note)
        return order.sudo(False)

    def _create_patrol_order(self, note):
        visit = self.visit_id
        checkpoint = visit.checkpoint_id
        value = {
            "pass_fail": self.env._("failed"),
            "number": f"{self.value_number:g} {self.unit or ''}".strip(),
        }.get(self.kind, self.value_text or "")
        vals = {
            "company_id": visit.company_id.id,
            "channel": "patrol",
            "zone_id": visit.zone_id.id,
            "equipment_id": (self.equipment_id or visit.equipment_id).id,
            "category_id": checkpoint.category_id.id,
            "reporter_id": self.env.uid,
            "description": self.env._(
                "Patrol %(round)s, %(checkpoint)s: %(check)s %(value)s. %(note)s",
                round=visit.round_id.name, checkpoint=visit.name, check=self.name,
                value=value, note=note or self.note or "").strip(),
            "patrol_visit_id": visit.id,
            "patrol_line_id": self.id,
        }
        # sudo and transition fields: the checks above are the round's; the
        # order's origin is set here only
        with transition_writes():
            order = self.env["hospital.repair.order"].sudo().create(vals)
        order._action_submit()
        order.filtered(lambda o: o.state == "submitted")._action_accept()
        return order

    def _missing_required(self):
        return self.filtered(lambda line: line.required and not line.is_filled)
