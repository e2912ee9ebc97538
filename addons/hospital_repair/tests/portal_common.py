import base64
import io

from PIL import Image

from odoo import http
from odoo.tests import HttpCase

from odoo.addons.mail.tests.common import mail_new_test_user


def png_bytes(size=(8, 8)):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


class HospitalRepairPortalCase(HttpCase):
    """Two portal reporters, a department leader, the desk and a worker."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.worker = mail_new_test_user(
            env, login="hr_worker", name="王师傅",
            groups="base.group_user,hospital_repair.group_repair_worker")
        cls.desk = mail_new_test_user(
            env, login="hr_desk", name="Desk",
            groups="base.group_user,hospital_repair.group_repair_dispatcher")
        cls.alice = mail_new_test_user(
            env, login="hr_alice", name="Alice", groups="base.group_portal",
            notification_type="email")
        cls.bob = mail_new_test_user(
            env, login="hr_bob", name="Bob", groups="base.group_portal",
            notification_type="email")
        cls.leader = mail_new_test_user(
            env, login="hr_leader", name="Leader", groups="base.group_portal",
            notification_type="email")
        cls.department = env["hr.department"].create({
            "name": "Cardiology",
            "manager_id": env["hr.employee"].create(
                {"name": "Leader", "user_id": cls.leader.id}).id,
        })
        env["hr.employee"].create(
            {"name": "Alice", "user_id": cls.alice.id, "department_id": cls.department.id})
        cls.building = env["hospital.repair.zone"].create(
            {"name": "Building 1", "zone_type": "building", "user_id": cls.worker.id})
        cls.zone = env["hospital.repair.zone"].create(
            {"name": "Floor 3", "zone_type": "floor", "parent_id": cls.building.id})
        cls.category = env["hospital.repair.category"].create({"name": "Electricity"})

    def _make_order(self, reporter, **vals):
        order = self.env["hospital.repair.order"].create(dict({
            "zone_id": self.zone.id,
            "category_id": self.category.id,
            "description": "Lamp broken",
            "channel": "portal",
            "reporter_id": reporter.id,
            "contact_phone": "13812345678",
        }, **vals))
        order.action_submit()
        return order

    def _bring_to_done(self, order):
        order.with_user(self.desk).action_accept()
        order.with_user(self.worker).action_start()
        order.with_user(self.worker).action_finish("success")

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _form_data(self, **overrides):
        data = {
            "zone_id": str(self.zone.id),
            "category_id": str(self.category.id),
            "location": "Room 305",
            "description": "The ceiling lamp flickers",
            "priority": "normal",
            "contact_phone": "13812345678",
            "submit_token": "tok-%s" % overrides.pop("token", "1"),
        }
        data.update(overrides)
        return data

    @staticmethod
    def b64png():
        return base64.b64encode(png_bytes())
