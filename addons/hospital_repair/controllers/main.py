import uuid
from urllib.parse import quote

import pytz

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request


class HospitalRepairReport(http.Controller):
    """On-site reporting: the report form and the zones' QR codes."""

    def _zone_from_token(self, token):
        if not token:
            return request.env["hospital.repair.zone"]
        # Public visitors scan labels: the token is the credential, not the user.
        return request.env["hospital.repair.zone"].sudo().search(
            [("qr_token", "=", token), ("active", "=", True)], limit=1
        )

    def _equipment_from_token(self, token):
        if not token:
            return request.env["maintenance.equipment"]
        # as for zones: the label's token is the credential
        return request.env["maintenance.equipment"].sudo().search(
            [("repair_qr_token", "=", token), ("active", "=", True),
             ("repair_zone_id.active", "=", True)], limit=1
        )

    def _report_form_values(self, values=None, errors=None, zone=None, equipment=None):
        values = dict(values or {})
        user = request.env.user
        values.setdefault("contact_phone", user.partner_id.phone or "")
        values.setdefault("priority", "normal")
        values.setdefault("submit_token", uuid.uuid4().hex)
        if zone:
            values.update(zone_id=zone.id, channel="qr", zone_token=zone.qr_token)
        if equipment:
            values.update(zone_id=equipment.repair_zone_id.id, channel="qr",
                          equipment_id=equipment.id)
        Zone = request.env["hospital.repair.zone"]
        return {
            "page_name": "repair_new",
            "values": values,
            "errors": errors or {},
            # Portal users read zones and categories through their ACL.
            "zones": Zone.search([]),
            "zone": Zone.browse(values.get("zone_id")).exists() if values.get("zone_id") else Zone,
            # sudo: reporters may not read the ledger; only the name is shown
            "equipment": request.env["maintenance.equipment"].sudo().browse(
                values.get("equipment_id")).exists() if values.get("equipment_id") else None,
            "categories": request.env["hospital.repair.category"].search([]),
            "priorities": request.env["hospital.repair.order"]._fields[
                "priority"]._description_selection(request.env),
            "max_photos": request.env["hospital.repair.order"]._portal_max_photos(),
        }

    @http.route("/repair/new", type="http", auth="user", methods=["GET"], website=True)
    def repair_new(self, zone=None, equipment=None, **kw):
        zone_rec = self._zone_from_token(zone)
        equipment_rec = self._equipment_from_token(equipment)
        if (zone and not zone_rec) or (equipment and not equipment_rec):
            return self._qr_invalid()
        return request.render(
            "hospital_repair.repair_form",
            self._report_form_values(zone=zone_rec, equipment=equipment_rec),
        )

    def _parse_int(self, value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return False

    def _parse_datetime(self, value):
        """datetime-local input, in the user's time zone, to naive UTC."""
        if not value:
            return False
        try:
            local = fields.Datetime.to_datetime(value.replace("T", " "))
        except ValueError:
            return None
        tz = request.env.user.tz or request.env.context.get("tz") or "Asia/Shanghai"
        return pytz.timezone(tz).localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    @http.route("/repair/new", type="http", auth="user", methods=["POST"], website=True)
    def repair_new_post(self, **post):
        photos = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("photos")
            if upload and upload.filename
        ]
        values = {
            "zone_id": self._parse_int(post.get("zone_id")),
            "equipment_id": self._parse_int(post.get("equipment_id")),
            "category_id": self._parse_int(post.get("category_id")),
            "location": (post.get("location") or "").strip(),
            "description": (post.get("description") or "").strip(),
            "priority": post.get("priority") or "normal",
            "contact_phone": (post.get("contact_phone") or "").strip(),
            # None: not a date; the model says so next to the field
            "appointment_date": self._parse_datetime(post.get("appointment_date")),
            "channel": post.get("channel"),
            "submit_token": (post.get("submit_token") or "")[:64] or False,
        }
        Order = request.env["hospital.repair.order"]
        kept = Order._portal_kept_photos(
            [self._parse_int(i) for i in request.httprequest.form.getlist("kept_photo_ids")])
        try:
            order, errors = Order._portal_create_report(values, photos, kept)
        except UserError:
            # The same form was sent twice at once: the other request created it.
            return request.redirect("/my/repairs")
        if errors:
            form_values = dict(post, **{k: v for k, v in values.items() if k != "appointment_date"})
            form_values["appointment_date"] = post.get("appointment_date") or ""
            kept = errors.pop("kept_photos", Order.env["ir.attachment"])
            response = request.render(
                "hospital_repair.repair_form",
                dict(self._report_form_values(form_values, errors), kept_photos=kept),
            )
            response.status_code = 400
            return response
        return request.redirect(f"/my/repairs/{order.id}?reported=1")

    def _qr_invalid(self):
        response = request.render("hospital_repair.repair_qr_invalid", {})
        response.status_code = 404
        return response

    # not readonly: a worker's scan stamps their patrol checkpoint
    @http.route("/repair/qr/<string:token>", type="http", auth="public", website=True)
    def repair_qr(self, token, **kw):
        """The label of a zone or of an equipment: the report form, filled in;
        for a worker whose round of today has this checkpoint, the proof of
        presence at it, and the round."""
        zone = self._zone_from_token(token)
        equipment = request.env["maintenance.equipment"]
        if not zone:
            equipment = self._equipment_from_token(token)
            zone = equipment.repair_zone_id
        if not zone:
            return self._qr_invalid()
        if request.env.user._is_public():
            # back here once logged in: a worker's scan then counts
            return request.redirect(f"/web/login?redirect={quote(f'/repair/qr/{token}')}")
        if request.env.user.has_group("hospital_repair.group_repair_worker"):
            visit = request.env["hospital.repair.patrol.round"]._scan(zone, equipment)
            if visit:
                return request.redirect(
                    f"{visit.round_id._get_portal_url()}?scanned={visit.id}#visit-{visit.id}")
        if equipment:
            return request.redirect(f"/repair/new?equipment={quote(equipment.repair_qr_token)}")
        return request.redirect(f"/repair/new?zone={quote(zone.qr_token)}")
