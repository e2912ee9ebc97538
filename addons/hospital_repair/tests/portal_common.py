import io

from PIL import Image

from odoo import http

from .common import HospitalRepairHttpCommon


def png_bytes(size=(8, 8)):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


class HospitalRepairPortalCase(HospitalRepairHttpCommon):
    """The fixture, and helpers to use the portal's forms. The portal tests
    follow portal_c (许护士), whose department 体检中心 is led on the portal
    by portal_leader_c; portal_a, of another department, is the stranger to
    her orders."""

    def _bring_to_done(self, order):
        order.with_user(self.dispatcher).action_accept()
        order.with_user(self.worker).action_start()
        order.with_user(self.worker).action_finish("success")

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _form_data(self, **overrides):
        data = {
            "zone_id": str(self.floor_a1.id),
            "category_id": str(self.cat_water.id),
            "location": "Room 305",
            "description": "The ceiling lamp flickers",
            "priority": "normal",
            "contact_phone": "13812345678",
            "submit_token": "tok-%s" % overrides.pop("token", "1"),
        }
        data.update(overrides)
        return data
