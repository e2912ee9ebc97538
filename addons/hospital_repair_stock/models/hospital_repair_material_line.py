from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hospital_repair.tools import in_transition


class HospitalRepairMaterialLine(models.Model):
    """A material the worker needs on an order (材料): what was asked for,
    and from the stock moves what the store issued, what came back and what
    it cost. The quantities and values are read from the validated moves,
    never typed: the value is the one stock accounting stamped on them."""

    _name = "hospital.repair.material.line"
    _description = "Repair Material"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "hospital.repair.order", string="Repair Order", required=True, index=True,
        ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Material", required=True, index=True, check_company=True,
        domain=lambda self: [
            ("is_storable", "=", True),
            ("categ_id", "child_of",
             self.env.ref("hospital_repair_stock.product_category_repair_consumables").id)])
    product_uom_qty = fields.Float(
        string="Quantity", digits="Product Unit", default=1.0, required=True,
        help="What the worker needs; requesting issues what was not issued yet.")
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", compute="_compute_product_uom_id", store=True,
        readonly=False, precompute=True, required=True)
    return_qty = fields.Float(
        string="To Return", digits="Product Unit", copy=False,
        help="What was not used: returning sends it back to the store.")
    move_ids = fields.One2many(
        "stock.move", "repair_material_line_id", string="Stock Moves",
        groups="stock.group_stock_user")

    qty_issued = fields.Float(
        string="Issued", digits="Product Unit", compute="_compute_quantities", store=True)
    qty_returned = fields.Float(
        string="Returned", digits="Product Unit", compute="_compute_quantities", store=True)
    qty_consumed = fields.Float(
        string="Consumed", digits="Product Unit", compute="_compute_quantities", store=True)
    value_issued = fields.Monetary(compute="_compute_quantities", store=True)
    value_returned = fields.Monetary(compute="_compute_quantities", store=True)
    value = fields.Monetary(
        string="Cost", compute="_compute_quantities", store=True,
        help="Value of the issues less the value of the returns, from the stock moves.")
    unit_cost = fields.Float(
        digits="Product Price", compute="_compute_quantities", store=True, aggregator="avg")
    date = fields.Datetime(
        string="Issued On", compute="_compute_quantities", store=True, index=True)
    # compute_sudo: read by workers, who do not read stock moves
    qty_pending = fields.Float(
        string="Pending", digits="Product Unit", compute="_compute_qty_pending",
        compute_sudo=True,
        help="Issued or returned on pickings the store has not validated yet.")
    has_moves = fields.Boolean(compute="_compute_qty_pending", compute_sudo=True)

    # for the consumption analysis (科室材料使用状况)
    department_id = fields.Many2one(related="order_id.department_id", store=True)
    zone_id = fields.Many2one(related="order_id.zone_id", store=True)
    category_id = fields.Many2one(related="order_id.category_id", store=True)
    user_id = fields.Many2one(related="order_id.user_id", string="Worker", store=True)
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True)
    order_state = fields.Selection(related="order_id.state", string="Order Status")

    _quantities_positive = models.Constraint(
        "CHECK (product_uom_qty >= 0 AND return_qty >= 0)",
        "Material quantities cannot be negative.")

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                    line.product_id
                    and not line.product_uom_id._has_common_reference(line.product_id.uom_id)):
                line.product_uom_id = line.product_id.uom_id

    def _moves_by_direction(self, states):
        """(issue moves, return moves) of the line in ``states``."""
        moves = self.move_ids.filtered(lambda m: m.state in states)
        returns = moves.filtered(lambda m: m.location_id.usage == "production")
        return moves - returns, returns

    def _sum_quantity(self, moves, done=True):
        return sum(
            m.product_uom._compute_quantity(m.quantity if done else m.product_uom_qty,
                                            self.product_uom_id)
            for m in moves)

    @api.depends("move_ids.state", "move_ids.quantity", "move_ids.value", "move_ids.date",
                 "product_uom_id")
    def _compute_quantities(self):
        for line in self:
            issues, returns = line._moves_by_direction(("done",))
            line.qty_issued = line._sum_quantity(issues)
            line.qty_returned = line._sum_quantity(returns)
            line.qty_consumed = line.qty_issued - line.qty_returned
            line.value_issued = sum(issues.mapped("value"))
            line.value_returned = sum(returns.mapped("value"))
            line.value = line.value_issued - line.value_returned
            line.unit_cost = line.value_issued / line.qty_issued if line.qty_issued else 0.0
            line.date = max(issues.mapped("date"), default=False)

    @api.depends("move_ids.state", "move_ids.product_uom_qty")
    def _compute_qty_pending(self):
        for line in self:
            issues, returns = line._moves_by_direction(("draft", "waiting", "confirmed",
                                                        "partially_available", "assigned"))
            line.qty_pending = line._sum_quantity(issues, False) - line._sum_quantity(returns, False)
            line.has_moves = bool(line.move_ids)

    @api.model
    def _check_quantities(self, vals):
        """Refused before anything is written (the table's CHECK is the
        last guard): a clear message, and nothing changed."""
        if any((vals.get(fname) or 0.0) < 0 for fname in ("product_uom_qty", "return_qty")):
            raise ValidationError(_("Material quantities cannot be negative."))

    # ------------------------------------------------------------------
    # Who writes: the order's rights (record_materials), for every caller
    # ------------------------------------------------------------------
    def _check_order_rights(self, orders):
        if not in_transition():
            orders._check_write({"material_line_ids"})

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["hospital.repair.order"].browse(
            {vals.get("order_id") for vals in vals_list if vals.get("order_id")})
        self._check_order_rights(orders)
        for vals in vals_list:
            self._check_quantities(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_order_rights(self.order_id)
        self._check_quantities(vals)
        if "order_id" in vals:
            self._check_order_rights(self.env["hospital.repair.order"].browse(vals["order_id"]))
        if not in_transition() and {"product_id", "product_uom_id"} & set(vals):
            # sudo: workers do not read stock moves; only whether there are any
            moved = self.sudo().filtered("move_ids")
            if moved:
                raise ValidationError(_(
                    "%(materials)s already went to the store: add a new line instead of "
                    "changing the material.", materials=", ".join(moved.product_id.mapped(
                        "display_name"))))
        return super().write(vals)

    def unlink(self):
        self._check_order_rights(self.order_id)
        # sudo: workers do not read stock moves; only whether there are any
        moved = self.sudo().filtered("move_ids")
        if moved:
            raise ValidationError(_(
                "%(materials)s already went to the store: return them instead of deleting "
                "the line.", materials=", ".join(moved.product_id.mapped("display_name"))))
        return super().unlink()

    @api.model
    def _demo_generate(self):
        # imported here: the generator is demo-only code, never loaded otherwise
        from ..demo import hospital_repair_stock_demo

        return hospital_repair_stock_demo.generate(self.env)
