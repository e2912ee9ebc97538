from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.hospital_repair.tools import transition_writes

from .common import HospitalRepairStockCommon, HospitalRepairStockHttpCommon


class SettlementFixture:
    """A month of department A with known orders, and their totals by hand:

    - a carpentry order (flat labour 30, materials at cost): 4 lamps issued
      at 10, 1 returned → materials 30; one item 更换灯管 2 × 10 → 20;
      total 80;
    - a water order (labour 40 per hour, 1.5 h on site → 60; materials at
      sales price): 1 tap at 60 → total 120;
    - not in it: a chargeable order of department B, an order of a free
      category (给排水 of the fixture), and an order of A confirmed the
      month before.
    Settlement of A: 2 orders, materials 90, labour 90, items 20, total 200.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_wood = cls.env["hospital.repair.category"].create({
            "name": "木工", "chargeable": True, "labour_price": 30.0,
            "labour_price_type": "flat", "material_charge": "cost"})
        cls.cat_plumbing = cls.env["hospital.repair.category"].create({
            "name": "水暖收费", "chargeable": True, "labour_price": 40.0,
            "labour_price_type": "hour", "material_charge": "price"})
        cls.item_lamp = cls.env["hospital.repair.price.item"].create({
            "name": "更换灯管", "price": 10.0, "category_id": cls.cat_wood.id})
        cls.wood = cls._charged_order(cls.cat_wood, (cls.lamp, 4), returned=1,
                                      items=[(cls.item_lamp, 2)])
        cls.plumbing = cls._charged_order(cls.cat_plumbing, (cls.tap, 1), hours=1.5)
        cls.other_dept = cls._charged_order(cls.cat_wood, (cls.lamp, 1), reporter=cls.requester_b)
        cls.free = cls._charged_order(cls.cat_water, (cls.lamp, 1))
        cls.last_month = cls._charged_order(cls.cat_wood, (cls.lamp, 1))
        cls.last_month._write_history({
            "date_verified": cls.wood.date_verified.replace(day=1) - timedelta(days=3)})
        today = fields.Date.context_today(cls.env.user)
        cls.month = today.replace(day=1)

    @classmethod
    def _charged_order(cls, category, material, returned=0, items=(), hours=None,
                       reporter=None):
        order = cls._started_order(category_id=category.id, user=reporter or cls.requester_a)
        order, worker = order.with_env(cls.env), order.user_id
        cls._add_materials(order, worker, material)
        order.with_user(worker).action_request_materials()
        order.picking_ids.with_user(cls.storekeeper).button_validate()
        if returned:
            order.material_line_ids.with_user(worker).return_qty = returned
            order.with_user(worker).action_return_materials()
            (order.picking_ids.filtered(lambda p: p.state != "done")
             .with_user(cls.storekeeper).button_validate())
        if items:
            order.with_user(worker).write({"charge_line_ids": [
                Command.create({"price_item_id": item.id, "quantity": quantity})
                for item, quantity in items]})
        order.with_user(worker).action_finish(result="success")
        if hours:
            order._write_history({"date_done": order.date_started + timedelta(hours=hours)})
        order.with_user(cls.dispatcher).action_verify()
        return order


@tagged("post_install", "-at_install")
class TestSettlement(SettlementFixture, HospitalRepairStockCommon):
    def test_charges_of_an_order(self):
        self.assertEqual(self.wood.material_cost, 30.0)
        self.assertEqual(self.wood.labour_cost, 30.0)
        self.assertEqual(
            sorted((c.kind, c.quantity, c.price_unit, c.amount) for c in self.wood.charge_line_ids),
            [("item", 2.0, 10.0, 20.0), ("labour", 1.0, 30.0, 30.0),
             ("material", 3.0, 10.0, 30.0)])
        self.assertEqual(self.wood.amount_charged, 80.0)
        self.assertEqual(self.plumbing.labour_hours, 1.5)
        self.assertEqual(self.plumbing.amount_charged, 120.0)
        self.assertFalse(self.free.charge_line_ids)
        # the worker cannot rewrite what the order computed
        with self.assertRaises(UserError):
            self.wood.charge_line_ids.filtered(lambda c: c.kind == "labour").with_user(
                self.dispatcher).price_unit = 1
        # nor the desk while it may record the materials
        running = self._started_order(category_id=self.cat_wood.id).with_env(self.env)
        self._add_materials(running, self.worker, (self.lamp, 1))
        running.with_user(self.worker).action_request_materials()
        self._validate(running.picking_ids)
        running._refresh_charges()
        self.assertEqual(running.charge_line_ids.kind, "material")
        with self.assertRaisesRegex(UserError, "follow the order"):
            running.charge_line_ids.with_user(self.dispatcher).price_unit = 1

    def test_month_of_a_department(self):
        Settlement = self.env["hospital.repair.settlement"].with_user(self.manager)
        settlement = Settlement.create({
            "department_id": self.dept_a.id, "date_from": self.month,
            "date_to": self.month + timedelta(days=40) - timedelta(
                days=(self.month + timedelta(days=40)).day)})
        settlement.action_compute()
        self.assertEqual(settlement.line_ids.order_id, self.wood | self.plumbing)
        self.assertEqual(
            (settlement.order_count, settlement.amount_material, settlement.amount_labour,
             settlement.amount_items, settlement.amount_total), (2, 90.0, 90.0, 20.0, 200.0))
        # an order is charged once: a second settlement of the month finds nothing
        second = Settlement.create({"department_id": self.dept_a.id, "date_from": self.month,
                                    "date_to": settlement.date_to})
        second.action_compute()
        self.assertFalse(second.line_ids)
        second.unlink()

        settlement.action_confirm()
        self.assertEqual(settlement.state, "confirmed")
        for change in (lambda: settlement.write({"department_id": self.dept_b.id}),
                       lambda: settlement.write({"date_to": self.month}),
                       lambda: settlement.write({"state": "draft"}),
                       lambda: settlement.line_ids[0].write({"amount_total": 1.0}),
                       settlement.line_ids[0].unlink, settlement.action_compute, settlement.unlink):
            with self.assertRaises(UserError):
                change()
        # the order changing later does not move the confirmed settlement
        with transition_writes():
            self.wood.charge_line_ids.filtered(lambda c: c.kind == "item").unlink()
        self.assertEqual(self.wood.amount_charged, 60.0)
        self.assertEqual(settlement.amount_total, 200.0)

        with self.assertRaisesRegex(UserError, "payer"):
            settlement.action_register_payment()
        settlement.write({"payer": "王主任", "amount_paid": 200.0,
                          "payment_date": fields.Date.context_today(self.env.user)})
        settlement.action_register_payment()
        self.assertEqual(settlement.state, "paid")
        with self.assertRaises(UserError):
            settlement.write({"amount_paid": 10.0})

        # the leader of A reads it, the leader of B and the requester do not
        for user, seen in ((self.leader_a, True), (self.leader_b, False),
                           (self.requester_a, False)):
            with self.subTest(user=user.login):
                self.assertEqual(bool(Settlement.with_user(user).search(
                    [("id", "=", settlement.id)])), seen)

    def test_monthly_drafts(self):
        settlements = self.env["hospital.repair.settlement"]._create_for_month(self.month)
        by_department = {s.department_id: s for s in settlements}
        self.assertLessEqual({self.dept_a, self.dept_b}, set(by_department))
        self.assertEqual(by_department[self.dept_a].amount_total, 200.0)
        self.assertEqual(by_department[self.dept_b].amount_total, 40.0)
        # drafted once per month and department
        self.assertFalse(self.env["hospital.repair.settlement"]._create_for_month(self.month))
        settlements = by_department[self.dept_a] | by_department[self.dept_b]
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "hospital_repair_stock.action_report_settlement", by_department[self.dept_a].ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        xlsx, _type = self.env["ir.actions.report"]._render(
            "hospital_repair_stock.action_report_settlement_xlsx", settlements.ids)
        self.assertTrue(xlsx.startswith(b"PK"))


@tagged("post_install", "-at_install")
class TestSettlementPortal(SettlementFixture, HospitalRepairStockHttpCommon):
    def test_portal_leader_sees_the_department(self):
        settlement = self.env["hospital.repair.settlement"].create({
            "department_id": self.dept_c.id, "date_from": self.month, "date_to": self.month})
        settlement.line_ids = [Command.create({"order_id": self.free.id, "amount_total": 15.0})]
        settlement.action_confirm()
        self.authenticate("portal_leader_c", "portal_leader_c")
        page = self.url_open("/my/repair_settlements")
        self.assertEqual(page.status_code, 200)
        self.assertIn(settlement.name, page.text)
        pdf = self.url_open(f"/my/repair_settlements/{settlement.id}")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.authenticate("portal_c", "portal_c")
        self.assertNotIn(settlement.name, self.url_open("/my/repair_settlements").text)
        self.assertEqual(self.url_open(f"/my/repair_settlements/{settlement.id}").status_code, 404)
        # nor through the token-less URL of another department's leader
        self.authenticate("leader_b", "leader_b")
        self.assertEqual(self.url_open(f"/my/repair_settlements/{settlement.id}").status_code, 404)

