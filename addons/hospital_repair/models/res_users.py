from odoo import api, fields, models
from odoo.fields import Domain

# Where each role's work is: the home action of a user, from their highest
# repair group (a user opens Odoo on it, not on Discuss).
HOME_ACTIONS = (
    ("hospital_repair.group_repair_manager", "hospital_repair.hospital_repair_dashboard_action"),
    ("hospital_repair.group_repair_dispatcher",
     "hospital_repair.hospital_repair_order_action_desk"),
    ("hospital_repair.group_repair_worker", "hospital_repair.hospital_repair_order_action_my_tasks"),
    ("hospital_repair.group_repair_requester",
     "hospital_repair.hospital_repair_order_action_my_reports"),
)


class ResUsers(models.Model):
    _inherit = "res.users"

    repair_zone_ids = fields.One2many(
        "hospital.repair.zone", "user_id", string="Repair Zones",
        help="Zones this worker is responsible for (their sub-zones included).",
    )
    repair_backup_zone_ids = fields.One2many(
        "hospital.repair.zone", "backup_user_id", string="Backup Repair Zones",
        help="Zones this worker covers when their responsible worker is absent.",
    )

    repair_covered_zone_ids = fields.Many2many(
        "hospital.repair.zone", string="Covered Repair Zones",
        compute="_compute_repair_covered_zone_ids",
        help="Zones, with their sub-zones, this user answers for as responsible "
        "or backup; read by the workers' record rule.",
    )

    # Computed when asked and kept for the request, never stored nor put in
    # a rule's domain: the requesters' rules ask through the order's
    # is_my_department and is_my_approval, whose searches read these (Odoo
    # caches rule domains per user and process, and a transfer must count at
    # once; the ids of the orders, not a join to every order's steps).
    repair_department_ids = fields.Many2many(
        "hr.department", string="Repair Departments",
        compute="_compute_repair_department_ids", groups="base.group_user",
        help="The departments whose orders the user reads and follows as a colleague: "
        "those of their active employees in the current hospitals.",
    )

    repair_approval_ids = fields.One2many(
        "hospital.repair.approval", "approver_id", string="Approval Steps",
        groups="base.group_user")
    repair_approval_order_ids = fields.Many2many(
        "hospital.repair.order", string="Orders Approved",
        compute="_compute_repair_approval_order_ids", groups="base.group_user",
        help="The orders of which an approval step is (or was) the user's.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        # a worker sees the zones they cover in their own preferences
        return super().SELF_READABLE_FIELDS + ["repair_zone_ids", "repair_backup_zone_ids"]

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.filtered(lambda u: not u.action_id)._hospital_repair_set_home()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals and "action_id" not in vals:
            homes = self._hospital_repair_home_action_ids()
            self.filtered(
                lambda u: not u.action_id or u.action_id.id in homes
            )._hospital_repair_set_home()
        return res

    def _hospital_repair_home_action_ids(self):
        return {
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            for _group, xmlid in HOME_ACTIONS
        } - {False, None}

    def _hospital_repair_set_home(self):
        """Open Odoo where the user's repair work is, and without OdooBot's
        onboarding chat: the hospital's staff did not come for a chat."""
        for user in self.filtered(lambda u: not u.share):
            home = next((
                xmlid for group, xmlid in HOME_ACTIONS
                if user.has_group(group)
            ), None)
            action = home and self.env.ref(home, raise_if_not_found=False)
            if not action:
                continue
            vals = {"action_id": action.id}
            if "odoobot_state" in self._fields and user.odoobot_state in (False, "not_initialized"):
                vals["odoobot_state"] = "disabled"
            # sudo: the home is set for the user, whoever creates them
            user.sudo().write(vals)

    @api.depends_context("allowed_company_ids")
    def _compute_repair_department_ids(self):
        # sudo: requesters cannot read employees; one column of the employees
        # and of their current versions; active employees only, also when a
        # rule's search asks (Odoo searches for rules without active_test)
        employees = self.env["hr.employee"].sudo().with_context(
            active_test=True, prefetch_fields=False).search_fetch(
            [("user_id", "in", self.ids), ("company_id", "in", self.env.companies.ids)],
            ["user_id", "department_id"])
        for user in self:
            user.repair_department_ids = employees.filtered(
                lambda e, user=user: e.user_id == user).department_id

    # a new step, or a step given to someone else, counts in the same request
    @api.depends("repair_approval_ids.order_id")
    def _compute_repair_approval_order_ids(self):
        # sudo: the steps' own rule would ask for the orders' again; the ids
        # alone, not the steps (a leader approves thousands of them)
        orders = dict(self.env["hospital.repair.approval"].sudo()._read_group(
            [("approver_id", "in", self.ids)], ["approver_id"], ["order_id:array_agg_distinct"]))
        for user in self:
            user.repair_approval_order_ids = self.env["hospital.repair.order"].browse(
                orders.get(user, []))

    def _compute_repair_covered_zone_ids(self):
        # archived zones too: their orders stay their worker's
        Zone = self.env["hospital.repair.zone"].sudo().with_context(active_test=False)
        for user in self:
            zones = Zone.search(
                ["|", ("user_id", "=", user.id), ("backup_user_id", "=", user.id)]
            )
            user.repair_covered_zone_ids = (
                Zone.search([("id", "child_of", zones.ids)]) if zones else Zone
            )

    def _hospital_repair_absent_at(self, at):
        """The users of ``self`` who cannot take work at ``at``: archived, or
        on leave in the resource calendar of their employee/resource."""
        absent = self.filtered(lambda u: not u.active)
        present = self - absent
        if present:
            leaves = self.env["resource.calendar.leaves"].sudo().search_fetch(
                Domain("resource_id.user_id", "in", present.ids)
                & Domain("date_from", "<=", at)
                & Domain("date_to", ">=", at),
                ["resource_id"],
            )
            absent |= leaves.resource_id.user_id
        return absent
