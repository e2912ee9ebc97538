from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestPickingConcurrency(TransactionCase):
    """Two storekeepers validate the same issue at the same moment, each in
    its own transaction: the goods leave the store once, the second is told.
    The fixture is committed (both transactions must see it) and removed at
    the end."""

    def _commit_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_auto_subscribe_no_notify": True})
            store = "base.group_user,hospital_repair_stock.group_repair_storekeeper"
            k1 = mail_new_test_user(env, login="i21_race_store1", groups=store)
            k2 = mail_new_test_user(env, login="i21_race_store2", groups=store)
            worker = mail_new_test_user(
                env, login="i21_race_worker",
                groups="base.group_user,hospital_repair.group_repair_worker")
            zone = env["hospital.repair.zone"].create({"name": "Race Zone", "user_id": worker.id})
            category = env["hospital.repair.category"].create({"name": "Race Category"})
            product = env["product.product"].create({
                "name": "Race Lamp", "is_storable": True, "standard_price": 10.0,
                "categ_id": env.ref("hospital_repair_stock.product_category_repair_consumables").id,
            })
            warehouse = env["stock.warehouse"]._get_repair_warehouse(env.company)
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10)
            order = env["hospital.repair.order"].create({
                "zone_id": zone.id, "category_id": category.id, "description": "race",
                "reporter_id": worker.id,
            })
            order.action_submit()
            order._action_accept()
            order.with_user(worker).action_start()
            order.with_user(worker).write({"material_line_ids": [
                (0, 0, {"product_id": product.id, "product_uom_qty": 3})]})
            order.with_user(worker).action_request_materials()
            # on purpose: the racing transactions must see the fixture
            cr.commit()  # pylint: disable=invalid-commit
            return {"users": (k1 | k2 | worker).ids, "zone": zone.id, "category": category.id,
                    "order": order.id, "picking": order.picking_ids.id, "product": product.id,
                    "location": warehouse.lot_stock_id.id}

    def _drop_fixture(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            product = env["product.product"].browse(ids["product"])
            # done moves cannot be deleted through the ORM: the race's own rows only
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", [product.id])
            cr.execute("DELETE FROM stock_move WHERE product_id = %s", [product.id])
            cr.execute("DELETE FROM stock_quant WHERE product_id = %s", [product.id])
            cr.execute("DELETE FROM stock_picking WHERE id = %s", [ids["picking"]])
            env.invalidate_all()
            order = env["hospital.repair.order"].browse(ids["order"])
            env["mail.mail"].search([("model", "=", order._name), ("res_id", "=", order.id)]).unlink()
            order.activity_ids.unlink()
            order.unlink()
            product.product_tmpl_id.unlink()
            env["hospital.repair.zone"].browse(ids["zone"]).unlink()
            env["hospital.repair.category"].browse(ids["category"]).unlink()
            users = env["res.users"].browse(ids["users"])
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            # on purpose: removes the fixture committed by _commit_fixture
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_storekeepers_validate_at_once(self):
        ids = self._commit_fixture()
        try:
            k1, k2, _worker = ids["users"]
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                picking1 = api.Environment(cr1, k1, {})["stock.picking"].browse(ids["picking"])
                picking2 = api.Environment(cr2, k2, {})["stock.picking"].browse(ids["picking"])
                # both see the issue ready before either acts
                self.assertEqual(picking1.state, "assigned")
                self.assertEqual(picking2.state, "assigned")
                self.assertIs(picking1.button_validate(), True)
                with self.assertRaisesRegex(UserError, "Someone else is validating"):
                    picking2.button_validate()
                cr2.rollback()
                cr1.commit()
            # the loser tries again once the winner committed: a clear refusal
            with self.registry.cursor() as cr3:
                env3 = api.Environment(cr3, k2, {})
                with self.assertRaisesRegex(UserError, "already validated"):
                    env3["stock.picking"].browse(ids["picking"]).button_validate()
                product = env3["product.product"].browse(ids["product"]).with_context(
                    location=ids["location"])
                self.assertEqual(product.qty_available, 7, "issued once")
                line = env3["hospital.repair.order"].browse(ids["order"]).material_line_ids
                self.assertEqual((line.qty_issued, line.value), (3, 30.0))
        finally:
            self._drop_fixture(ids)
