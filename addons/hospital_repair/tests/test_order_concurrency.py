from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestOrderConcurrency(TransactionCase):
    """Two dispatchers accept the same order at the same moment, each in its
    own transaction: one wins, the other gets a clear error, and the order
    is dispatched once. The fixture is committed (both transactions must see
    it) and removed at the end."""

    def _commit_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_auto_subscribe_no_notify": True})
            desk = "base.group_user,hospital_repair.group_repair_dispatcher"
            d1 = mail_new_test_user(env, login="i12_race_desk1", groups=desk)
            d2 = mail_new_test_user(env, login="i12_race_desk2", groups=desk)
            worker = mail_new_test_user(
                env, login="i12_race_worker",
                groups="base.group_user,hospital_repair.group_repair_worker",
            )
            zone = env["hospital.repair.zone"].create({"name": "Race Zone", "user_id": worker.id})
            category = env["hospital.repair.category"].create({"name": "Race Category"})
            order = env["hospital.repair.order"].create({
                "zone_id": zone.id, "category_id": category.id, "description": "race",
                "reporter_id": d1.id,
            })
            order.action_submit()
            # on purpose: the racing transactions must see the fixture
            cr.commit()  # pylint: disable=invalid-commit
            return {"users": (d1 | d2 | worker).ids, "zone": zone.id,
                    "category": category.id, "order": order.id}

    def _drop_fixture(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            order = env["hospital.repair.order"].browse(ids["order"])
            env["mail.mail"].search([("model", "=", order._name), ("res_id", "=", order.id)]).unlink()
            order.activity_ids.unlink()
            order.unlink()
            env["hospital.repair.zone"].browse(ids["zone"]).unlink()
            env["hospital.repair.category"].browse(ids["category"]).unlink()
            users = env["res.users"].browse(ids["users"])
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            # on purpose: removes the fixture committed by _commit_fixture
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_dispatchers_accept_at_once(self):
        ids = self._commit_fixture()
        try:
            d1, d2, worker = ids["users"]
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                env1 = api.Environment(cr1, d1, {})
                env2 = api.Environment(cr2, d2, {})
                # both read the order as submitted before either acts
                order1 = env1["hospital.repair.order"].browse(ids["order"])
                order2 = env2["hospital.repair.order"].browse(ids["order"])
                self.assertEqual(order1.state, "submitted")
                self.assertEqual(order2.state, "submitted")
                order1.action_accept()
                with self.assertRaisesRegex(UserError, "Someone else is handling"):
                    order2.action_accept()
                cr2.rollback()
                cr1.commit()
            # the loser tries again once the winner committed: a clear refusal
            with self.registry.cursor() as cr3:
                order3 = api.Environment(cr3, d2, {})["hospital.repair.order"].browse(ids["order"])
                with self.assertRaisesRegex(UserError, "You cannot accept .* it is Assigned"):
                    order3.action_accept()
                self.assertEqual(order3.user_id.id, worker)
                self.assertEqual(order3.duty_user_id.id, d1)
                assigned = order3.sudo().message_ids.tracking_value_ids.filtered(
                    lambda v: v.field_id.name == "state" and v.new_value_char == "Assigned"
                )
                self.assertEqual(len(assigned), 1, "assigned once")
                self.assertEqual(len(order3.sudo().activity_ids), 1, "one to-do for the worker")
                cr3.rollback()
        finally:
            self._drop_fixture(ids)
