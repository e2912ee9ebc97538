import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..const import APPOINTMENT_GRACE, MAX_PHOTO_SIZE, MAX_PHOTOS, PORTAL_ACTIONS, is_valid_phone

# The channels a report form may claim; anything else is "portal".
FORM_CHANNELS = ("qr", "mobile")


class HospitalRepairOrderPortal(models.AbstractModel):
    """What the portal and the report form ask of ``hospital.repair.order``
    (its only heir): the buttons a visitor sees, the checks of a report
    (the backend's constraints share them) and the creation of a report from
    the form, all decided here so that the controllers only parse requests
    and render."""

    _name = "hospital.repair.order.portal"
    _description = "Repair Order Portal Helpers"

    # ------------------------------------------------------------------
    # Validation shared by the backend and the report form (the order's
    # constraints call these too)
    # ------------------------------------------------------------------
    @api.model
    def _phone_error(self, phone):
        if not (phone or "").strip():
            return self.env._("Give a contact phone number.")
        if not is_valid_phone(phone):
            return self.env._(
                "Enter a mobile number (11 digits starting with 13-19), a landline with "
                "its area code, e.g. 021-64370045-801, or a 4-digit internal extension."
            )
        return None

    @api.model
    def _appointment_error(self, appointment, reported=None):
        """An appointment cannot precede the report (now, for a new report)."""
        reference = reported or fields.Datetime.now()
        if appointment and appointment < reference - APPOINTMENT_GRACE:
            return self.env._("The appointment time cannot be in the past.")
        return None

    @api.model
    def _photos_error(self, attachments_data):
        """``attachments_data``: list of (mimetype, size) of the photos."""
        if len(attachments_data) > MAX_PHOTOS:
            return self.env._("At most %(count)s photos.", count=MAX_PHOTOS)
        for mimetype, size in attachments_data:
            if not (mimetype or "").startswith("image/"):
                return self.env._("Only images can be attached as photos.")
            if size > MAX_PHOTO_SIZE:
                return self.env._(
                    "A photo is larger than %(size)s MB.", size=MAX_PHOTO_SIZE // (1024 * 1024)
                )
        return None

    # ------------------------------------------------------------------
    # The report form
    # ------------------------------------------------------------------
    @api.model
    def _portal_max_photos(self):
        return MAX_PHOTOS

    @api.model
    def _portal_report_errors(self, values, photos):
        """Field name -> message for the report form; ``photos`` is a list of
        (filename, bytes). Empty when the report can be created."""
        errors = {}
        if not (values.get("description") or "").strip():
            errors["description"] = self.env._("Describe the fault.")
        zone = self.env["hospital.repair.zone"].browse(values.get("zone_id") or []).exists()
        if not zone or not zone.active:
            errors["zone_id"] = self.env._("Choose the place of the fault from the list.")
        category = self.env["hospital.repair.category"].browse(
            values.get("category_id") or []).exists()
        if not category or not category.active:
            errors["category_id"] = self.env._("Choose a category.")
        elif zone and category.company_id != zone.company_id:
            errors["category_id"] = self.env._("This category is not used at that place.")
        if values.get("equipment_id"):
            # sudo: reporters may not read the ledger; a label names the equipment
            equipment = self.env["maintenance.equipment"].sudo().browse(
                values["equipment_id"]).exists()
            if not equipment.active or (zone and equipment.company_id not in (
                    zone.company_id, self.env["res.company"])):
                errors["zone_id"] = self.env._("This equipment is not in service here.")
        if values.get("priority") not in dict(self._fields["priority"].selection):
            errors["priority"] = self.env._("Choose an urgency.")
        phone_error = self._phone_error(values.get("contact_phone"))
        if phone_error:
            errors["contact_phone"] = phone_error
        # None: the form sent something that is not a date (empty is False)
        if "appointment_date" in values and values["appointment_date"] is None:
            errors["appointment_date"] = self.env._("Enter a valid date and time.")
        else:
            appointment_error = self._appointment_error(values.get("appointment_date"))
            if appointment_error:
                errors["appointment_date"] = appointment_error
        photos_error = self._photos_error([(guess_mimetype(data), len(data)) for _n, data in photos])
        if photos_error:
            errors["photos"] = photos_error
        return errors

    @api.model
    def _portal_find_report(self, submit_token):
        """The order already created from the form of ``submit_token`` by the
        current user (a double tap, a resend), if any."""
        if not submit_token:
            return self.browse()
        # sudo: portal reporters may not search orders by token
        return self.sudo().search(
            [("submit_token", "=", submit_token), ("reporter_id", "=", self.env.uid)], limit=1
        ).sudo(False)

    @api.model
    def _portal_kept_photos(self, attachment_ids):
        """The photos a refused send of the form kept for the next one: the
        current user's own, on no order yet."""
        # sudo: a portal reporter cannot read attachments of the order model
        return self.env["ir.attachment"].sudo().browse(attachment_ids).exists().filtered(
            lambda a: a.create_uid == self.env.user and a.res_model == self._name
            and not a.res_id and (a.mimetype or "").startswith("image/"))

    @api.model
    def _portal_keep_photos(self, photos):
        """Keep the images of a refused send, so that the reporter does not
        take them again: returns them as attachments on no order yet."""
        # pictures only: an SVG is a document (Odoo stores it as text)
        images = [
            (name, data) for name, data in photos
            if guess_mimetype(data).startswith("image/") and "svg" not in guess_mimetype(data)
            and len(data) <= MAX_PHOTO_SIZE
        ][:MAX_PHOTOS]
        # sudo: as the form's photos (see _portal_create_report); the
        # reporter's own files, re-linked to their order when it is created
        return self.env["ir.attachment"].sudo().create([
            {"name": name, "raw": data, "res_model": self._name, "res_id": 0}
            for name, data in images
        ])

    @api.model
    def _portal_create_report(self, values, photos, kept_photos=None):
        """Create and submit the order of the report form for the current
        user; return ``(order, errors)``: the order, or the errors by field
        and nothing written. A second call with the same ``submit_token``
        returns the first order instead of creating another. ``kept_photos``:
        attachments kept from a refused send (``_portal_kept_photos``);
        refused again, the photos are kept again in ``errors["kept_photos"]``."""
        existing = self._portal_find_report(values.get("submit_token"))
        if existing:
            return existing, {}
        kept = kept_photos or self.env["ir.attachment"]
        photos = [(a.name, a.raw) for a in kept] + list(photos)
        kept.unlink()
        errors = self._portal_report_errors(values, photos)
        if errors:
            return self.browse(), dict(errors, kept_photos=self._portal_keep_photos(photos))
        zone = self.env["hospital.repair.zone"].browse(values["zone_id"])
        vals = {
            key: values.get(key)
            for key in ("zone_id", "category_id", "location", "description", "priority",
                        "contact_phone", "appointment_date", "equipment_id")
        }
        vals.update(
            channel=values.get("channel") if values.get("channel") in FORM_CHANNELS else "portal",
            reporter_id=self.env.uid,
            company_id=zone.company_id.id,
            submit_token=values.get("submit_token") or False,
        )
        try:
            # One savepoint: the order, its photos and its submission are
            # written together or not at all (a photo refused by the model
            # leaves no draft behind that a resend would take for "sent").
            with self.env.cr.savepoint():
                # sudo: portal reporters have no create right on orders; the
                # input was checked above and the reporter is the current user.
                order = self.sudo().create(vals)
                if photos:
                    order.photo_ids = self.env["ir.attachment"].sudo().create([
                        {"name": name, "raw": data, "res_model": order._name, "res_id": order.id}
                        for name, data in photos
                    ])
                order.action_submit()
        except ValidationError as error:
            return self.browse(), {"general": error.args[0],
                                   "kept_photos": self._portal_keep_photos(photos)}
        except psycopg2.errors.UniqueViolation:
            # A concurrent submit of the same form won the race (its order is
            # not visible in this transaction's snapshot yet).
            raise UserError(self.env._(
                "This report was already sent; see My repairs.")) from None
        return order.sudo(False), {}

    def _portal_allowed_actions(self):
        """The portal buttons the current user sees on this order: those of
        PORTAL_ACTIONS that const.RIGHTS allows."""
        self.ensure_one()
        roles = self._get_roles()
        allowed = {action for action in PORTAL_ACTIONS if self._may(action, roles)}
        # rating and complaining have their own conditions: their models say
        if "evaluate" in allowed and self.env["hospital.repair.evaluation"]._rating_refusal(self):
            allowed.discard("evaluate")
        if "complain" in allowed and self.env["hospital.repair.complaint"]._complaint_refusal(self):
            allowed.discard("complain")
        return allowed

    def _portal_timeline(self):
        """The progress of the order for its portal page: (date, label) by
        date, from the stamps, and the reopenings from the chatter (a
        reopening clears the stamps of the work it sends back)."""
        self.ensure_one()
        stamps = {
            "date_reported": self.env._("Reported"),
            "date_approved": self.env._("Approved"),
            "date_accepted": self.env._("Accepted by the desk"),
            "date_assigned": self.env._("Worker assigned"),
            "date_started": self.env._("Work started"),
            "date_done": self.env._("Work done"),
            "date_verified": self.env._("Confirmed"),
            "date_closed": self.env._("Closed"),
            "date_cancelled": self.env._("Cancelled"),
        }
        entries = [(self[fname], label) for fname, label in stamps.items() if self[fname]]
        reopened = self.env.ref("hospital_repair.mt_order_reopened")
        # sudo: the chatter's messages, read for their dates only
        for message in self.sudo().message_ids.filtered(lambda m: m.subtype_id == reopened):
            entries.append((message.date, self.env._("Sent back to the worker")))
        return sorted(entries, key=lambda entry: entry[0])
