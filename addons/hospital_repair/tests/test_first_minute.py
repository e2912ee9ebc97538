"""What a new user meets first: where each role lands, no OdooBot chat, no
open sign-up, places in the order people count floors, and the small
things of the screens (the channel of a walk-in, photos of the finished
work, the portal's timeline after a reopening, an approval's name, a failed
urge, a refused report that keeps its photos, weeks in the pivot)."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .portal_common import HospitalRepairPortalCase, png_bytes

PNG = png_bytes()


@tagged("post_install", "-at_install")
class TestFirstMinute(HospitalRepairPortalCase):

    def test_each_role_lands_on_its_work_without_odoobot(self):
        homes = {
            self.manager: "hospital_repair.hospital_repair_dashboard_action",
            self.dispatcher: "hospital_repair.hospital_repair_order_action_desk",
            self.worker: "hospital_repair.hospital_repair_order_action_my_tasks",
            self.requester_a: "hospital_repair.hospital_repair_order_action_my_reports",
        }
        for user, xmlid in homes.items():
            with self.subTest(user=user.login):
                self.assertEqual(user.action_id.id, self.env.ref(xmlid).id)
                if "odoobot_state" in user._fields:
                    self.assertEqual(user.odoobot_state, "disabled")
        # a promotion moves the home along; a home the admin chose stays
        self.requester_b.group_ids += self.env.ref("hospital_repair.group_repair_worker")
        self.assertEqual(self.requester_b.action_id.id,
                         self.env.ref("hospital_repair.hospital_repair_order_action_my_tasks").id)
        chosen = self.env.ref("hospital_repair.hospital_repair_order_action")
        self.requester_a.action_id = chosen.id
        self.requester_a.group_ids += self.env.ref("hospital_repair.group_repair_worker")
        self.assertEqual(self.requester_a.action_id.id, chosen.id)
        self.assertFalse(self.portal_a.action_id)

    def test_portal_user_logs_in_to_my_repairs(self):
        self.portal_a.password = "portal_a_pw"
        self.authenticate(None, None)
        page = self.url_open("/web/login")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open("/web/login", data={
            "login": "portal_a", "password": "portal_a_pw", "csrf_token": csrf,
        }, allow_redirects=False)
        self.assertTrue(response.headers["Location"].endswith("/my/repairs"))

    def test_no_open_signup(self):
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("auth_signup.invitation_scope"),
            "b2b")
        self.authenticate(None, None)
        self.assertNotIn("/web/signup", self.url_open("/web/login").text)

    def test_places_sort_as_floors_are_counted(self):
        Zone = self.env["hospital.repair.zone"]
        building = Zone.create({"name": "医技楼", "zone_type": "building",
                                "parent_id": self.campus.id})
        for sequence, name in enumerate(["B1", "1F", "2F", "10F", "11F", "12F"], start=1):
            # created out of order, and in name order "10F" < "1F"
            Zone.create({"name": name, "zone_type": "floor", "parent_id": building.id,
                         "sequence": sequence if name != "B1" else 0})
        floors = Zone.search([("parent_id", "=", building.id)])
        self.assertEqual(floors.mapped("name"), ["B1", "1F", "2F", "10F", "11F", "12F"])
        same_sequence = Zone.search([("parent_id", "=", self.building_a.id)])
        self.assertEqual(same_sequence.mapped("name"), ["3F", "5F"])
        # children follow their parent
        tree = Zone.search([("id", "child_of", self.building_a.id)])
        self.assertEqual(tree.mapped("name"), ["门诊楼", "3F", "采血区", "5F"])

    def test_desk_records_a_walk_in(self):
        Order = self.env["hospital.repair.order"].with_user(self.dispatcher).with_context(
            default_channel="phone", default_reporter_id=False, hospital_repair_auto_submit=True)
        view = self.env.ref("hospital_repair.hospital_repair_order_view_form_quick_create")
        with Form(Order, view=view) as form:
            form.reporter_name = "来访病人家属"
            form.contact_phone = "13812345678"
            form.zone_id = self.floor_a1
            form.category_id = self.cat_water
            form.description = "卫生间漏水"
            self.assertEqual(form.channel, "phone")
            form.channel = "walk_in"
        order = form.record
        self.assertEqual((order.channel, order.state, order.duty_user_id),
                         ("walk_in", "submitted", self.dispatcher))

    def test_worker_finishes_with_photos(self):
        order = self._started_order()
        worker = order.user_id
        photo = self.env["ir.attachment"].with_user(worker).create({
            "name": "done.png", "raw": PNG,
            "res_model": "hospital.repair.order.action.wizard", "res_id": 0})
        wizard = self.env["hospital.repair.order.action.wizard"].with_user(worker).create({
            "order_ids": [(6, 0, order.ids)], "action": "finish", "result": "success",
            "photo_ids": [(6, 0, photo.ids)],
        })
        wizard.action_confirm()
        self.assertEqual(order.state, "done")
        message = order.message_ids.filtered(lambda m: photo in m.attachment_ids)
        self.assertEqual(len(message), 1)
        self.assertEqual((photo.res_model, photo.res_id), (order._name, order.id))

    def test_finish_refuses_someone_elses_file(self):
        order = self._started_order()
        other = self.env["ir.attachment"].create({"name": "x.png", "raw": PNG})
        with self.assertRaises(UserError):
            order.with_user(order.user_id).action_finish(result="success", photos=other)
        self.assertEqual(order.state, "in_progress")

    def test_portal_timeline_keeps_the_first_work_and_shows_the_reopening(self):
        order = self._done_order()
        order.with_user(order.reporter_id).action_reopen(reason="还在漏水")
        labels = [label for _date, label in order._portal_timeline()]
        self.assertIn("Sent back to the worker", labels)
        self.assertLess(labels.index("Worker assigned"), labels.index("Sent back to the worker"))

    def test_approval_step_has_a_name(self):
        order = self._new_order(category_id=self.cat_pressure.id)
        order.with_user(order.reporter_id).action_submit()
        step = order.approval_ids[:1]
        self.assertIn(order.name, step.display_name)
        self.assertNotIn("hospital.repair.approval", step.display_name)

    def test_second_urge_shows_only_the_error(self):
        order = self._portal_order(reporter=self.portal_a)
        self.authenticate("portal_a", "portal_a")
        self._post(f"/my/repairs/{order.id}/urge")
        response = self._post(f"/my/repairs/{order.id}/urge")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("o_repair_error", page)
        self.assertNotIn("o_repair_message", page)

    def test_refused_report_keeps_its_photos(self):
        self.authenticate("portal_a", "portal_a")
        photos = {"photos": ("leak.png", PNG, "image/png")}
        response = self._post("/repair/new", self._form_data(description=""), files=photos)
        self.assertEqual(response.status_code, 400)
        kept = self.env["ir.attachment"].sudo().search(
            [("create_uid", "=", self.portal_a.id), ("res_model", "=", "hospital.repair.order"),
             ("res_id", "=", 0)])
        self.assertEqual(len(kept), 1)
        self.assertIn(f'name="kept_photo_ids" value="{kept.id}"', response.text)
        # sent again with the description, without choosing the photo again
        self._post("/repair/new", dict(self._form_data(), kept_photo_ids=str(kept.id)))
        order = self.env["hospital.repair.order"].search([("reporter_id", "=", self.portal_a.id)])
        self.assertEqual(len(order.photo_ids), 1)
        self.assertEqual(order.photo_ids.raw, PNG)
        # another user cannot take them
        self.assertFalse(self.env["hospital.repair.order"].with_user(
            self.portal_c)._portal_kept_photos(order.photo_ids.ids))

    def test_weeks_in_the_pivot_speak_the_language(self):
        self._submitted_order()
        groups = self.env["hospital.repair.report"].formatted_read_group(
            [], ["date_reported:week"], ["__count"])
        label = groups[0]["date_reported:week"][1]
        self.assertTrue(label.startswith("Week "), label)

    def test_big_screen_speaks_the_hospitals_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        board = self.env["hospital.repair.board"].with_user(self.manager).create({"name": "大屏"})
        self.assertEqual(board.lang, "zh_CN")
