from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..controllers import portal as portal_controller
from .portal_common import HospitalRepairPortalCase, png_bytes


@tagged("post_install", "-at_install")
class TestRepairForm(HospitalRepairPortalCase):
    def _orders(self):
        return self.env["hospital.repair.order"].search([("reporter_id", "=", self.portal_c.id)])

    def test_form_get_prefills_phone(self):
        self.portal_c.partner_id.phone = "021-64370045"
        self.authenticate("portal_c", "portal_c")
        response = self.url_open("/repair/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="submit_token"', response.text)
        self.assertIn("021-64370045", response.text)
        self.assertIn(self.floor_a1.complete_name, response.text)

    def test_form_creates_one_order_on_double_submit(self):
        self.authenticate("portal_c", "portal_c")
        data = self._form_data(token="double")
        files = [("photos", ("lamp.png", png_bytes(), "image/png"))]
        first = self._post("/repair/new", data, files)
        second = self._post("/repair/new", data, files)
        self.assertEqual(first.status_code, 303)
        orders = self._orders()
        self.assertEqual(len(orders), 1)
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        self.assertIn(f"/my/repairs/{orders.id}", first.headers["Location"])
        self.assertEqual(orders.state, "submitted")
        self.assertEqual(orders.channel, "portal")
        self.assertEqual(orders.reporter_id, self.portal_c)
        self.assertEqual(orders.department_id, self.dept_c)
        self.assertEqual(len(orders.photo_ids), 1)
        page = self.url_open(first.headers["Location"])
        self.assertIn(orders.name, page.text)
        self.assertIn("o_repair_reported", page.text)

    def test_form_refuses_bad_input(self):
        self.authenticate("portal_c", "portal_c")
        past = fields.Datetime.now() - timedelta(days=1)
        cases = [
            ({"description": "  "}, None, "Describe the fault."),
            ({"contact_phone": "12345"}, None, "Enter a mobile number"),
            ({"zone_id": "999999"}, None, "Choose the place of the fault"),
            ({"zone_id": "abc"}, None, "Choose the place of the fault"),
            ({"appointment_date": past.strftime("%Y-%m-%dT%H:%M")}, None,
             "The appointment time cannot be in the past."),
            ({}, [("photos", ("doc.pdf", b"%PDF-1.4 not an image", "application/pdf"))],
             "Only images can be attached as photos."),
            ({}, [("photos", ("big.png", png_bytes() + b"\0" * (8 * 1024 * 1024 + 1),
                              "image/png"))], "A photo is larger than 8 MB."),
            ({}, [("photos", (f"p{i}.png", png_bytes(), "image/png")) for i in range(7)],
             "At most 6 photos."),
        ]
        for i, (overrides, files, message) in enumerate(cases):
            with self.subTest(message=message):
                response = self._post(
                    "/repair/new", self._form_data(token=f"bad{i}", **overrides), files)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn("o_repair_field_error", response.text)
                self.assertFalse(self._orders())
        # nothing written but the images kept for the next send (the
        # reporter does not take them again), on no order
        kept = self.env["ir.attachment"].search(
            [("res_model", "=", "hospital.repair.order"), ("create_uid", "=", self.portal_c.id)])
        self.assertFalse(kept.filtered("res_id"))
        self.assertTrue(all(a.mimetype.startswith("image/") for a in kept))

    def test_landline_and_future_appointment_accepted(self):
        self.authenticate("portal_c", "portal_c")
        future = fields.Datetime.now() + timedelta(days=2)
        response = self._post("/repair/new", self._form_data(
            contact_phone="021-64370045-801",
            appointment_date=future.strftime("%Y-%m-%dT%H:%M")))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self._orders().appointment_date)

    def test_form_without_csrf_refused(self):
        self.authenticate("portal_c", "portal_c")
        response = self.url_open("/repair/new", data=self._form_data(), allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._orders())

    def test_model_constraints_for_backend(self):
        order = self._portal_order(self.portal_c)
        with self.assertRaises(ValidationError):
            order.contact_phone = "0000"
            order.flush_recordset()
        with self.assertRaises(ValidationError):
            order.appointment_date = fields.Datetime.now() - timedelta(hours=2)
            order.flush_recordset()
        pdf = self.env["ir.attachment"].create(
            {"name": "x.pdf", "raw": b"%PDF-1.4", "res_model": order._name, "res_id": order.id})
        with self.assertRaises(ValidationError):
            order.photo_ids = pdf


