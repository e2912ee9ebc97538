"""The findings of issue 20 about the order itself, each a regression test:
the order's state, stamps and assignment move only through its transitions,
whoever calls and however (ORM, context defaults, JSON-2, the report form)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HospitalRepairCommon, HospitalRepairHttpCommon
from .portal_common import png_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'


@tagged("post_install", "-at_install")
class TestOrderRights(HospitalRepairCommon):
    def _vals(self, **vals):
        return dict({
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "description": "The tap leaks", "contact_phone": "021-64041990",
        }, **vals)

    def _count(self):
        return self.env["hospital.repair.order"].search_count([])

    def test_context_defaults_cannot_give_transition_fields(self):
        Order = self.env["hospital.repair.order"].with_user(self.requester_a)
        before = self._count()
        for key, value in (
            ("default_state", "closed"), ("default_state", "verified"),
            ("default_user_id", self.worker.id), ("default_date_done", "2026-01-01 08:00:00"),
            ("default_urge_count", 5), ("default_date_response_deadline", "2030-01-01 00:00:00"),
        ):
            with self.subTest(key=key, value=value), self.assertRaises(AccessError):
                Order.with_context(**{key: value}).create(self._vals())
        # the desk neither: the desk's kanban column is no way around submit
        with self.assertRaises(AccessError):
            Order.with_user(self.dispatcher).with_context(default_state="closed").create(self._vals())
        self.assertEqual(self._count(), before, "no order was born")
        order = Order.with_context(default_state="draft").create(self._vals())
        self.assertEqual(order.state, "draft")

    def test_transition_fields_refused_in_create_and_write(self):
        Order = self.env["hospital.repair.order"]
        with self.assertRaises(AccessError):
            Order.with_user(self.requester_a).create(self._vals(state="closed"))
        with self.assertRaises(AccessError):
            Order.with_user(self.dispatcher).create(self._vals(user_id=self.worker.id))
        order = self._submitted_order()
        for user, vals in (
            (self.dispatcher, {"state": "closed"}),
            (self.manager, {"date_done": fields.Datetime.now()}),
            (self.dispatcher, {"user_id": self.worker_a2.id}),
            (self.requester_a, {"urge_count": 0, "date_last_urge": False}),
            (self.requester_a, {"date_completion_deadline": fields.Datetime.now()}),
        ):
            with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                order.with_user(user).write(vals)
        self.assertEqual(order.state, "submitted")

    def test_superuser_mode_is_not_a_role(self):
        order = self._submitted_order()
        with self.assertRaises(UserError):
            order.with_user(self.requester_a).sudo().action_accept()
        with self.assertRaises(AccessError):
            order.with_user(self.requester_a).sudo().write({"state": "closed"})
        self.assertEqual(order.state, "submitted")

    def test_requester_edits_own_report_until_accepted(self):
        order = self._submitted_order()
        mine = order.with_user(self.requester_a)
        mine.write({"description": "The tap leaks a lot", "contact_phone": "13800138000"})
        for vals in ({"reporter_id": self.requester_a2.id}, {"department_id": self.dept_b.id},
                     {"category_id": self.cat_pressure.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        with self.assertRaises(AccessError):
            order.with_user(self.requester_a2).write({"description": "Nothing", "reporter_id": self.requester_a2.id})
        order.with_user(self.dispatcher).action_accept()
        with self.assertRaises(AccessError):
            mine.write({"description": "Changed after acceptance"})
        self.assertEqual(order.description, "The tap leaks a lot")
        self.assertEqual(order.reporter_id, self.requester_a)

    def test_report_in_own_name_only(self):
        Order = self.env["hospital.repair.order"]
        before = self._count()
        for vals in ({"reporter_id": self.requester_b.id}, {"department_id": self.dept_b.id},
                     {"reporter_id": False, "reporter_name": "Somebody else"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Order.with_user(self.requester_a).create(self._vals(**vals))
        with self.assertRaises(AccessError):
            Order.with_user(self.requester_a).with_context(
                default_reporter_id=self.requester_b.id).create(self._vals())
        self.assertEqual(self._count(), before)
        order = Order.with_user(self.dispatcher).create(self._vals(reporter_id=self.requester_b.id))
        self.assertEqual(order.department_id, self.dept_b)

    def test_other_hospitals_zone_and_category_refused(self):
        Order = self.env["hospital.repair.order"].with_user(self.requester_a)
        with self.assertRaises(UserError):
            Order.create(self._vals(zone_id=self.zone_other.id))
        with self.assertRaises(UserError):
            Order.create(self._vals(category_id=self.cat_other.id))
        with self.assertRaises(AccessError):
            Order.create(self._vals(company_id=self.company_2.id, zone_id=self.zone_other.id,
                                    category_id=self.cat_other.id))

    def test_worker_writes_only_own_orders_work(self):
        order = self._assigned_order(zone_id=self.floor_a2.id)
        self.assertEqual(order.user_id, self.worker_a2)
        self.assertTrue(order.with_user(self.worker).is_my_zone, "A2 lies in the worker's building")
        with self.assertRaises(AccessError):
            order.with_user(self.worker).write({"work_note": "Not my order"})
        order.with_user(self.worker_a2).write({"work_note": "Washer replaced"})
        with self.assertRaises(AccessError):
            order.with_user(self.worker_a2).write({"description": "Rewritten"})
        self.assertEqual(order.work_note, "Washer replaced")

    def test_transitions_that_need_words_refuse_a_call_without_them(self):
        order = self._submitted_order()
        desk = order.with_user(self.dispatcher)
        for call in (desk.action_reject, lambda: desk.action_reject("  ")):
            with self.assertRaisesRegex(UserError, "reason"):
                call()
        desk.action_accept()
        with self.assertRaisesRegex(UserError, "worker or the vendor"):
            desk.action_redispatch()
        order.with_user(order.user_id).action_start()
        with self.assertRaisesRegex(UserError, "success or failure"):
            order.with_user(order.user_id).action_finish()
        self.assertEqual(order.state, "in_progress")
        # the buttons open the dialog instead
        action = desk.with_context(hospital_repair_dialog="finish").action_open_dialog()
        self.assertEqual(action["res_model"], "hospital.repair.order.action.wizard")

    def test_rights_table_drives_buttons_and_actions(self):
        order = self._submitted_order()
        self.assertFalse(order.with_user(self.requester_a).can_accept)
        self.assertTrue(order.with_user(self.dispatcher).can_accept)
        self.assertTrue(order.with_user(self.requester_a).can_cancel)
        self.assertFalse(order.with_user(self.requester_a2).can_cancel, "a colleague is not the reporter")
        self.assertTrue(order.with_user(self.requester_a2).can_urge, "a colleague may urge")
        with self.assertRaisesRegex(UserError, "reporter"):
            order.with_user(self.requester_a2).action_cancel()
        with self.assertRaisesRegex(UserError, "service desk"):
            order.with_user(self.requester_a).action_accept()


@tagged("post_install", "-at_install")
class TestOrderSla(HospitalRepairCommon):
    def test_deadlines_are_set_once(self):
        with freeze_time("2026-03-02 08:00:00"):
            order = self._submitted_order(priority="urgent")
        start = fields.Datetime.to_datetime("2026-03-02 08:00:00")
        deadlines = (start + timedelta(minutes=30), start + timedelta(hours=4))
        self.assertEqual((order.date_response_deadline, order.date_completion_deadline), deadlines)
        self.cat_water.write({"response_hours": 10, "completion_hours": 100})
        self.env.company.repair_factor_urgent = 1.0
        order.with_user(self.dispatcher).action_accept()
        order.invalidate_recordset()
        self.assertEqual((order.date_response_deadline, order.date_completion_deadline), deadlines,
                         "later edits of the category or the settings move no running deadline")

    def test_approval_starts_the_clock(self):
        with freeze_time("2026-03-02 08:00:00"):
            order = self._submitted_order(category_id=self.cat_pressure.id)
        self.assertEqual(order.state, "to_approve")
        self.assertFalse(order.date_response_deadline)
        with freeze_time("2026-03-02 10:00:00"):
            for step in order.approval_ids.sorted("sequence"):
                step.with_user(self.manager).action_approve()
        start = fields.Datetime.to_datetime("2026-03-02 10:00:00")
        self.assertEqual(order.state, "submitted")
        self.assertEqual(order.date_response_deadline, start + timedelta(hours=2))
        self.assertEqual(order.date_completion_deadline, start + timedelta(hours=24))


@tagged("post_install", "-at_install")
class TestOrderMessages(HospitalRepairCommon):
    """One message per event: the reporter hears once of accept (with the
    dispatch it brings), done and reject; the worker once of the dispatch,
    by the same message."""

    def _messages(self, order, func):
        Message = self.env["mail.message"].sudo()
        Notification = self.env["mail.notification"].sudo()
        last_message = Message.search([], order="id desc", limit=1).id
        last_notification = Notification.search([], order="id desc", limit=1).id
        func()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking messages are posted at commit
        messages = Message.search([("id", ">", last_message)])
        notifications = Notification.search([("id", ">", last_notification)])
        self.assertEqual(messages.filtered(lambda m: m.model != order._name or m.res_id != order.id),
                         Message, "nothing posted elsewhere")
        return messages, notifications

    def test_accept_with_dispatch(self):
        order = self._submitted_order()
        self.env.cr.precommit.run()
        messages, notifications = self._messages(
            order, lambda: order.with_user(self.dispatcher).action_accept())
        self.assertEqual(order.user_id, self.worker)
        self.assertEqual(len(messages), 1, "the tracked change, in the reporter's words")
        self.assertIn("is on the way", messages.body)
        by_partner = {p: len(notifications.filtered(lambda n, p=p: n.res_partner_id == p))
                      for p in notifications.res_partner_id}
        self.assertEqual(by_partner, {self.requester_a.partner_id: 1, self.worker.partner_id: 1})

    def test_done_and_reject(self):
        order = self._started_order()
        self.env.cr.precommit.run()
        _messages, notifications = self._messages(
            order, lambda: order.with_user(self.worker).action_finish("success"))
        self.assertEqual(notifications.res_partner_id, self.requester_a.partner_id)
        self.assertEqual(len(notifications), 1)

        order = self._submitted_order()
        self.env.cr.precommit.run()
        _messages, notifications = self._messages(
            order, lambda: order.with_user(self.dispatcher).action_reject("Duplicate"))
        self.assertEqual(notifications.res_partner_id, self.requester_a.partner_id)
        self.assertEqual(len(notifications), 1)

    def test_redispatch_tells_the_new_worker_once(self):
        order = self._assigned_order()
        self.env.cr.precommit.run()
        _messages, notifications = self._messages(
            order, lambda: order.with_user(self.dispatcher).action_redispatch(
                user=self.worker_a2, reason="Closer"))
        counts = {p: len(notifications.filtered(lambda n, p=p: n.res_partner_id == p))
                  for p in notifications.res_partner_id}
        self.assertEqual(counts.get(self.worker_a2.partner_id), 1)
        self.assertEqual(counts.get(self.requester_a.partner_id), 1)

    def test_reopen_tells_the_worker_once(self):
        """The reopening's own message tells the worker; the state going back
        to them is logged, not a second notice."""
        order = self._done_order()
        self.env.cr.precommit.run()
        _messages, notifications = self._messages(
            order, lambda: order.with_user(self.requester_a).action_reopen("Still leaking"))
        told = notifications.filtered(lambda n: n.res_partner_id == self.worker.partner_id)
        self.assertEqual(len(told), 1)
        self.assertEqual(told.mail_message_id.subtype_id,
                         self.env.ref("hospital_repair.mt_order_reopened"))
        self.assertIn(self.worker.partner_id, order.message_partner_ids)


@tagged("post_install", "-at_install")
class TestOrderRightsHttp(HospitalRepairHttpCommon):
    def _error(self, response):
        self.assertNotEqual(response.status_code, 200, response.text)
        return response.json()

    def test_json2_context_defaults_refused(self):
        before = self.env["hospital.repair.order"].search_count([])
        response = self.json2(
            self.requester_a, "hospital.repair.order", "create",
            vals_list=[{"zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
                        "description": "Leak", "contact_phone": "8123"}],
            context={"default_state": "closed", "default_user_id": self.worker.id},
        )
        error = self._error(response)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(self.env["hospital.repair.order"].search_count([]), before)

    def test_json2_write_and_wordless_transition_refused(self):
        order = self._submitted_order()
        error = self._error(self.json2(self.requester_a, "hospital.repair.order", "write",
                                       ids=order.ids, vals={"state": "closed"}))
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        error = self._error(self.json2(self.dispatcher, "hospital.repair.order", "action_reject",
                                       ids=order.ids))
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn("reason", error["message"])
        response = self.json2(self.dispatcher, "hospital.repair.order", "action_accept", ids=order.ids)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(order.state, "assigned")

    def test_report_form_with_a_refused_photo_writes_nothing(self):
        self.authenticate("requester_a", "requester_a")
        data = {
            "zone_id": str(self.floor_a1.id), "category_id": str(self.cat_water.id),
            "description": "The ceiling lamp flickers", "priority": "normal",
            "contact_phone": "13812345678", "submit_token": "tok-svg",
        }
        before = self.env["hospital.repair.order"].search_count([])
        response = self._post_form(data, [("photos", ("lamp.svg", SVG, "image/svg+xml"))])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["hospital.repair.order"].search_count([]), before)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "lamp.svg")]))
        response = self._post_form(data, [("photos", ("lamp.png", png_bytes(), "image/png"))])
        self.assertEqual(response.status_code, 303)
        order = self.env["hospital.repair.order"].search([("submit_token", "=", "tok-svg")])
        self.assertEqual(order.state, "submitted")
        self.assertEqual(len(order.photo_ids), 1)

    def _post_form(self, data, files):
        return self.url_open("/repair/new", data=dict(data, csrf_token=http.Request.csrf_token(self)),
                             files=files, allow_redirects=False)

    def test_portal_actions_follow_the_rights_table(self):
        order = self.env["hospital.repair.order"].with_user(self.dispatcher).create({
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "description": "Lamp", "reporter_id": self.portal_a.id, "channel": "portal",
        })
        order.with_user(self.dispatcher).action_submit()
        self.authenticate("requester_a2", "requester_a2")

        response = self.url_open(f"/my/repairs/{order.id}/cancel",
                                 data={"csrf_token": http.Request.csrf_token(self)},
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.state, "submitted", "a colleague cannot cancel the reporter's order")
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/repairs/{order.id}/cancel",
                                 data={"csrf_token": http.Request.csrf_token(self)},
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.state, "cancelled")
