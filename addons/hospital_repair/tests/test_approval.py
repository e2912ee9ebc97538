from datetime import timedelta

import psycopg2.errors
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .approval_common import ApprovalMixin
from .common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestApprovalFlow(ApprovalMixin, HospitalRepairCommon):
    def test_full_two_step_path(self):
        order = self._submit()
        self.assertEqual(order.state, "to_approve")
        first, second = order.approval_ids
        self.assertEqual((first.role, first.approver_id, first.state),
                         ("department_leader", self.head_nurse_a, "pending"))
        self.assertEqual((second.role, second.approver_id, second.state),
                         ("logistics_leader", self.logistics_head, "waiting"))
        self.assertEqual(self._approval_activities(order).user_id, self.head_nurse_a)
        notified = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", order.id),
            ("partner_ids", "in", self.head_nurse_a.partner_id.ids),
        ])
        self.assertIn(f"/odoo/hospital.repair.approval/{first.id}", str(notified.body))
        self.assertEqual(order.with_user(self.head_nurse_a).current_approver_id, self.head_nurse_a)
        self.assertTrue(order.with_user(self.head_nurse_a).can_approve)
        self.assertFalse(order.with_user(self.requester_no_employee).can_approve)

        first.with_user(self.head_nurse_a).action_approve("Needed before the audit")
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.decided_by_id, self.head_nurse_a)
        self.assertEqual(first.comment, "Needed before the audit")
        self.assertEqual(second.state, "pending")
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(self._approval_activities(order).user_id, self.logistics_head)
        done = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", order.id),
            ("mail_activity_type_id", "!=", False),
        ])
        self.assertTrue(done, "the leader's activity is marked done, not just deleted")

        second.with_user(self.logistics_head).action_approve()
        self.assertEqual(second.state, "approved")
        self.assertEqual(order.state, "submitted")
        self.assertTrue(order.date_approved)
        self.assertGreaterEqual(order.approval_duration, 0.0)
        self.assertFalse(self._approval_activities(order))

    def test_approval_duration_is_stored_hours(self):
        with freeze_time("2026-03-02 08:00:00"):
            order = self._submit()
        with freeze_time("2026-03-02 13:00:00"):
            order.approval_ids[0].with_user(self.head_nurse_a).action_approve()
            order.approval_ids[1].with_user(self.logistics_head).action_approve()
        self.assertAlmostEqual(order.approval_duration, 5.0, places=1)
        self.assertTrue(order._fields["approval_duration"].store)

    def test_refuse_first_step(self):
        order = self._submit()
        first, second = order.approval_ids
        first.with_user(self.head_nurse_a).action_refuse("Not a repair: buy a new one")
        self.assertEqual((first.state, second.state), ("refused", "cancelled"))
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.reject_reason, "Not a repair: buy a new one")
        self.assertFalse(self._approval_activities(order))
        told = self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "=", order.id),
            ("notification_ids.res_partner_id", "in", self.requester_a2.partner_id.ids),
        ])
        self.assertTrue(any("Not a repair" in str(m.body) for m in told))

    def test_refuse_second_step(self):
        order = self._submit()
        first, second = order.approval_ids
        first.with_user(self.head_nurse_a).action_approve()
        second.with_user(self.logistics_head).action_refuse("Budget exhausted")
        self.assertEqual((first.state, second.state), ("approved", "refused"))
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.reject_reason, "Budget exhausted")
        self.assertFalse(order.date_approved)
        self.assertFalse(self._approval_activities(order))

    def test_refuse_needs_reason(self):
        order = self._submit()
        with self.assertRaisesRegex(UserError, "reason"):
            order.approval_ids[0].with_user(self.head_nurse_a).action_refuse("  ")
        self.assertEqual(order.approval_ids[0].state, "pending")

    def test_refuse_wizard(self):
        order = self._submit()
        action = order.approval_ids[0].with_user(self.head_nurse_a).action_open_refuse_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.head_nurse_a)
        with Form(Wizard.with_context(**action["context"])) as wizard_form:
            wizard_form.reason = "Duplicate of another request"
        wizard_form.record.action_refuse()
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.approval_ids[0].comment, "Duplicate of another request")

    def test_someone_else_cannot_decide(self):
        order = self._submit()
        first, second = order.approval_ids
        for user in (self.requester_no_employee, self.requester_a2):
            with self.assertRaisesRegex(UserError, "Only 周护士长"):
                first.with_user(user).action_approve()
            with self.assertRaisesRegex(UserError, "Only 周护士长"):
                first.with_user(user).action_refuse("no")
            with self.assertRaisesRegex(UserError, "Only 周护士长"):
                first.with_user(user).action_open_refuse_wizard()
        # The later step waits, even for its own approver.
        with self.assertRaisesRegex(UserError, "not waiting"):
            second.with_user(self.logistics_head).action_approve()
        self.assertEqual((first.state, second.state, order.state),
                         ("pending", "waiting", "to_approve"))
        self.assertFalse(first.decided_by_id)
        # Nor can anyone write the decision directly.
        with self.assertRaises(AccessError):
            first.with_user(self.head_nurse_a).write({"state": "approved"})

    def test_decided_step_cannot_be_decided_again(self):
        order = self._submit()
        first = order.approval_ids[0]
        first.with_user(self.head_nurse_a).action_approve()
        with self.assertRaisesRegex(UserError, "not waiting"):
            first.with_user(self.head_nurse_a).action_refuse("changed my mind")
        self.assertEqual(first.state, "approved")

    def test_manager_acts_for_approver(self):
        order = self._submit()
        first = order.approval_ids[0]
        first.with_user(self.manager).action_approve()
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.decided_by_id, self.manager)
        self.assertEqual(first.approver_id, self.head_nurse_a)
        self.assertTrue(any(
            "马科长" in str(m.body) and "Acted for 周护士长" in str(m.body)
            for m in order.message_ids
        ))

    def test_to_approve_menu_lists_my_pending_steps(self):
        mine = self._submit()
        other = self._submit(reporter=self.requester_no_employee)  # no leader: logistics leader
        Approval = self.env["hospital.repair.approval"]
        self.assertEqual(Approval.with_user(self.head_nurse_a).search([("is_mine", "=", True)]),
                         mine.approval_ids[0])
        self.assertEqual(Approval.with_user(self.logistics_head).search([("is_mine", "=", True)]),
                         other.approval_ids[0])
        self.assertFalse(Approval.with_user(self.requester_no_employee).search([("is_mine", "=", True)]))
        action = self.env.ref("hospital_repair.hospital_repair_approval_action_to_approve")
        self.assertIn("is_mine", action.domain)

    def test_errors_speak_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hospital_repair"], ["zh_CN"])
        self.requester_no_employee.lang = "zh_CN"
        order = self._submit()
        with self.assertRaisesRegex(UserError, "只有 周护士长 可以审批"):
            order.approval_ids[0].with_user(self.requester_no_employee).action_approve()
        with self.assertRaisesRegex(UserError, "请填写驳回原因"):
            order.approval_ids[0].with_user(self.requester_no_employee).action_refuse("")

    def test_views_open_for_approvers(self):
        order = self._submit()
        for user in (self.head_nurse_a, self.logistics_head):
            Approval = self.env["hospital.repair.approval"].with_user(user)
            Approval.get_views([(False, "list"), (False, "form"), (False, "search")])
            self.env["hospital.repair.order"].with_user(user).get_views([(False, "form")])
        step = order.approval_ids[0].with_user(self.head_nurse_a)
        data = step.web_read({"order_id": {"fields": {"display_name": {}}}, "can_decide": {},
                              "description": {}, "reporter_id": {"fields": {}}})
        self.assertEqual(data[0]["order_id"]["display_name"], order.name)
        self.assertTrue(data[0]["can_decide"])
        self.assertEqual(data[0]["description"], "Autoclave leaks")

    def test_category_without_approval_goes_straight_to_desk(self):
        order = self._submit(category=self.cat_water)
        self.assertEqual(order.state, "submitted")
        self.assertFalse(order.approval_ids)
        self.assertFalse(self._approval_activities(order))

    def test_category_step_configuration(self):
        self.assertEqual(self.cat_pressure._get_approval_roles(),
                         ["department_leader", "logistics_leader"])
        self.cat_pressure.approval_step_ids.filtered(
            lambda s: s.role == "department_leader").unlink()
        order = self._submit()
        self.assertEqual(order.approval_ids.mapped("role"), ["logistics_leader"])
        self.assertEqual(order.approval_ids.approver_id, self.logistics_head)
        self.assertEqual(order.approval_ids.state, "pending")
        # Reordered: the logistics leader decides first.
        self.cat_pressure.approval_step_ids = [
            fields.Command.clear(),
            fields.Command.create({"sequence": 1, "role": "logistics_leader"}),
            fields.Command.create({"sequence": 2, "role": "department_leader"}),
        ]
        order = self._submit()
        self.assertEqual(order.approval_ids.sorted("sequence").mapped("role"),
                         ["logistics_leader", "department_leader"])
        self.assertEqual(order.current_approval_id.role, "logistics_leader")


