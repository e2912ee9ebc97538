from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..const import PORTAL_COUNT_LIMIT

FILTER_DOMAINS = {
    "all": [],
    "open": [("state", "in", ["to_approve", "submitted", "assigned", "in_progress"])],
    "to_confirm": [("state", "=", "done")],
    "finished": [("state", "in", ["verified", "closed"])],
    "stopped": [("state", "in", ["rejected", "cancelled"])],
}


class HospitalRepairPortal(portal.CustomerPortal):
    """My repairs: the reporter's (and their department leader's) orders."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "repair_count" in counters:
            # counted as the list's pager counts: up to the limit
            Order = request.env["hospital.repair.order"]
            values["repair_count"] = (
                Order.search_count([], limit=PORTAL_COUNT_LIMIT) if Order.has_access("read") else 0
            )
        return values

    def _repair_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_reported desc, id desc"},
            "name": {"label": request.env._("Number"), "order": "name desc"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    def _repair_searchbar_filters(self):
        labels = {
            "all": request.env._("All"),
            "open": request.env._("In progress"),
            "to_confirm": request.env._("To confirm"),
            "finished": request.env._("Finished"),
            "stopped": request.env._("Rejected or cancelled"),
        }
        return {
            key: {"label": label, "domain": FILTER_DOMAINS[key]} for key, label in labels.items()
        }

    def _repair_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in all")},
            "name": {"input": "name", "label": request.env._("Search in number")},
            "description": {"input": "description",
                            "label": request.env._("Search in description")},
            "zone": {"input": "zone", "label": request.env._("Search in place")},
        }

    def _repair_search_domain(self, search_in, search):
        if not search:
            return Domain.TRUE
        domains = {
            "name": Domain("name", "ilike", search),
            "description": Domain("description", "ilike", search),
            "zone": Domain("zone_id.complete_name", "ilike", search)
            | Domain("location", "ilike", search),
        }
        if search_in in domains:
            return domains[search_in]
        return Domain.OR(domains.values())

    @http.route(["/my/repairs", "/my/repairs/page/<int:page>"], type="http", auth="user",
                website=True, readonly=True)
    def portal_my_repairs(self, page=1, sortby=None, filterby=None, search=None,
                          search_in="all", **kw):
        values = self._prepare_portal_layout_values()
        Order = request.env["hospital.repair.order"]
        sortings = self._repair_searchbar_sortings()
        filters = self._repair_searchbar_filters()
        inputs = self._repair_searchbar_inputs()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in inputs else "all"
        # Record rules decide which orders are "mine" (own, or the department's for its leader).
        domain = Domain(filters[filterby]["domain"]) & self._repair_search_domain(search_in, search)
        count = Order.search_count(domain, limit=PORTAL_COUNT_LIMIT)
        pager = portal_pager(
            url="/my/repairs",
            url_args={"sortby": sortby, "filterby": filterby, "search": search,
                      "search_in": search_in},
            total=count, page=page, step=self._items_per_page,
        )
        # the columns the page shows, read with the search (not every field
        # of the order, one query later)
        orders = Order.search_fetch(
            domain, ["name", "state", "date_reported", "zone_id", "category_id", "description"],
            order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"])
        request.session["my_repairs_history"] = orders.ids[:100]
        values.update({
            "orders": orders,
            "page_name": "repair",
            "pager": pager,
            "default_url": "/my/repairs",
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": inputs,
            "search_in": search_in,
            "search": search,
        })
        return request.render("hospital_repair.portal_my_repairs", values)

    def _repair_order_check(self, order_id, access_token=None):
        """The order, sudo'ed for the current user once the user may read it;
        404 otherwise (an id typed in the URL tells nothing about others' orders)."""
        try:
            order_sudo = self._document_check_access(
                "hospital.repair.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None
        # _document_check_access sudoes as the superuser; the portal rules
        # (reporter, department leader) must see the real user.
        return order_sudo.with_user(request.env.user).sudo()

    @http.route("/my/repairs/<int:order_id>", type="http", auth="public", website=True)
    def portal_my_repair(self, order_id, access_token=None, **kw):
        order_sudo = self._repair_order_check(order_id, access_token)
        public = request.env.user._is_public()
        # What the visitor may see of evaluations and complaints is what
        # their record rules give them; a shared link shows neither.
        order = order_sudo.sudo(False)
        roles = set() if public else order_sudo._get_roles()
        values = {
            "order": order_sudo,
            "page_name": "repair",
            "allowed": set() if public else order_sudo._portal_allowed_actions(),
            "evaluation": (request.env["hospital.repair.evaluation"] if public else
                           request.env["hospital.repair.evaluation"].search(
                               [("order_id", "=", order.id)], limit=1)),
            "complaints": (request.env["hospital.repair.complaint"] if public else
                           request.env["hospital.repair.complaint"].search(
                               [("order_id", "=", order.id)])),
            "reported": kw.get("reported"),
            # Only the reporter hands out the read-only link of their order.
            "share_url": "reporter" in roles and (
                order_sudo.get_base_url() + order_sudo._get_share_url(share_token=True)),
            "message": kw.get("message"),
            # Errors travel in the session, not the URL: a link must not be
            # able to print an arbitrary "error" on our page.
            "error_message": request.session.pop("hospital_repair_error", None),
        }
        values = self._get_page_view_values(
            order_sudo, access_token, values, "my_repairs_history", False, **kw)
        return request.render("hospital_repair.portal_my_repair", values)

    def _repair_redirect(self, order, **params):
        query = f"?{urlencode(params)}" if params else ""
        return request.redirect(f"/my/repairs/{order.id}{query}")

    def _repair_do(self, order_id, action, method):
        """Run ``method`` on the order as the real user: the order's actions
        check const.RIGHTS themselves. Actions never accept an access token:
        a shared link only shows."""
        order = self._repair_order_check(order_id).sudo(False)
        try:
            with request.env.cr.savepoint():
                method(order)
        except (UserError, ValidationError, AccessError) as e:
            request.session["hospital_repair_error"] = e.args[0]
            return self._repair_redirect(order, message="error")
        return self._repair_redirect(order, message=action)

    @http.route("/my/repairs/<int:order_id>/urge", type="http", auth="user", methods=["POST"],
                website=True)
    def portal_repair_urge(self, order_id, **post):
        return self._repair_do(order_id, "urge", lambda o: o.action_urge())

    @http.route("/my/repairs/<int:order_id>/cancel", type="http", auth="user", methods=["POST"],
                website=True)
    def portal_repair_cancel(self, order_id, **post):
        return self._repair_do(order_id, "cancel", lambda o: o.action_cancel())

    @http.route("/my/repairs/<int:order_id>/confirm", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_repair_confirm(self, order_id, **post):
        return self._repair_do(order_id, "confirm", lambda o: o.action_verify())

    @http.route("/my/repairs/<int:order_id>/reopen", type="http", auth="user", methods=["POST"],
                website=True)
    def portal_repair_reopen(self, order_id, reason=None, **post):
        return self._repair_do(order_id, "reopen", lambda o: o.action_reopen(reason))

    @http.route("/my/repairs/<int:order_id>/evaluate", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_repair_evaluate(self, order_id, **post):
        def evaluate(order):
            scores = {}
            for field in ("score_quality", "score_attitude", "score_timeliness", "score_desk"):
                try:
                    scores[field] = int(post.get(field) or 0)
                except ValueError:
                    scores[field] = 0
            order.env["hospital.repair.evaluation"]._submit(
                order, scores, (post.get("comment") or "").strip())
        return self._repair_do(order_id, "evaluate", evaluate)

    @http.route("/my/repairs/<int:order_id>/complain", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_repair_complain(self, order_id, description=None, **post):
        upload = request.httprequest.files.get("photo")
        data = upload.read() if upload and upload.filename else b""

        def complain(order):
            order.env["hospital.repair.complaint"]._submit(order, description, data)
        return self._repair_do(order_id, "complain", complain)
