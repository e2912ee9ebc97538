from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import HospitalRepairCommon

ACT_TODO = "hospital_repair.mail_act_repair_todo"
ACT_VERIFY = "hospital_repair.mail_act_repair_verify"
ACT_DESK = "hospital_repair.mail_act_repair_desk"


@tagged("post_install", "-at_install")
class TestOrderLifecycle(HospitalRepairCommon):
    def _end_request(self):
        # each transition is its own request: run the end-of-transaction hooks
        # (Odoo does not track changes of a record created in the same one)
        self.env.flush_all()
        self.env.cr.flush()

    def _tracked_states(self, order):
        # tracking values are written when the transaction flushes its hooks
        self.env.flush_all()
        self.env.cr.flush()
        values = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", order._name),
            ("mail_message_id.res_id", "=", order.id),
            ("field_id.name", "=", "state"),
        ])
        return set(values.mapped("new_value_char"))

    def test_full_lifecycle(self):
        with freeze_time("2026-03-02 08:00:00"):
            order = self._new_order()
            self._end_request()
            self.assertEqual(order.state, "draft")
            self.assertTrue(order.name.startswith("BX202603"))
            self.assertEqual(order.reporter_id, self.requester_a)
            self.assertEqual(order.department_id, self.dept_a)
            order.action_submit()
            self._end_request()
            self.assertEqual(order.state, "submitted")
            self.assertEqual(order.date_reported, fields.Datetime.now())
            self.assertEqual(order.date_response_deadline, fields.Datetime.now() + timedelta(hours=1))
        with freeze_time("2026-03-02 08:20:00"):
            order.with_user(self.dispatcher).action_accept()
            self._end_request()
            self.assertEqual(order.state, "assigned")
            self.assertEqual(order.user_id, self.worker)
            self.assertEqual(order.duty_user_id, self.dispatcher)
            self.assertEqual(order.date_accepted, fields.Datetime.now())
            self.assertEqual(order.date_assigned, fields.Datetime.now())
            self.assertTrue(self._activities(order, ACT_TODO))
        with freeze_time("2026-03-02 09:00:00"):
            order.with_user(self.worker).action_start()
            self._end_request()
            self.assertEqual(order.state, "in_progress")
            self.assertEqual(order.date_started, fields.Datetime.now())
        with freeze_time("2026-03-02 10:00:00"):
            order.with_user(self.worker).action_finish(result="success", work_note="New washer")
            self._end_request()
            self.assertEqual(order.state, "done")
            self.assertEqual(order.result, "success")
            self.assertEqual(order.work_note, "New washer")
            self.assertFalse(self._activities(order, ACT_TODO), "the worker's to-do is done")
            self.assertEqual(self._activities(order, ACT_VERIFY).user_id, self.requester_a)
        with freeze_time("2026-03-02 11:00:00"):
            order.with_user(self.requester_a).action_verify()
            self._end_request()
            self.assertEqual(order.state, "verified")
            self.assertFalse(self._activities(order, ACT_VERIFY))
            order.with_user(self.dispatcher).action_followup(result="satisfied", note="Thanks")
            self._end_request()
            self.assertEqual(order.followup_result, "satisfied")
            self.assertEqual(order.date_followup, fields.Datetime.now())
            order.with_user(self.dispatcher).action_close()
            self._end_request()
            self.assertEqual(order.state, "closed")
            self.assertEqual(order.date_closed, fields.Datetime.now())
        self.assertFalse(order.is_overdue)
        self.assertFalse(order.sudo().activity_ids)
        self.assertLessEqual(
            {"Submitted", "Assigned", "In Progress", "Done", "Verified", "Closed"},
            self._tracked_states(order),
        )

    def test_approval_category_waits(self):
        order = self._new_order(category_id=self.cat_pressure.id)
        order.action_submit()
        self.assertEqual(order.state, "to_approve")
        self.assertTrue(order.date_reported)
        self.assertFalse(order.date_response_deadline, "the desk's clock waits for the approval")
        order.sudo()._on_approval_approved()
        self.assertEqual(order.state, "submitted")
        self.assertTrue(order.date_approved)
        self.assertEqual(order.date_response_deadline, order.date_approved + timedelta(hours=2))
        other = self._submitted_order(category_id=self.cat_pressure.id)
        other.sudo()._on_approval_refused("Not needed")
        self.assertEqual(other.state, "rejected")
        self.assertEqual(other.reject_reason, "Not needed")

    def test_failure_needs_explanation_and_solution(self):
        order = self._started_order()
        with self.assertRaisesRegex(UserError, "explanation and a proposed solution"):
            order.with_user(self.worker).action_finish(result="failure", failure_reason="Broken")
        self.assertEqual(order.state, "in_progress")
        order.with_user(self.worker).action_finish(
            result="failure", failure_reason="Pipe rotten", proposed_solution="Replace the riser",
        )
        self.assertEqual(order.result, "failure")
        self.assertEqual(order.proposed_solution, "Replace the riser")
        self.assertTrue(self._activities(order, ACT_DESK), "the desk hears of failures")

    def test_reopen_counts_and_goes_back_to_the_worker(self):
        order = self._done_order()
        with self.assertRaisesRegex(UserError, "reason"):
            order.with_user(self.requester_a).action_reopen(reason="  ")
        order.with_user(self.requester_a).action_reopen(reason="Still leaking")
        self.assertEqual(order.state, "assigned")
        self.assertEqual(order.reopen_count, 1)
        self.assertEqual(order.reopen_reason, "Still leaking")
        self.assertFalse(order.result)
        self.assertFalse(order.date_done)
        self.assertFalse(self._activities(order, ACT_VERIFY))
        self.assertEqual(self._activities(order, ACT_TODO).user_id, self.worker)
        self.assertTrue(self._activities(order, ACT_DESK))
        order.with_user(self.worker).action_start()
        order.with_user(self.worker).action_finish(result="success")
        order.with_user(self.requester_a).action_reopen(reason="Again")
        self.assertEqual(order.reopen_count, 2)

    def test_urge_counts_and_notifies(self):
        order = self._assigned_order()
        with freeze_time("2026-03-02 12:00:00"):
            order.with_user(self.requester_a).action_urge()
        order.with_user(self.requester_a2).action_urge()
        self.assertEqual(order.urge_count, 2)
        self.assertTrue(order.date_last_urge > fields.Datetime.to_datetime("2026-03-02 12:00:00"))
        urged = order.sudo().message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("hospital_repair.mt_order_urged")
        )
        self.assertEqual(len(urged), 2)
        self.assertIn(self.worker.partner_id, urged[0].partner_ids)
        self.assertIn(self.dispatcher.partner_id, urged[0].partner_ids)
        self.assertEqual(len(self._activities(order, ACT_DESK)), 1, "one desk to-do, not one per urge")
        order.with_user(self.dispatcher).action_redispatch(user=self.worker_a2, reason="Faster")
        self.assertFalse(self._activities(order, ACT_DESK), "the desk acted")

    def test_reject_needs_reason(self):
        order = self._submitted_order()
        with self.assertRaisesRegex(UserError, "reason for the rejection"):
            order.with_user(self.dispatcher).action_reject(reason="")
        order.with_user(self.dispatcher).action_reject(reason="Medical device: call biomedical")
        self.assertEqual(order.state, "rejected")
        self.assertEqual(order.reject_reason, "Medical device: call biomedical")

    def test_redispatch_logs_reason(self):
        order = self._started_order()
        with self.assertRaisesRegex(UserError, "reason for the re-dispatch"):
            order.with_user(self.dispatcher).action_redispatch(user=self.worker_a2, reason="")
        with self.assertRaisesRegex(UserError, "not a maintenance worker"):
            order.with_user(self.dispatcher).action_redispatch(user=self.requester_b, reason="x")
        order.with_user(self.dispatcher).action_redispatch(user=self.worker_a2, reason="Sick")
        self.assertEqual(order.user_id, self.worker_a2)
        self.assertEqual(self._activities(order, ACT_TODO).user_id, self.worker_a2)
        self.assertTrue(any("Sick" in body for body in order.sudo().message_ids.mapped("body")))
        vendor = self.env["res.partner"].create({"name": "Otis Lifts"})
        order.with_user(self.dispatcher).action_redispatch(vendor=vendor, reason="Lift")
        self.assertEqual(order.vendor_id, vendor)
        self.assertFalse(order.user_id)
        self.assertFalse(self._activities(order, ACT_TODO))

    def test_followup_escalation_reaches_the_logistics_leader(self):
        self.env.company.repair_logistics_leader_id = self.manager
        order = self._done_order()
        order.with_user(self.dispatcher).action_followup(result="escalated", note="Leaks again")
        escalation = self._activities(order, "hospital_repair.mail_act_repair_escalation")
        self.assertEqual(escalation.user_id, self.manager)
        order.with_user(self.requester_a).action_verify()
        order.with_user(self.dispatcher).action_close()
        self.assertFalse(self._activities(order, "hospital_repair.mail_act_repair_escalation"))

    def test_cancel(self):
        order = self._assigned_order()
        order.with_user(self.requester_a).action_cancel()
        self.assertEqual(order.state, "cancelled")
        self.assertTrue(order.date_cancelled)
        self.assertFalse(order.sudo().activity_ids)

    def test_wizards(self):
        order = self._submitted_order()
        action = order.with_user(self.dispatcher).with_context(
            hospital_repair_dialog="reject").action_open_dialog()
        wizard = Form(self.env[action["res_model"]].with_user(self.dispatcher).with_context(**action["context"]))
        wizard.reason = "Out of scope"
        wizard.save().action_confirm()
        self.assertEqual(order.state, "rejected")

        order = self._started_order()
        action = order.with_user(self.worker).with_context(
            hospital_repair_dialog="finish").action_open_dialog()
        form = Form(self.env[action["res_model"]].with_user(self.worker).with_context(**action["context"]))
        form.result = "failure"
        form.failure_reason = "No spare part"
        form.proposed_solution = "Order the part"
        form.save().action_confirm()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.failure_reason, "No spare part")

        action = order.with_user(self.requester_a).with_context(
            hospital_repair_dialog="reopen").action_open_dialog()
        form = Form(self.env[action["res_model"]].with_user(self.requester_a).with_context(**action["context"]))
        form.reason = "Not fixed"
        form.save().action_confirm()
        self.assertEqual(order.reopen_count, 1)

        action = order.with_user(self.dispatcher).with_context(
            hospital_repair_dialog="redispatch").action_open_dialog()
        form = Form(self.env[action["res_model"]].with_user(self.dispatcher).with_context(**action["context"]))
        self.assertEqual(form.suggested_user_id, self.worker)
        form.user_id = self.worker_a2
        form.reason = "Closer"
        form.save().action_confirm()
        self.assertEqual(order.user_id, self.worker_a2)

        order = self._done_order()
        order.with_user(self.requester_a).action_verify()
        action = order.with_user(self.dispatcher).with_context(
            hospital_repair_dialog="followup").action_open_dialog()
        form = Form(self.env[action["res_model"]].with_user(self.dispatcher).with_context(**action["context"]))
        form.followup_result = "unsatisfied"
        form.followup_note = "Noisy"
        form.save().action_confirm()
        self.assertEqual(order.followup_result, "unsatisfied")
        self.assertEqual(order.followup_note, "Noisy")

    def test_phone_report_by_the_desk(self):
        Order = self.env["hospital.repair.order"].with_user(self.dispatcher).with_context(
            default_channel="phone", default_reporter_id=False, hospital_repair_auto_submit=True,
        )
        order = Order.create({
            "reporter_name": "Nurse Li", "contact_phone": "8123",
            "zone_id": self.floor_a2.id, "category_id": self.cat_water.id,
            "description": "Sink blocked",
        })
        self.assertEqual(order.state, "submitted")
        self.assertEqual(order.duty_user_id, self.dispatcher)
        self.assertFalse(order.reporter_id)
        with self.assertRaises(ValidationError):
            Order.create({
                "reporter_name": "  ", "zone_id": self.floor_a2.id,
                "category_id": self.cat_water.id, "description": "x",
            })

    def test_contact_phone_validated(self):
        for good in ("13800138000", "+86 21 6404-1990", "8123", "021-64041990 转 123"):
            self._new_order(contact_phone=good)
        for bad in ("call me", "12", "138abc"):
            with self.assertRaises(ValidationError):
                self._new_order(contact_phone=bad)