@tagged("post_install", "-at_install")
class TestApprovalRouting(ApprovalMixin, HospitalRepairCommon):
    def _first_step(self, order):
        return order.approval_ids.sorted("sequence")[0]

    def test_leader_is_the_reporters_manager(self):
        step = self._first_step(self._submit())
        self.assertEqual(step.approver_id, self.head_nurse_a)
        self.assertFalse(step.resolution_note)

    def test_leader_is_the_department_manager_without_manager(self):
        self.requester_a2.employee_id.parent_id = False
        step = self._first_step(self._submit())
        self.assertEqual(step.approver_id, self.leader_a)

    def test_reporter_is_the_leader(self):
        # The department head reports: their own manager approves.
        order = self._submit(reporter=self.leader_a)
        self.assertEqual(self._first_step(order).approver_id, self.vice_president)
        # Without a manager of their own: the parent department's manager.
        self.leader_a.employee_id.parent_id = False
        self.dept_a.parent_id = self.env["hr.department"].create({
            "name": "大内科", "manager_id": self.head_nurse_a.employee_id.id,
        })
        order = self._submit(reporter=self.leader_a)
        self.assertEqual(self._first_step(order).approver_id, self.head_nurse_a)
        self.assertFalse(self._first_step(order).resolution_note)

    def test_reporter_is_the_leader_without_manager_goes_to_logistics(self):
        self.leader_a.employee_id.write({"department_id": self.dept_a.id, "parent_id": False})
        order = self._submit(reporter=self.leader_a)
        step = self._first_step(order)
        self.assertEqual(step.approver_id, self.logistics_head)
        self.assertIn("No direct leader", step.resolution_note)

    def test_nobody_resolves_goes_to_logistics_leader(self):
        order = self._submit(reporter=self.requester_no_employee)  # no employee at all
        step = self._first_step(order)
        self.assertEqual(step.role, "department_leader")
        self.assertEqual(step.approver_id, self.logistics_head)
        self.assertIn("No direct leader was found for 施医生（进修）", step.resolution_note)
        self.assertTrue(any("No direct leader was found" in str(m.body)
                            for m in order.message_ids))

    def test_leader_without_user_goes_to_logistics_leader(self):
        self.head_nurse_a.employee_id.user_id = False
        step = self._first_step(self._submit())
        self.assertEqual(step.approver_id, self.logistics_head)
        self.assertIn("has no user account", step.resolution_note)

    def test_phone_report_uses_the_order_department(self):
        order = self.env["hospital.repair.order"].create({
            "zone_id": self.floor_a1.id, "category_id": self.cat_pressure.id,
            "description": "Phone call", "reporter_id": False,
            "reporter_name": "Nurse on the phone", "department_id": self.dept_a.id,
            "channel": "phone",
        })
        order.action_submit()
        self.assertEqual(self._first_step(order).approver_id, self.leader_a)

    def test_logistics_leader_unset_means_managers_group(self):
        self.env.company.repair_logistics_leader_id = False
        manager_other = mail_new_test_user(
            self.env, login="manager_other", name="二院科长",
            groups="base.group_user,hospital_repair.group_repair_manager",
            company_id=self.company_2.id, company_ids=[Command.set(self.company_2.ids)],
        )
        order = self._submit()
        first, second = order.approval_ids
        self.assertFalse(second.approver_id)
        first.with_user(self.head_nurse_a).action_approve()
        deciders = self._approval_activities(order).user_id
        self.assertIn(self.logistics_head, deciders)
        self.assertIn(self.manager, deciders)
        self.assertNotIn(self.head_nurse_a, deciders)
        # the other hospital's manager cannot open the order: no to-do for them
        self.assertNotIn(manager_other, deciders)
        self.assertNotIn(manager_other, second._get_deciders())
        self.assertTrue(second.with_user(self.manager).is_mine)
        with self.assertRaisesRegex(UserError, "a logistics manager"):
            second.with_user(self.requester_no_employee).action_approve()
        second.with_user(self.manager).action_approve()
        self.assertEqual(order.state, "submitted")
        self.assertFalse(self._approval_activities(order))
        self.assertTrue(any("Decided for the logistics managers" in str(m.body)
                            for m in order.message_ids))


