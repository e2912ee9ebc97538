import base64

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request


class HospitalRepairPatrol(http.Controller):
    """The worker's patrol rounds on the phone: today's rounds, each round's
    checkpoints (stamped by scanning their QR codes, see ``/repair/qr``),
    their checks, the faults reported from them, and the finish."""

    def _round(self, round_id):
        """The round, read as the current user (their own, or any for the
        desk); 404 for anything else."""
        rnd = request.env["hospital.repair.patrol.round"].browse(round_id)
        try:
            rnd.check_access("read")
            rnd.fetch(["name"])  # a deleted round raises MissingError
        except (AccessError, MissingError):
            raise NotFound() from None
        return rnd

    def _redirect(self, rnd, anchor=""):
        return request.redirect(f"{rnd._get_portal_url()}{anchor}")

    def _do(self, rnd, anchor, method):
        try:
            with request.env.cr.savepoint():
                method()
        except (UserError, ValidationError, AccessError) as e:
            request.session["hospital_repair_error"] = e.args[0]
        return self._redirect(rnd, anchor)

    @http.route("/my/rounds", type="http", auth="user", website=True, readonly=True)
    def portal_my_rounds(self, **kw):
        if not request.env.user.has_group("hospital_repair.group_repair_worker"):
            raise NotFound()
        Round = request.env["hospital.repair.patrol.round"]
        rounds = Round.search([("user_id", "=", request.env.uid)], limit=30)
        return request.render("hospital_repair.portal_my_rounds", {
            "rounds": rounds, "page_name": "rounds",
        })

    @http.route("/my/rounds/<int:round_id>", type="http", auth="user", website=True)
    def portal_my_round(self, round_id, scanned=None, **kw):
        rnd = self._round(round_id)
        return request.render("hospital_repair.portal_my_round", {
            "patrol_round": rnd, "page_name": "rounds",
            "scanned": int(scanned) if (scanned or "").isdigit() else None,
            "can_work": not rnd._get_refusal(),
            "error_message": request.session.pop("hospital_repair_error", None),
        })

    def _parse_checks(self, visit, post):
        values = {}
        for line in visit.checklist_line_ids:
            key = f"line_{line.id}"
            vals = {}
            if line.kind == "pass_fail" and post.get(key) in ("pass", "fail"):
                vals["value_pass"] = post[key]
            elif line.kind == "number" and (post.get(key) or "").strip():
                try:
                    vals["value_number"] = float(post[key].replace(",", "."))
                except ValueError:
                    raise UserError(request.env._(
                        "%(check)s: enter a number.", check=line.name)) from None
            elif line.kind == "text" and key in post:
                vals["value_text"] = post[key].strip()
            elif line.kind == "photo":
                upload = request.httprequest.files.get(key)
                if upload and upload.filename:
                    vals["photo"] = base64.b64encode(upload.read())
            values[line.id] = vals
        return values

    @http.route("/my/rounds/<int:round_id>/visit/<int:visit_id>", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_round_visit(self, round_id, visit_id, **post):
        rnd = self._round(round_id)
        visit = rnd.visit_ids.filtered(lambda v: v.id == visit_id)
        if not visit:
            raise NotFound()
        return self._do(rnd, f"#visit-{visit.id}",
                        lambda: visit._record_checks(self._parse_checks(visit, post)))

    @http.route("/my/rounds/<int:round_id>/line/<int:line_id>/fault", type="http",
                auth="user", methods=["POST"], website=True)
    def portal_round_fault(self, round_id, line_id, fixed=None, note=None, **post):
        rnd = self._round(round_id)
        line = rnd.visit_ids.checklist_line_ids.filtered(lambda l: l.id == line_id)
        if not line:
            raise NotFound()
        return self._do(rnd, f"#visit-{line.visit_id.id}", lambda: line.action_report_fault(
            fixed=fixed == "1", note=(note or "").strip() or None))

    @http.route("/my/rounds/<int:round_id>/finish", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_round_finish(self, round_id, **post):
        rnd = self._round(round_id)
        return self._do(rnd, "", rnd.action_finish)