@tagged("post_install", "-at_install")
class TestRepairPortalSecurity(HospitalRepairPortalCase):
    def test_list_shows_own_and_department(self):
        own = self._portal_order(self.portal_c)
        other = self._portal_order(self.portal_a, description="Another department's tap")
        self.authenticate("portal_c", "portal_c")
        page = self.url_open("/my/repairs").text
        self.assertIn(own.name, page)
        self.assertNotIn(other.name, page)
        self.authenticate("portal_leader_c", "portal_leader_c")
        page = self.url_open("/my/repairs").text
        self.assertIn(own.name, page)
        self.assertNotIn(other.name, page)
        page = self.url_open("/my/repairs?filterby=to_confirm").text
        self.assertNotIn(own.name, page)
        page = self.url_open(f"/my/repairs?search={own.name}&search_in=name").text
        self.assertIn(own.name, page)

    def test_list_counts_its_pages_up_to_the_limit(self):
        """The pager counts up to PORTAL_COUNT_LIMIT orders, not all of them:
        three orders, one a page, a limit of two give two pages."""
        for i in range(3):
            self._portal_order(self.portal_c, description=f"Tap {i}")
        self.authenticate("portal_c", "portal_c")
        with patch.object(portal_controller, "PORTAL_COUNT_LIMIT", 2), \
                patch.object(portal_controller.HospitalRepairPortal, "_items_per_page", 1):
            page = self.url_open("/my/repairs").text
            counters = self.make_jsonrpc_request("/my/counters", {"counters": ["repair_count"]})
        self.assertIn("/my/repairs/page/2", page)
        self.assertNotIn("/my/repairs/page/3", page)
        self.assertEqual(counters["repair_count"], 2, "the home's counter stops at the limit too")

    def test_cannot_read_or_act_on_other_order(self):
        order = self._portal_order(self.portal_c)
        self._bring_to_done(order)
        self.authenticate("portal_a", "portal_a")
        self.assertEqual(self.url_open(f"/my/repairs/{order.id}").status_code, 404)
        for action in ("urge", "cancel", "confirm", "reopen", "evaluate", "complain"):
            with self.subTest(action=action):
                response = self._post(f"/my/repairs/{order.id}/{action}", {
                    "reason": "x", "description": "x", "score_quality": "1",
                    "score_attitude": "1", "score_timeliness": "1", "score_desk": "1"})
                self.assertEqual(response.status_code, 404)
        # An approver of someone else's order cannot decide through the portal either:
        # the order is not even readable.
        order.invalidate_recordset()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.urge_count, 0)
        self.assertFalse(order.evaluation_ids)
        self.assertFalse(order.complaint_ids)
        self.assertEqual(self.url_open("/my/repairs/999999").status_code, 404)

    def test_share_link_shows_only_that_order(self):
        order = self._portal_order(self.portal_c)
        other = self._portal_order(self.portal_c, description="Another one")
        # The reporter finds the link on the page; the department leader does not.
        self.authenticate("portal_leader_c", "portal_leader_c")
        self.assertNotIn("o_repair_share_url", self.url_open(f"/my/repairs/{order.id}").text)
        self.authenticate("portal_c", "portal_c")
        page = self.url_open(f"/my/repairs/{order.id}").text
        self.assertIn("o_repair_share_url", page)
        self.assertTrue(order.access_token)
        self.assertIn(f"/my/repairs/{order.id}?access_token={order.access_token}", page)
        # The desk shares from the backend with Odoo's share wizard.
        action = self.env.ref("hospital_repair.hospital_repair_order_action_share").with_context(
            active_model=order._name, active_id=order.id, active_ids=order.ids).run()
        self.assertEqual(action["res_model"], "portal.share")
        self.authenticate("portal_a", "portal_a")
        page = self.url_open(f"/my/repairs/{order.id}?access_token={order.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.name, page.text)
        self.assertNotIn("o_repair_urge", page.text)
        self.assertEqual(self.url_open(
            f"/my/repairs/{other.id}?access_token={order.access_token}").status_code, 404)
        self.assertNotIn(order.name, self.url_open("/my/repairs").text)
        # The token opens the page, never the actions.
        response = self._post(
            f"/my/repairs/{order.id}/urge?access_token={order.access_token}",
            {"access_token": order.access_token})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(order.urge_count, 0)
        # Anonymous visitors with the link see it too.
        self.authenticate(None, None)
        page = self.url_open(f"/my/repairs/{order.id}?access_token={order.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.name, page.text)


@tagged("post_install", "-at_install")
class TestRepairPortalActions(HospitalRepairPortalCase):
    def test_urge_with_interval_and_cancel(self):
        order = self._portal_order(self.portal_c)
        order.with_user(self.dispatcher).action_accept()
        self.authenticate("portal_c", "portal_c")
        response = self._post(f"/my/repairs/{order.id}/urge")
        self.assertIn("message=urge", response.headers["Location"])
        self.assertEqual(order.urge_count, 1)
        urge_message = order.message_ids.filtered(lambda m: "urges this repair" in m.body)
        self.assertEqual(urge_message.partner_ids, (self.worker | self.dispatcher).partner_id)
        self.assertEqual(urge_message.author_id, self.portal_c.partner_id)
        response = self._post(f"/my/repairs/{order.id}/urge")
        self.assertIn("message=error", response.headers["Location"])
        self.assertEqual(order.urge_count, 1)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("minutes ago; please wait", page)
        # Shown once; an "error" typed in a link shows nothing.
        page = self.url_open(f"/my/repairs/{order.id}?message=error&error=Call+0000").text
        self.assertNotIn("minutes ago; please wait", page)
        self.assertNotIn("Call 0000", page)
        self._post(f"/my/repairs/{order.id}/cancel")
        self.assertEqual(order.state, "cancelled")

    def test_leader_urges_but_cannot_confirm(self):
        order = self._portal_order(self.portal_c)
        self.authenticate("portal_leader_c", "portal_leader_c")
        self._post(f"/my/repairs/{order.id}/urge")
        self.assertEqual(order.urge_count, 1)
        self._bring_to_done(order)
        response = self._post(f"/my/repairs/{order.id}/confirm")
        self.assertIn("message=error", response.headers["Location"])
        self.assertEqual(order.state, "done")

    def test_reopen_needs_reason_then_confirm_and_evaluate(self):
        order = self._portal_order(self.portal_c)
        self._bring_to_done(order)
        self.authenticate("portal_c", "portal_c")
        # Not yet verified: no evaluation.
        self._post(f"/my/repairs/{order.id}/evaluate", {
            "score_quality": "5", "score_attitude": "5", "score_timeliness": "5",
            "score_desk": "5"})
        self.assertFalse(order.evaluation_ids)
        response = self._post(f"/my/repairs/{order.id}/reopen", {"reason": " "})
        self.assertIn("message=error", response.headers["Location"])
        self.assertEqual(order.state, "done")
        self._post(f"/my/repairs/{order.id}/reopen", {"reason": "Still flickers"})
        self.assertEqual(order.state, "assigned")
        self.assertEqual(order.reopen_count, 1)
        order.with_user(self.worker).action_start()
        order.with_user(self.worker).action_finish("success")
        self._post(f"/my/repairs/{order.id}/confirm")
        self.assertEqual(order.state, "verified")
        bad = self._post(f"/my/repairs/{order.id}/evaluate", {
            "score_quality": "9", "score_attitude": "5", "score_timeliness": "5",
            "score_desk": "5"})
        self.assertIn("message=error", bad.headers["Location"])
        self.assertFalse(order.evaluation_ids)
        self._post(f"/my/repairs/{order.id}/evaluate", {
            "score_quality": "5", "score_attitude": "4", "score_timeliness": "5",
            "score_desk": "5", "comment": "Fast"})
        self.assertEqual(len(order.evaluation_ids), 1)
        self.assertEqual(order.evaluation_ids.score_average, 4.75)
        # good scores: no call-back for the desk (the reopening has its own activity)
        self.assertFalse(order.activity_ids.filtered(lambda a: "satisfaction" in (a.summary or "")))
        # Still editable: a second post updates the same evaluation; a low score
        # gives the desk a follow-up activity.
        self._post(f"/my/repairs/{order.id}/evaluate", {
            "score_quality": "2", "score_attitude": "4", "score_timeliness": "5",
            "score_desk": "5"})
        self.assertEqual(len(order.evaluation_ids), 1)
        self.assertEqual(order.evaluation_ids.score_quality, 2)
        self.assertEqual(order.activity_ids.user_id, self.dispatcher)

    def test_complaint_reaches_managers_and_shows_resolution(self):
        order = self._portal_order(self.portal_c)
        self.authenticate("portal_c", "portal_c")
        response = self._post(f"/my/repairs/{order.id}/complain", {"description": " "})
        self.assertIn("message=error", response.headers["Location"])
        self.assertFalse(order.complaint_ids)
        self._post(f"/my/repairs/{order.id}/complain", {"description": "Nobody came"},
                   files=[("photo", ("p.png", png_bytes(), "image/png"))])
        complaint = order.complaint_ids
        self.assertEqual(complaint.state, "open")
        self.assertEqual(complaint.partner_id, self.portal_c.partner_id)
        self.assertTrue(complaint.photo)
        self.assertIn(self.manager, complaint.activity_ids.user_id)
        complaint.with_user(self.manager).action_handle()
        complaint.with_user(self.manager).resolution = "Worker called, comes at 14:00"
        complaint.with_user(self.manager).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        page = self.url_open(f"/my/repairs/{order.id}").text
        self.assertIn("Worker called, comes at 14:00", page)


@tagged("post_install", "-at_install")
class TestRepairNotifications(HospitalRepairPortalCase):
    def _end_request(self):
        # each click is a request: its tracked messages are posted at its end
        self.env.flush_all()
        self.env.cr.flush()

    def _notices(self, orders, partner):
        """The messages of ``orders`` that notified ``partner``."""
        return self.env["mail.message"].search([
            ("model", "=", "hospital.repair.order"), ("res_id", "in", orders.ids),
            ("notification_ids.res_partner_id", "in", partner.ids)], order="id")

    def test_reporter_notified_with_link(self):
        """Each event reaches the reporter once, as the transition's tracked
        message (state change and words together), which the worker gets
        too: one message for both, not one each."""
        order = self._portal_order(self.portal_c)
        other = self._portal_order(self.portal_c)
        self._end_request()
        order.with_user(self.dispatcher).action_accept()
        self._end_request()
        order.with_user(self.worker).action_start()
        self._end_request()
        order.with_user(self.worker).action_finish("success")
        self._end_request()
        other.with_user(self.dispatcher).action_reject("Not our job")
        self._end_request()
        messages = self._notices(order | other, self.portal_c.partner_id)
        # one message per event: accepting dispatched at once, one notice says both
        self.assertEqual(len(messages), 3)
        self.assertEqual(messages.subtype_id.mapped("name"), ["Dispatched", "Repair Done", "Rejected"])
        self.assertTrue(all(m.tracking_value_ids for m in messages), "the tracked messages")
        self.assertIn("王师傅</strong> is on the way", messages[0].body)
        self.assertIn("is done", messages[1].body)
        self.assertIn("Not our job", messages[2].body)
        # the worker's notice of the dispatch is the same message
        self.assertEqual(self._notices(order, self.worker.partner_id)[:1], messages[0])
        mails = self.env["mail.mail"].sudo().search([
            ("mail_message_id", "in", messages.ids),
            ("recipient_ids", "in", self.portal_c.partner_id.ids)])
        self.assertEqual(len(mails), 3, "portal reporters are notified by e-mail")
        # the e-mail's button opens the order for its reader
        self.assertIn(f"res_id={order.id}", mails.filtered(
            lambda m: m.mail_message_id == messages[0]).body_html)

    def test_order_created_and_accepted_at_once(self):
        """An order accepted in the transaction that created it (a preventive
        plan, a patrol) has no tracking: its event is a message of its own,
        to the reporter and the worker alike."""
        order = self._portal_order(self.portal_c)
        order.with_user(self.dispatcher).action_accept()
        self._end_request()
        notice = self._notices(order, self.portal_c.partner_id)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subtype_id, self.env.ref("hospital_repair.mt_order_assigned"))
        self.assertIn("王师傅</strong> is on the way", notice.body)
        self.assertEqual(self._notices(order, self.worker.partner_id), notice)

    def test_accepted_without_worker_tells_the_reporter_alone(self):
        self.env.company.repair_dispatch_on_accept = False
        order = self._portal_order(self.portal_c)
        self._end_request()
        order.with_user(self.dispatcher).action_accept()
        self._end_request()
        notice = self._notices(order, self.portal_c.partner_id)
        self.assertEqual(notice.subtype_id, self.env.ref("hospital_repair.mt_order_accepted"))
        self.assertIn("accepted repair request", notice.body)
        self.assertEqual(notice.notification_ids.res_partner_id, self.portal_c.partner_id)


@tagged("post_install", "-at_install")
class TestRepairSubmitRace(HospitalRepairPortalCase):
    def test_token_taken_concurrently_gives_clear_error(self):
        # Stands for a concurrent submit whose order this transaction cannot
        # see: the unique index refuses the second insert, nothing is created.
        first, errors = self.env["hospital.repair.order"].with_user(self.portal_a)._portal_create_report(
            dict(self._form_data(token="y"), submit_token="race",
                 zone_id=self.floor_a1.id, category_id=self.cat_water.id), [])
        self.assertFalse(errors)
        self.assertEqual(first.submit_token, "race")
        Order = self.env["hospital.repair.order"].with_user(self.portal_c)
        values = dict(self._form_data(token="x"), submit_token="race",
                      zone_id=self.floor_a1.id, category_id=self.cat_water.id)
        with self.assertRaisesRegex(UserError, "already sent"):
            Order._portal_create_report(values, [])
        self.assertFalse(self.env["hospital.repair.order"].search(
            [("reporter_id", "=", self.portal_c.id)]))


@tagged("post_install", "-at_install")
class TestRepairPortalInternalUser(HospitalRepairPortalCase):
    def test_internal_requester_reports_and_follows(self):
        self.authenticate("requester_a", "requester_a")
        response = self._post("/repair/new", self._form_data(token="internal"))
        self.assertEqual(response.status_code, 303)
        order = self.env["hospital.repair.order"].search([("reporter_id", "=", self.requester_a.id)])
        self.assertEqual(order.department_id, self.dept_a)
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_repair_cancel", page.text)
        self.assertIn(order.name, self.url_open("/my/repairs").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["repair_count"]})
        self.assertEqual(counters["repair_count"], 1)