@tagged("post_install", "-at_install")
class TestApprovalDelegation(ApprovalMixin, HospitalRepairCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Delegation = cls.env["hospital.repair.approval.delegation"]

    def test_delegation_routes_steps_to_the_substitute(self):
        today = fields.Date.today()
        self.Delegation.with_user(self.head_nurse_a).create({
            "substitute_id": self.requester_a.id,
            "date_from": today - timedelta(days=1), "date_to": today + timedelta(days=2),
            "note": "Annual leave",
        })
        order = self._submit()
        first = order.approval_ids[0]
        self.assertEqual(first.approver_id, self.requester_a)
        self.assertEqual(first.delegator_id, self.head_nurse_a)
        with self.assertRaises(UserError):
            first.with_user(self.head_nurse_a).action_approve()
        first.with_user(self.requester_a).action_approve()
        self.assertEqual(first.decided_by_id, self.requester_a)
        self.assertTrue(any(
            "李护士" in str(m.body) and "Acted for 周护士长 (delegation)" in str(m.body)
            for m in order.message_ids
        ))

    def test_approver_of_another_department_reads_the_order(self):
        """An approver outside the order's department reaches it through
        their step (is_my_approval): found by a search of the ids of their
        steps, not by a join of every order to its steps."""
        today = fields.Date.today()
        self.Delegation.with_user(self.head_nurse_a).create({
            "substitute_id": self.requester_b.id,
            "date_from": today - timedelta(days=1), "date_to": today + timedelta(days=2),
        })
        Order = self.env["hospital.repair.order"]
        # what requester_b reaches through steps is read once a request:
        # new steps in the same transaction count too
        self.assertFalse(Order.with_user(self.requester_b).search([("is_my_approval", "=", True)]))
        order = self._submit()
        self.assertEqual(order.approval_ids[0].approver_id, self.requester_b)
        self.assertEqual(Order.with_user(self.requester_b).search([("id", "=", order.id)]), order)
        self.assertEqual(order.with_user(self.requester_b).description, "Autoclave leaks")
        self.assertTrue(order.with_user(self.requester_b).is_my_approval)
        self.assertEqual(Order.with_user(self.requester_b).search(
            [("is_my_approval", "=", True)]), order)
        self.assertFalse(Order.with_user(self.requester_no_employee).search([("id", "=", order.id)]))
        with self.assertRaises(AccessError):
            order.with_user(self.requester_no_employee).read(["description"])
        # the rule's query: the ids of the steps, no subquery on every order
        query = str(Order.with_user(self.requester_b)._search([]))
        self.assertNotIn("hospital_repair_approval", query)

    def test_delegation_outside_its_period_is_ignored(self):
        today = fields.Date.today()
        self.Delegation.create({
            "user_id": self.head_nurse_a.id, "substitute_id": self.requester_a.id,
            "date_from": today + timedelta(days=3), "date_to": today + timedelta(days=5),
        })
        self.Delegation.create({
            "user_id": self.head_nurse_a.id, "substitute_id": self.requester_no_employee.id,
            "date_from": today - timedelta(days=5), "date_to": today - timedelta(days=1),
        })
        self.assertEqual(self._submit().approval_ids[0].approver_id, self.head_nurse_a)

    def test_delegation_chain_and_loop(self):
        today = fields.Date.today()
        self.Delegation.create([
            {"user_id": self.logistics_head.id, "substitute_id": self.manager.id,
             "date_from": today, "date_to": today},
            {"user_id": self.manager.id, "substitute_id": self.logistics_head.id,
             "date_from": today, "date_to": today},
        ])
        order = self._submit()
        second = order.approval_ids[1]
        self.assertEqual(second.approver_id, self.manager)
        self.assertEqual(second.delegator_id, self.logistics_head)

    def test_delegation_checks(self):
        today = fields.Date.today()
        with self.assertRaises(ValidationError):
            self.Delegation.create({
                "user_id": self.head_nurse_a.id, "substitute_id": self.head_nurse_a.id,
                "date_from": today, "date_to": today,
            })
        with self.assertRaises(psycopg2.errors.CheckViolation), mute_logger("odoo.sql_db"):
            self.Delegation.create({
                "user_id": self.head_nurse_a.id, "substitute_id": self.vice_president.id,
                "date_from": today, "date_to": today - timedelta(days=1),
            })
        # A requester names substitutes for themselves only.
        with self.assertRaises(AccessError):
            self.Delegation.with_user(self.requester_no_employee).create({
                "user_id": self.head_nurse_a.id, "substitute_id": self.requester_no_employee.id,
                "date_from": today, "date_to": today,
            })
        mine = self.Delegation.with_user(self.head_nurse_a).create({
            "substitute_id": self.requester_a.id, "date_from": today, "date_to": today,
        })
        self.assertEqual(self.Delegation.with_user(self.requester_a).search([]), mine)
        self.assertFalse(self.Delegation.with_user(self.requester_no_employee).search([]))
