from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestApprovalConcurrency(BaseCase):
    """Two people deciding the same step at once, each in their own
    transaction (real cursors, committed fixture, removed afterwards)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.leader = mail_new_test_user(
                env, login="i13_conc_leader", name="Leader",
                groups="hospital_repair.group_repair_requester", notification_type="inbox",
            ).id
            cls.manager = mail_new_test_user(
                env, login="i13_conc_manager", name="Manager",
                groups="hospital_repair.group_repair_manager", notification_type="inbox",
            ).id
            cls.reporter = mail_new_test_user(
                env, login="i13_conc_reporter", name="Reporter",
                groups="hospital_repair.group_repair_requester", notification_type="inbox",
            ).id
            leader_emp = env["hr.employee"].create({"name": "Leader", "user_id": cls.leader})
            cls.employees = (leader_emp | env["hr.employee"].create({
                "name": "Reporter", "user_id": cls.reporter, "parent_id": leader_emp.id,
            })).ids
            cls.zone = env["hospital.repair.zone"].create({"name": "i13 concurrency"}).id
            cls.category = env["hospital.repair.category"].create({
                "name": "i13 concurrency", "approval_required": True,
                "approval_step_ids": [(5, 0, 0), (0, 0, {"role": "department_leader"})],
            }).id

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["hospital.repair.order"].search([("zone_id", "=", cls.zone)]).unlink()
            env["hospital.repair.category"].browse(cls.category).unlink()
            env["hospital.repair.zone"].browse(cls.zone).unlink()
            env["hr.employee"].browse(cls.employees).unlink()
            users = env["res.users"].browse([cls.leader, cls.manager, cls.reporter])
            partners = users.partner_id
            users.unlink()
            partners.unlink()
        super().tearDownClass()

    def _new_order(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.reporter, {})
            order = env["hospital.repair.order"].create({
                "zone_id": self.zone, "category_id": self.category,
                "description": "Concurrent", "reporter_id": self.reporter,
            })
            order.action_submit()
            return order.id, order.approval_ids.id

    def _read(self, order_id, step_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            step = env["hospital.repair.approval"].browse(step_id)
            order = env["hospital.repair.order"].browse(order_id)
            return step.state, step.decided_by_id.id, order.state, order.reject_reason

    def test_two_decisions_at_once_one_wins(self):
        order_id, step_id = self._new_order()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            step_a = api.Environment(cr_a, self.leader, {})["hospital.repair.approval"]
            step_b = api.Environment(cr_b, self.manager, {})["hospital.repair.approval"]
            step_a.browse(step_id).action_approve()
            with self.assertRaisesRegex(UserError, "decided by someone else"):
                step_b.browse(step_id).action_refuse("Too expensive")
            cr_b.rollback()
        self.assertEqual(self._read(order_id, step_id),
                         ("approved", self.leader, "submitted", False))

    def test_late_decision_after_commit_loses(self):
        order_id, step_id = self._new_order()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            step_b = api.Environment(cr_b, self.manager, {})["hospital.repair.approval"]
            # B has seen the step pending before A decides and commits.
            self.assertEqual(step_b.browse(step_id).state, "pending")
            api.Environment(cr_a, self.leader, {})["hospital.repair.approval"].browse(
                step_id).action_refuse("Out of scope")
            cr_a.commit()
            with self.assertRaisesRegex(UserError, "decided by someone else"):
                step_b.browse(step_id).action_approve()
            cr_b.rollback()
        self.assertEqual(self._read(order_id, step_id),
                         ("refused", self.leader, "rejected", "Out of scope"))
