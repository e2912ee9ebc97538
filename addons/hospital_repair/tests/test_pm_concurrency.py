from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

DUE = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestPmConcurrency(BaseCase):
    """Two cron runs (two nodes, or a rerun while the first is still busy)
    create the orders of the same plan at once, each in its own transaction:
    one order per plan and due date, whatever the timing. Real cursors, a
    committed fixture removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_auto_subscribe_no_notify": True})
            cls.worker = mail_new_test_user(
                env, login="i22_race_worker",
                groups="base.group_user,hospital_repair.group_repair_worker").id
            cls.zone = env["hospital.repair.zone"].create(
                {"name": "i22 配电房", "user_id": cls.worker}).id
            cls.category = env["hospital.repair.category"].create({"name": "i22 配电"}).id

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            orders = env["hospital.repair.order"].search([("zone_id", "=", cls.zone)])
            env["mail.mail"].search([("model", "=", orders._name), ("res_id", "in", orders.ids)]).unlink()
            orders.activity_ids.unlink()
            orders.unlink()
            env["hospital.repair.pm.plan"].search([("zone_id", "=", cls.zone)]).unlink()
            env["hospital.repair.zone"].browse(cls.zone).unlink()
            env["hospital.repair.category"].browse(cls.category).unlink()
            users = env["res.users"].browse(cls.worker)
            partners = users.partner_id
            users.unlink()
            partners.unlink()
        super().tearDownClass()

    def _new_plan(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["hospital.repair.pm.plan"].create({
                "name": "i22 配电房月检", "zone_id": self.zone, "category_id": self.category,
                "interval_type": "months", "date_start": DUE,
            }).id

    def _orders(self, plan_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["hospital.repair.order"].search([("pm_plan_id", "=", plan_id)])
            return [(o.pm_date_due, o.state, o.user_id.id) for o in orders]

    def _plan(self, cr, plan_id):
        return api.Environment(cr, SUPERUSER_ID, {})["hospital.repair.pm.plan"].browse(plan_id)

    def test_two_runs_at_once(self):
        plan_id = self._new_plan()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            self.assertEqual(len(self._plan(cr1, plan_id)._generate_orders(DUE)), 1)
            # the other run finds the plan busy and leaves it
            self.assertFalse(self._plan(cr2, plan_id)._generate_orders(DUE))
            cr2.rollback()
            cr1.commit()
        self.assertEqual(self._orders(plan_id), [(DUE, "assigned", self.worker)])

    def test_late_run_on_a_stale_snapshot(self):
        plan_id = self._new_plan()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            stale = self._plan(cr2, plan_id)
            self.assertEqual(stale.date_next, DUE)  # read before the other run commits
            self._plan(cr1, plan_id)._generate_orders(DUE)
            cr1.commit()
            self.assertFalse(stale._generate_orders(DUE))
            cr2.rollback()
        self.assertEqual(len(self._orders(plan_id)), 1)
        # and a rerun once all is committed: the date moved on
        with self.registry.cursor() as cr3:
            self.assertFalse(self._plan(cr3, plan_id)._generate_orders(DUE))
        self.assertEqual(len(self._orders(plan_id)), 1)

    def test_the_unique_key_decides(self):
        """Past the plan's lock (a direct call, as a future caller might do):
        the unique key (plan, due date) of the order still refuses the
        second, committed or not."""
        plan_id = self._new_plan()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            late = self._plan(cr2, plan_id)
            self.assertTrue(late.date_next)  # cr2's snapshot starts before cr1's commit
            self.assertTrue(self._plan(cr1, plan_id)._create_order(DUE))
            cr1.commit()
            self.assertIsNone(late._create_order(DUE))
            cr2.commit()
        self.assertEqual(len(self._orders(plan_id)), 1)
