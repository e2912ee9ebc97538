from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare, float_is_zero

from odoo.addons.hospital_repair.tools import transition_writes

OPEN_PICKING = ("draft", "waiting", "confirmed", "assigned")


class HospitalRepairOrder(models.Model):
    """The order's materials (材料领退), their cost and its charges: the
    worker lists what he needs, requesting it makes one issue picking for the
    storekeeper, what was not used goes back through Odoo's own returns. Who
    may do it is the core's rights table (``record_materials``), read through
    ``_writable_fields`` and ``_get_blocker``."""

    _inherit = "hospital.repair.order"

    material_line_ids = fields.One2many(
        "hospital.repair.material.line", "order_id", string="Materials", copy=False)
    charge_line_ids = fields.One2many(
        "hospital.repair.charge.line", "order_id", string="Charges", copy=False)
    picking_ids = fields.One2many(
        "stock.picking", "repair_order_id", string="Pickings", groups="stock.group_stock_user")
    picking_count = fields.Integer(compute="_compute_picking_count")
    has_open_picking = fields.Boolean(compute="_compute_picking_count")
    currency_id = fields.Many2one(related="company_id.currency_id")
    material_cost = fields.Monetary(
        compute="_compute_material_cost", store=True, tracking=True,
        help="Value of the materials issued less the value of those returned, as stock "
        "accounting valued the moves.")
    labour_hours = fields.Float(
        string="Hours Worked", compute="_compute_labour", store=True, precompute=True,
        help="From arrival to completion.")
    labour_cost = fields.Monetary(
        compute="_compute_labour", store=True, precompute=True,
        help="The category's labour price, flat or per hour worked, when the order was done.")
    chargeable = fields.Boolean(related="category_id.chargeable", store=True, precompute=True)
    amount_charged = fields.Monetary(
        string="Charged", compute="_compute_amount_charged", store=True,
        help="What the department is billed for this order (chargeable categories).")
    can_record_materials = fields.Boolean(compute="_compute_can_actions")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a new order's sums are nought: given, they go into the INSERT
            # (their lines' figures cannot be precomputed, which would cost an
            # UPDATE of the row just created)
            if not vals.get("material_line_ids"):
                vals.setdefault("material_cost", 0.0)
            if not vals.get("charge_line_ids"):
                vals.setdefault("amount_charged", 0.0)
        return super().create(vals_list)

    @api.depends("picking_ids.state")
    def _compute_picking_count(self):
        for order in self:
            pickings = order.sudo().picking_ids
            order.picking_count = len(pickings)
            order.has_open_picking = any(p.state in OPEN_PICKING for p in pickings)

    @api.depends("material_line_ids.value")
    def _compute_material_cost(self):
        for order in self:
            order.material_cost = sum(order.material_line_ids.mapped("value"))

    # the category's prices are read when the stamps change, not later: a
    # new price does not rewrite the cost of past orders
    @api.depends("date_started", "date_done", "category_id")
    def _compute_labour(self):
        for order in self:
            hours = 0.0
            if order.date_started and order.date_done:
                hours = (order.date_done - order.date_started).total_seconds() / 3600.0
            order.labour_hours = hours
            order.labour_cost = order.category_id._get_labour_cost(hours) if order.date_done else 0.0

    @api.depends("charge_line_ids.amount")
    def _compute_amount_charged(self):
        for order in self:
            order.amount_charged = sum(order.charge_line_ids.mapped("amount"))

    # ------------------------------------------------------------------
    # Rights: the core's table and checks, extended
    # ------------------------------------------------------------------
    def _writable_fields(self, roles):
        fnames = super()._writable_fields(roles)
        if self._may("record_materials", roles):
            fnames |= {"material_line_ids", "charge_line_ids"}
        return fnames

    def _get_blocker(self, action):
        blocker = super()._get_blocker(action)
        if blocker or action not in ("verify", "close"):
            return blocker
        # sudo: the reporter cannot read pickings; only their names are told
        open_pickings = self.sudo().picking_ids.filtered(lambda p: p.state in OPEN_PICKING)
        if open_pickings:
            return _(
                "%(order)s still waits for the store (%(pickings)s): the storekeeper must "
                "validate or cancel its materials first.",
                order=self.name, pickings=", ".join(open_pickings.mapped("name")))
        return False

    # ------------------------------------------------------------------
    # Materials: request, return, cancel
    # ------------------------------------------------------------------
    def action_request_materials(self):
        """领料: one issue picking per order for what was not issued yet."""
        self._check_and_lock("record_materials")._request_materials()
        return True

    def action_return_materials(self):
        """退料: the quantities "to return" go back through Odoo's returns."""
        orders = self._check_and_lock("record_materials")
        lines = orders.material_line_ids.filtered("return_qty")
        if not lines:
            raise UserError(_("Enter the quantity to return on the materials not used."))
        orders._return_materials({line: line.return_qty for line in lines})
        with transition_writes():
            lines.write({"return_qty": 0.0})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update(domain=[("repair_order_id", "=", self.id)], context={"create": False})
        return action

    def _request_materials(self):
        for order in self:
            warehouse = self.env["stock.warehouse"]._get_repair_warehouse(order.company_id)
            if not warehouse.repair_issue_type_id:
                raise UserError(_("%(company)s has no warehouse to issue materials from.",
                                  company=order.company_id.name))
            picking = order.picking_ids.filtered(
                lambda p, t=warehouse.repair_issue_type_id: p.picking_type_id == t
                and p.state in OPEN_PICKING)[:1]
            if picking:
                picking.do_unreserve()
            new_moves = []
            for line in order.material_line_ids:
                need = line.product_uom_qty - line.qty_issued
                rounding = line.product_uom_id.rounding
                move = picking.move_ids.filtered(
                    lambda m, line=line: m.repair_material_line_id == line and m.state != "cancel")
                if float_compare(need, 0.0, precision_rounding=rounding) <= 0:
                    move._action_cancel()
                elif move:
                    move.write({"product_uom_qty": need, "product_uom": line.product_uom_id.id})
                else:
                    new_moves.append(order._prepare_issue_move(line, need, warehouse))
            if not picking and not new_moves:
                raise UserError(_("%(order)s: every material is issued already.",
                                  order=order.name))
            if not picking:
                picking = self.env["stock.picking"].create({
                    "picking_type_id": warehouse.repair_issue_type_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": warehouse.repair_consume_location_id.id,
                    "repair_order_id": order.id,
                    "origin": order.name,
                    "company_id": order.company_id.id,
                })
            if new_moves:
                picking.write({"move_ids": [fields.Command.create(vals) for vals in new_moves]})
            if picking.move_ids.filtered(lambda m: m.state != "cancel"):
                picking.action_confirm()
                picking.action_assign()
            else:
                picking.action_cancel()

    def _prepare_issue_move(self, line, quantity, warehouse):
        return {
            "product_id": line.product_id.id,
            "product_uom_qty": quantity,
            "product_uom": line.product_uom_id.id,
            "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": warehouse.repair_consume_location_id.id,
            "repair_material_line_id": line.id,
            "company_id": self.company_id.id,
        }

    def _return_materials(self, quantities):
        """Return ``quantities`` ({material line: quantity in its unit}) from
        the issues they came from, newest first, through Odoo's return
        wizard: the returns carry the issues' cost back."""
        by_move = defaultdict(float)
        for line, quantity in quantities.items():
            rounding = line.product_uom_id.rounding
            if float_compare(quantity, 0.0, precision_rounding=rounding) < 0:
                raise UserError(_("A quantity to return cannot be negative."))
            left = quantity
            issues = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "production")
            for move in issues.sorted("date", reverse=True):
                returnable = move.product_uom._compute_quantity(
                    move._repair_returnable_quantity(), line.product_uom_id)
                take = min(left, returnable)
                if take > 0:
                    by_move[move] += line.product_uom_id._compute_quantity(take, move.product_uom)
                    left -= take
            if not float_is_zero(left, precision_rounding=rounding):
                raise UserError(_(
                    "%(product)s: you cannot return %(quantity)s %(uom)s, only %(left)s %(uom)s "
                    "were issued and not returned yet.",
                    product=line.product_id.display_name, quantity=quantity,
                    uom=line.product_uom_id.name, left=quantity - left))
        returns = self.env["stock.picking"]
        for picking in self.env["stock.move"].concat(*by_move).picking_id:
            wizard = self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking").create({"picking_id": picking.id})
            for wizard_line in wizard.product_return_moves:
                wizard_line.quantity = by_move.get(wizard_line.move_id, 0.0)
            returns |= wizard._create_return()
        return returns

    def action_cancel(self):
        res = super().action_cancel()
        # checked and done by the core: what the store gave comes back
        self.sudo()._cancel_materials()
        return res

    def _cancel_materials(self):
        """A cancelled order keeps nothing: its open issues are cancelled and
        what was issued goes back to the store, as a return for the
        storekeeper to validate."""
        self.picking_ids.filtered(
            lambda p: p.state in OPEN_PICKING
            and p.location_dest_id.usage == "production").action_cancel()
        quantities = {}
        for line in self.material_line_ids:
            issues = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "production")
            left = sum(m.product_uom._compute_quantity(m._repair_returnable_quantity(),
                                                       line.product_uom_id) for m in issues)
            if not float_is_zero(left, precision_rounding=line.product_uom_id.rounding):
                quantities[line] = left
        returns = self._return_materials(quantities) if quantities else self.env["stock.picking"]
        for order in returns.repair_order_id:
            order.message_post(body=_(
                "Cancelled with materials issued: %(returns)s returns them to the store.",
                returns=", ".join(returns.filtered(lambda p, o=order: p.repair_order_id == o)
                                  .mapped("name"))))
        return returns

    # ------------------------------------------------------------------
    # Charges (收费)
    # ------------------------------------------------------------------
    def _action_verify(self):
        res = super()._action_verify()
        self._refresh_charges()
        return res

    def _refresh_charges(self):
        """Write the material and labour charges of chargeable orders, from
        their consumed materials and their labour; items stay as entered."""
        orders = self.sudo().filtered("chargeable")
        vals_list = []
        for order in orders:
            at_price = order.category_id.material_charge == "price"
            for line in order.material_line_ids.filtered(lambda m: m.qty_consumed > 0):
                price = line.product_id.lst_price if at_price else line.value / line.qty_consumed
                vals_list.append({
                    "order_id": order.id, "kind": "material", "material_line_id": line.id,
                    "name": line.product_id.display_name, "quantity": line.qty_consumed,
                    "price_unit": price, "sequence": 1,
                })
            if order.labour_cost:
                hourly = order.category_id.labour_price_type == "hour"
                vals_list.append({
                    "order_id": order.id, "kind": "labour", "sequence": 2,
                    "name": _("Labour (%(category)s)", category=order.category_id.name),
                    "quantity": order.labour_hours if hourly else 1.0,
                    "price_unit": order.category_id.labour_price,
                })
        with transition_writes():
            orders.charge_line_ids.filtered(lambda c: c.kind != "item").unlink()
            self.env["hospital.repair.charge.line"].sudo().create(vals_list)