@tagged("post_install", "-at_install")
class TestOrderDeadlines(HospitalRepairCommon):
    def test_priority_shortens_the_sla(self):
        with freeze_time("2026-03-02 08:00:00"):
            now = fields.Datetime.now()
            normal = self._submitted_order()
            urgent = self._submitted_order(priority="urgent")
            emergency = self._submitted_order(priority="emergency")
        self.assertEqual(normal.date_completion_deadline, now + timedelta(hours=8))
        self.assertEqual(urgent.date_completion_deadline, now + timedelta(hours=4))
        self.assertEqual(emergency.date_response_deadline, now + timedelta(minutes=15))
        self.env.company.repair_factor_urgent = 0.25
        self.assertEqual(
            self.cat_water._get_deadlines(now, "urgent"),
            (now + timedelta(minutes=15), now + timedelta(hours=2)),
        )
        orders = self.env["hospital.repair.order"].search(
            [("priority_level", ">", 0), ("id", "in", (normal | urgent | emergency).ids)]
        )
        self.assertEqual(orders.ids, [emergency.id, urgent.id], "emergencies come first")

    def test_overdue_flags_follow_the_clock(self):
        Order = self.env["hospital.repair.order"]
        with freeze_time("2026-03-02 08:00:00"):
            late = self._submitted_order()
            on_time = self._submitted_order()
        with freeze_time("2026-03-02 08:30:00"):
            on_time.with_user(self.dispatcher).action_accept()
        with freeze_time("2026-03-02 09:30:00"):
            Order._cron_update_overdue()
            self.assertTrue(late.is_response_overdue)
            self.assertTrue(late.is_overdue)
            self.assertFalse(on_time.is_overdue)
            self.assertEqual(
                Order.search([("is_overdue", "=", True), ("id", "in", (late | on_time).ids)]), late
            )
        with freeze_time("2026-03-02 17:00:00"):
            Order._cron_update_overdue()
            self.assertTrue(on_time.is_completion_overdue)
            self.assertFalse(on_time.is_response_overdue)
        with freeze_time("2026-03-02 18:00:00"):
            late.with_user(self.dispatcher).action_reject(reason="Duplicate")
            self.assertFalse(late.is_overdue, "a rejected order is not late any more")

    def test_cron_auto_verify(self):
        with freeze_time("2026-03-02 08:00:00"):
            old = self._done_order()
        with freeze_time("2026-03-04 08:00:00"):
            recent = self._done_order()
        with freeze_time("2026-03-05 09:00:00"):
            verified = self.env["hospital.repair.order"]._cron_auto_verify()
        self.assertIn(old, verified)
        self.assertNotIn(recent, verified)
        self.assertEqual(old.state, "verified")
        self.assertEqual(old.date_verified, fields.Datetime.to_datetime("2026-03-05 09:00:00"))
        self.assertFalse(self._activities(old, ACT_VERIFY))
        self.assertEqual(recent.state, "done")
        self.env.company.repair_auto_verify_days = 1
        with freeze_time("2026-03-05 09:00:00"):
            self.env["hospital.repair.order"]._cron_auto_verify()
        self.assertEqual(recent.state, "verified")
