from datetime import timedelta

import psycopg2.errors
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .approval_common import ApprovalFixtureMixin


@tagged("post_install", "-at_install")
class TestApprovalFlow(ApprovalFixtureMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_approval_fixture()

    def test_full_two_step_path(self):
        order = self._submit()
        self.assertEqual(order.state, "to_approve")
        first, second = order.approval_ids
        self.assertEqual((first.role, first.approver_id, first.state),
                         ("department_leader", self.leader, "pending"))
        self.assertEqual((second.role, second.approver_id, second.state),
                         ("logistics_leader", self.logistics, "waiting"))
        self.assertEqual(self._approval_activities(order).user_id, self.leader)
        notified = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", order.id),
            ("partner_ids", "in", self.leader.partner_id.ids),
        ])
        self.assertIn(f"/odoo/hospital.repair.approval/{first.id}", str(notified.body))
        self.assertEqual(order.with_user(self.leader).current_approver_id, self.leader)
        self.assertTrue(order.with_user(self.leader).can_approve)
        self.assertFalse(order.with_user(self.stranger).can_approve)

        first.with_user(self.leader).action_approve("Needed before the audit")
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.decided_by_id, self.leader)
        self.assertEqual(first.comment, "Needed before the audit")
        self.assertEqual(second.state, "pending")
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(self._approval_activities(order).user_id, self.logistics)
        done = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", order.id),
            ("mail_activity_type_id", "!=", False),
        ])
        self.assertTrue(done, "the leader's activity is marked done, not just deleted")

        second.with_user(self.logistics).action_approve()
        self.assertEqual(second.state, "approved")
        self.assertEqual(order.state, "submitted")
        self.assertTrue(order.date_approved)
        self.assertGreaterEqual(order.approval_duration, 0.0)
        self.assertFalse(self._approval_activities(order))

    def test_approval_duration_is_stored_hours(self):
        with freeze_time("2026-03-02 08:00:00"):
            order = self._submit()
        with freeze_time("2026-03-02 13:00:00"):
            order.approval_ids[0].with_user(self.leader).action_approve()
            order.approval_ids[1].with_user(self.logistics).action_approve()
        self.assertAlmostEqual(order.approval_duration, 5.0, places=1)
        self.assertTrue(order._fields["approval_duration"].store)

    def test_refuse_first_step(self):
        order = self._submit()
        first, second = order.approval_ids
        first.with_user(self.leader).action_refuse("Not a repair: buy a new one")
        self.assertEqual((first.state, second.state), ("refused", "cancelled"))
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.reject_reason, "Not a repair: buy a new one")
        self.assertFalse(self._approval_activities(order))
        told = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", order.id),
            ("partner_ids", "in", self.reporter.partner_id.ids),
        ])
        self.assertTrue(any("Not a repair" in str(m.body) for m in told))

    def test_refuse_second_step(self):
        order = self._submit()
        first, second = order.approval_ids
        first.with_user(self.leader).action_approve()
        second.with_user(self.logistics).action_refuse("Budget exhausted")
        self.assertEqual((first.state, second.state), ("approved", "refused"))
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.reject_reason, "Budget exhausted")
        self.assertFalse(order.date_approved)
        self.assertFalse(self._approval_activities(order))

    def test_refuse_needs_reason(self):
        order = self._submit()
        with self.assertRaisesRegex(UserError, "reason"):
            order.approval_ids[0].with_user(self.leader).action_refuse("  ")
        self.assertEqual(order.approval_ids[0].state, "pending")

    def test_refuse_wizard(self):
        order = self._submit()
        action = order.approval_ids[0].with_user(self.leader).action_open_refuse_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.leader)
        with Form(Wizard.with_context(**action["context"])) as wizard_form:
            wizard_form.reason = "Duplicate of another request"
        wizard_form.record.action_refuse()
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.approval_ids[0].comment, "Duplicate of another request")

    def test_someone_else_cannot_decide(self):
        order = self._submit()
        first, second = order.approval_ids
        for user in (self.stranger, self.reporter):
            with self.assertRaisesRegex(UserError, "Only Leader Li"):
                first.with_user(user).action_approve()
            with self.assertRaisesRegex(UserError, "Only Leader Li"):
                first.with_user(user).action_refuse("no")
            with self.assertRaisesRegex(UserError, "Only Leader Li"):
                first.with_user(user).action_open_refuse_wizard()
        # The later step waits, even for its own approver.
        with self.assertRaisesRegex(UserError, "not waiting"):
            second.with_user(self.logistics).action_approve()
        self.assertEqual((first.state, second.state, order.state),
                         ("pending", "waiting", "to_approve"))
        self.assertFalse(first.decided_by_id)
        # Nor can anyone write the decision directly.
        with self.assertRaises(AccessError):
            first.with_user(self.leader).write({"state": "approved"})

    def test_decided_step_cannot_be_decided_again(self):
        order = self._submit()
        first = order.approval_ids[0]
        first.with_user(self.leader).action_approve()
        with self.assertRaisesRegex(UserError, "not waiting"):
            first.with_user(self.leader).action_refuse("changed my mind")
        self.assertEqual(first.state, "approved")

    def test_manager_acts_for_approver(self):
        order = self._submit()
        first = order.approval_ids[0]
        first.with_user(self.other_manager).action_approve()
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.decided_by_id, self.other_manager)
        self.assertEqual(first.approver_id, self.leader)
        self.assertTrue(any(
            "Manager Ma" in str(m.body) and "Acted for Leader Li" in str(m.body)
            for m in order.message_ids
        ))

    def test_to_approve_menu_lists_my_pending_steps(self):
        mine = self._submit()
        other = self._submit(reporter=self.stranger)  # no leader: logistics leader
        Approval = self.env["hospital.repair.approval"]
        self.assertEqual(Approval.with_user(self.leader).search([("is_mine", "=", True)]),
                         mine.approval_ids[0])
        self.assertEqual(Approval.with_user(self.logistics).search([("is_mine", "=", True)]),
                         other.approval_ids[0])
        self.assertFalse(Approval.with_user(self.stranger).search([("is_mine", "=", True)]))
        action = self.env.ref("hospital_repair.hospital_repair_approval_action_to_approve")
        self.assertIn("is_mine", action.domain)

    def test_errors_speak_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hospital_repair"], ["zh_CN"])
        self.stranger.lang = "zh_CN"
        order = self._submit()
        with self.assertRaisesRegex(UserError, "只有 Leader Li 可以审批"):
            order.approval_ids[0].with_user(self.stranger).action_approve()
        with self.assertRaisesRegex(UserError, "请填写驳回原因"):
            order.approval_ids[0].with_user(self.stranger).action_refuse("")

    def test_views_open_for_approvers(self):
        order = self._submit()
        for user in (self.leader, self.logistics):
            Approval = self.env["hospital.repair.approval"].with_user(user)
            Approval.get_views([(False, "list"), (False, "form"), (False, "search")])
            self.env["hospital.repair.order"].with_user(user).get_views([(False, "form")])
        step = order.approval_ids[0].with_user(self.leader)
        data = step.web_read({"order_id": {"fields": {"display_name": {}}}, "can_decide": {},
                              "description": {}, "reporter_id": {"fields": {}}})
        self.assertEqual(data[0]["order_id"]["display_name"], order.name)
        self.assertTrue(data[0]["can_decide"])
        self.assertEqual(data[0]["description"], "Autoclave leaks")

    def test_category_without_approval_goes_straight_to_desk(self):
        order = self._submit(category=self.category_plain)
        self.assertEqual(order.state, "submitted")
        self.assertFalse(order.approval_ids)
        self.assertFalse(self._approval_activities(order))

    def test_category_step_configuration(self):
        self.assertEqual(self.category._get_approval_roles(),
                         ["department_leader", "logistics_leader"])
        self.category.approval_step_ids.filtered(
            lambda s: s.role == "department_leader").unlink()
        order = self._submit()
        self.assertEqual(order.approval_ids.mapped("role"), ["logistics_leader"])
        self.assertEqual(order.approval_ids.approver_id, self.logistics)
        self.assertEqual(order.approval_ids.state, "pending")
        # Reordered: the logistics leader decides first.
        self.category.approval_step_ids = [
            fields.Command.clear(),
            fields.Command.create({"sequence": 1, "role": "logistics_leader"}),
            fields.Command.create({"sequence": 2, "role": "department_leader"}),
        ]
        order = self._submit()
        self.assertEqual(order.approval_ids.sorted("sequence").mapped("role"),
                         ["logistics_leader", "department_leader"])
        self.assertEqual(order.current_approval_id.role, "logistics_leader")


