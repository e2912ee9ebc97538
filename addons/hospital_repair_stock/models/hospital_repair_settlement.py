from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# what may still be written on a settlement once confirmed: its payment (交费记录)
PAYMENT_FIELDS = frozenset({"payer", "payment_date", "amount_paid", "payment_note"})
FRAMEWORK_FIELDS = frozenset({
    "message_follower_ids", "message_ids", "activity_ids", "message_main_attachment_id",
    "access_token",
})


class HospitalRepairSettlement(models.Model):
    """The monthly charge-back of one department (费用汇总): the chargeable
    orders confirmed in the month, their materials, labour and items; drafted,
    confirmed (then locked) and paid, with who paid, how much and when."""

    _name = "hospital.repair.settlement"
    _description = "Repair Charge Settlement"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "date_from desc, department_id, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    department_id = fields.Many2one(
        "hr.department", required=True, index=True, tracking=True, check_company=True)
    date_from = fields.Date(
        string="From", required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=1))
    date_to = fields.Date(
        string="To", required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(days=1))
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("paid", "Paid")],
        default="draft", required=True, readonly=True, tracking=True, copy=False, index=True)
    line_ids = fields.One2many(
        "hospital.repair.settlement.line", "settlement_id", string="Orders", readonly=True)
    order_count = fields.Integer(string="# Orders", compute="_compute_amounts", store=True)
    amount_material = fields.Monetary(string="Materials", compute="_compute_amounts", store=True)
    amount_labour = fields.Monetary(string="Labour", compute="_compute_amounts", store=True)
    amount_items = fields.Monetary(string="Repair Items", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True)
    date_confirmed = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    payer = fields.Char(tracking=True, copy=False, help="Who paid for the department.")
    payment_date = fields.Date(tracking=True, copy=False)
    amount_paid = fields.Monetary(tracking=True, copy=False)
    payment_note = fields.Char(string="Payment Reference", tracking=True, copy=False)

    _period_check = models.Constraint(
        "CHECK (date_from <= date_to)", "A settlement's period cannot end before it starts.")
    _paid_positive = models.Constraint(
        "CHECK (amount_paid IS NULL OR amount_paid >= 0)", "A payment cannot be negative.")

    @api.depends("line_ids.amount_total")
    def _compute_amounts(self):
        for settlement in self:
            lines = settlement.line_ids
            settlement.order_count = len(lines)
            settlement.amount_material = sum(lines.mapped("amount_material"))
            settlement.amount_labour = sum(lines.mapped("amount_labour"))
            settlement.amount_items = sum(lines.mapped("amount_items"))
            settlement.amount_total = sum(lines.mapped("amount_total"))

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for settlement in self:
            settlement.access_url = f"/my/repair_settlements/{settlement.id}"
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Settlement %(name)s", name=self.name)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("state", None)
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("hospital.repair.settlement")
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("hospital_repair_settlement_transition"):
            fnames = set(vals) - FRAMEWORK_FIELDS
            if "state" in fnames:
                raise UserError(_("A settlement changes its status through its buttons."))
            for settlement in self:
                allowed = PAYMENT_FIELDS if settlement.state == "confirmed" else (
                    frozenset() if settlement.state == "paid" else None)
                if allowed is not None and fnames - allowed:
                    raise UserError(_(
                        "%(settlement)s is %(state)s: it cannot change any more.",
                        settlement=settlement.name, state=dict(
                            self._fields["state"]._description_selection(self.env))[settlement.state]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(s.state != "draft" for s in self):
            raise UserError(_("Only a draft settlement can be deleted."))

    def _transition_write(self, vals):
        return self.with_context(hospital_repair_settlement_transition=True).write(vals)

    # ------------------------------------------------------------------
    # Orders of the period
    # ------------------------------------------------------------------
    def _order_domain(self):
        self.ensure_one()
        start = self.env["hospital.repair.report"]._local_midnight_to_utc(self.date_from)
        end = self.env["hospital.repair.report"]._local_midnight_to_utc(
            self.date_to + relativedelta(days=1))
        return [
            ("company_id", "=", self.company_id.id), ("department_id", "=", self.department_id.id),
            ("chargeable", "=", True), ("state", "in", ("verified", "closed")),
            ("date_verified", ">=", start), ("date_verified", "<", end),
        ]

    def action_compute(self):
        """Gather the department's chargeable orders confirmed in the period
        that no other settlement holds."""
        self._check_state("draft")
        Line = self.env["hospital.repair.settlement.line"]
        for settlement in self:
            settlement.line_ids.unlink()
            orders = self.env["hospital.repair.order"].search(
                settlement._order_domain(), order="date_verified, id")
            taken = Line.search([("order_id", "in", orders.ids)]).order_id
            Line.create([Line._prepare_values(settlement, order) for order in orders - taken])
        return True

    def action_confirm(self):
        self._check_state("draft")
        empty = self.filtered(lambda s: not s.line_ids)
        if empty:
            raise UserError(_("%(settlements)s has no order to charge.",
                              settlements=", ".join(empty.mapped("name"))))
        self._transition_write({
            "state": "confirmed", "date_confirmed": fields.Datetime.now(),
            "confirmed_by_id": self.env.uid,
        })
        return True

    def action_register_payment(self):
        """交费: the payer, the amount and the date of the payment are given."""
        self._check_state("confirmed")
        missing = self.filtered(lambda s: not (s.payer and s.payment_date)
                               or (s.amount_total and not s.amount_paid))
        if missing:
            raise UserError(_("Give the payer, the amount and the date of the payment of "
                              "%(settlements)s.", settlements=", ".join(missing.mapped("name"))))
        self._transition_write({"state": "paid"})
        return True

    def _check_state(self, state):
        wrong = self.filtered(lambda s: s.state != state)
        if wrong:
            raise UserError(_("%(settlements)s is not in the right status for this.",
                              settlements=", ".join(wrong.mapped("name"))))

    @api.model
    def _create_for_month(self, month_start, company=None):
        """Draft settlements of every department with chargeable orders
        confirmed in the month starting ``month_start``."""
        company = company or self.env.company
        date_to = month_start + relativedelta(months=1, days=-1)
        probe = self.new({"company_id": company.id, "date_from": month_start, "date_to": date_to,
                          "department_id": False})
        domain = [d for d in probe._order_domain() if d[0] != "department_id"]
        departments = self.env["hospital.repair.order"].search(domain).department_id
        existing = self.search([("company_id", "=", company.id), ("date_from", "=", month_start),
                                ("department_id", "in", departments.ids)]).department_id
        settlements = self.create([{
            "company_id": company.id, "department_id": department.id,
            "date_from": month_start, "date_to": date_to,
        } for department in departments - existing])
        settlements.action_compute()
        return settlements

    @api.model
    def _cron_create_last_month(self):
        month_start = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        for company in self.env["res.company"].search([]):
            self.with_company(company)._create_for_month(month_start, company)