@tagged("post_install", "-at_install")
class TestApprovalRouting(ApprovalFixtureMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_approval_fixture()

    def _first_step(self, order):
        return order.approval_ids.sorted("sequence")[0]

    def test_leader_is_the_reporters_manager(self):
        step = self._first_step(self._submit())
        self.assertEqual(step.approver_id, self.leader)
        self.assertFalse(step.resolution_note)

    def test_leader_is_the_department_manager_without_manager(self):
        self.emp_reporter.parent_id = False
        step = self._first_step(self._submit())
        self.assertEqual(step.approver_id, self.dept_head)

    def test_reporter_is_the_leader(self):
        # The department head reports: their own manager approves.
        self.emp_dept_head.department_id = self.department
        order = self._submit(reporter=self.dept_head)
        self.assertEqual(self._first_step(order).approver_id, self.boss)
        # Without a manager of their own: the parent department's manager.
        self.emp_dept_head.parent_id = False
        self.department.parent_id = self.env["hr.department"].create({
            "name": "Internal Medicine", "manager_id": self.emp_leader.id,
        })
        order = self._submit(reporter=self.dept_head)
        self.assertEqual(self._first_step(order).approver_id, self.leader)
        self.assertFalse(self._first_step(order).resolution_note)

    def test_reporter_is_the_leader_without_manager_goes_to_logistics(self):
        self.emp_dept_head.write({"department_id": self.department.id, "parent_id": False})
        order = self._submit(reporter=self.dept_head)
        step = self._first_step(order)
        self.assertEqual(step.approver_id, self.logistics)
        self.assertIn("No direct leader", step.resolution_note)

    def test_nobody_resolves_goes_to_logistics_leader(self):
        order = self._submit(reporter=self.stranger)  # no employee at all
        step = self._first_step(order)
        self.assertEqual(step.role, "department_leader")
        self.assertEqual(step.approver_id, self.logistics)
        self.assertIn("No direct leader was found for Stranger Shi", step.resolution_note)
        self.assertTrue(any("No direct leader was found" in str(m.body)
                            for m in order.message_ids))

    def test_leader_without_user_goes_to_logistics_leader(self):
        self.emp_leader.user_id = False
        step = self._first_step(self._submit())
        self.assertEqual(step.approver_id, self.logistics)
        self.assertIn("has no user account", step.resolution_note)

    def test_phone_report_uses_the_order_department(self):
        order = self.env["hospital.repair.order"].create({
            "zone_id": self.zone.id, "category_id": self.category.id,
            "description": "Phone call", "reporter_id": False,
            "reporter_name": "Nurse on the phone", "department_id": self.department.id,
            "channel": "phone",
        })
        order.action_submit()
        self.assertEqual(self._first_step(order).approver_id, self.dept_head)

    def test_logistics_leader_unset_means_managers_group(self):
        self.env.company.repair_logistics_leader_id = False
        order = self._submit()
        first, second = order.approval_ids
        self.assertFalse(second.approver_id)
        first.with_user(self.leader).action_approve()
        deciders = self._approval_activities(order).user_id
        self.assertIn(self.logistics, deciders)
        self.assertIn(self.other_manager, deciders)
        self.assertNotIn(self.leader, deciders)
        self.assertTrue(second.with_user(self.other_manager).is_mine)
        with self.assertRaisesRegex(UserError, "a logistics manager"):
            second.with_user(self.stranger).action_approve()
        second.with_user(self.other_manager).action_approve()
        self.assertEqual(order.state, "submitted")
        self.assertFalse(self._approval_activities(order))
        self.assertTrue(any("Decided for the logistics managers" in str(m.body)
                            for m in order.message_ids))


@tagged("post_install", "-at_install")
class TestApprovalDelegation(ApprovalFixtureMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_approval_fixture()
        cls.Delegation = cls.env["hospital.repair.approval.delegation"]

    def test_delegation_routes_steps_to_the_substitute(self):
        today = fields.Date.today()
        self.Delegation.with_user(self.leader).create({
            "substitute_id": self.substitute.id,
            "date_from": today - timedelta(days=1), "date_to": today + timedelta(days=2),
            "note": "Annual leave",
        })
        order = self._submit()
        first = order.approval_ids[0]
        self.assertEqual(first.approver_id, self.substitute)
        self.assertEqual(first.delegator_id, self.leader)
        with self.assertRaises(UserError):
            first.with_user(self.leader).action_approve()
        first.with_user(self.substitute).action_approve()
        self.assertEqual(first.decided_by_id, self.substitute)
        self.assertTrue(any(
            "Substitute Su" in str(m.body) and "Acted for Leader Li (delegation)" in str(m.body)
            for m in order.message_ids
        ))

    def test_delegation_outside_its_period_is_ignored(self):
        today = fields.Date.today()
        self.Delegation.create({
            "user_id": self.leader.id, "substitute_id": self.substitute.id,
            "date_from": today + timedelta(days=3), "date_to": today + timedelta(days=5),
        })
        self.Delegation.create({
            "user_id": self.leader.id, "substitute_id": self.stranger.id,
            "date_from": today - timedelta(days=5), "date_to": today - timedelta(days=1),
        })
        self.assertEqual(self._submit().approval_ids[0].approver_id, self.leader)

    def test_delegation_chain_and_loop(self):
        today = fields.Date.today()
        self.Delegation.create([
            {"user_id": self.logistics.id, "substitute_id": self.other_manager.id,
             "date_from": today, "date_to": today},
            {"user_id": self.other_manager.id, "substitute_id": self.logistics.id,
             "date_from": today, "date_to": today},
        ])
        order = self._submit()
        second = order.approval_ids[1]
        self.assertEqual(second.approver_id, self.other_manager)
        self.assertEqual(second.delegator_id, self.logistics)

    def test_delegation_checks(self):
        today = fields.Date.today()
        with self.assertRaises(ValidationError):
            self.Delegation.create({
                "user_id": self.leader.id, "substitute_id": self.leader.id,
                "date_from": today, "date_to": today,
            })
        with self.assertRaises(psycopg2.errors.CheckViolation), mute_logger("odoo.sql_db"):
            self.Delegation.create({
                "user_id": self.leader.id, "substitute_id": self.boss.id,
                "date_from": today, "date_to": today - timedelta(days=1),
            })
        # A requester names substitutes for themselves only.
        with self.assertRaises(AccessError):
            self.Delegation.with_user(self.stranger).create({
                "user_id": self.leader.id, "substitute_id": self.stranger.id,
                "date_from": today, "date_to": today,
            })
        mine = self.Delegation.with_user(self.leader).create({
            "substitute_id": self.substitute.id, "date_from": today, "date_to": today,
        })
        self.assertEqual(self.Delegation.with_user(self.substitute).search([]), mine)
        self.assertFalse(self.Delegation.with_user(self.stranger).search([]))
