from odoo import _, models
from odoo.exceptions import AccessError, UserError

from ..const import (
    DESK_FIELDS,
    FRAMEWORK_FIELDS,
    REPORTER_DRAFT_FIELDS,
    REPORTER_FIELDS,
    RIGHTS,
    TRANSITION_FIELDS,
    WORKER_FIELDS,
)


class HospitalRepairOrderRights(models.AbstractModel):
    """Who the real user is to a ``hospital.repair.order`` (its only heir)
    and what ``const.RIGHTS`` lets them do: the one answer read by the
    buttons (``can_*``), the transitions, the portal and the order's
    ``create``/``write``, whether the caller is sudo'ed or not."""

    _name = "hospital.repair.order.rights"
    _description = "Repair Order Rights"

    def _get_roles(self, user=None, department=True):
        """The roles ``user`` (the real user by default, sudo or not) holds on
        this order: reporter, leader, colleague, worker, desk. Without
        ``department``, only the roles read from the order and the user's
        groups (the department's leader and colleagues are left out)."""
        self.ensure_one()
        user = user or self.env.user
        roles = set()
        if self.reporter_id == user:
            roles.add("reporter")
        if self.user_id == user:
            roles.add("worker")
        if user.has_group("hospital_repair.group_repair_dispatcher"):
            roles.add("desk")
        if not department:
            return roles
        # sudo: portal users cannot read departments; without prefetch: the
        # roles read one column of the department's manager, not every field
        department = self.sudo().department_id
        if department:
            light = department.with_context(prefetch_fields=False)
            if light.manager_id.user_id == user:
                roles.add("leader")
            if department in user.sudo().repair_department_ids:
                roles.add("colleague")
        return roles

    def _may(self, action, roles=None):
        self.ensure_one()
        roles = self._get_roles() if roles is None else roles
        return any(self.state in states for role, states in RIGHTS[action].items() if role in roles)

    def _action_label(self, action):
        return {
            "submit": _("submit"), "accept": _("accept"), "reject": _("reject"),
            "redispatch": _("dispatch"), "start": _("start"), "finish": _("finish"),
            "verify": _("confirm"), "reopen": _("reopen"),
            "followup": _("record the follow-up of"), "close": _("close"),
            "cancel": _("cancel"), "urge": _("urge"), "evaluate": _("evaluate"),
            "complain": _("complain about"), "edit": _("change the report of"),
            "record_work": _("record the work on"),
            "record_materials": _("record the materials of"),
        }[action]

    def _get_refusal(self, action):
        """Why the real user may not ``action`` this order, or False."""
        self.ensure_one()
        # the department's roles cost four queries (its manager, the user's
        # employees and their versions): read them only when the others do
        # not allow the action (_may grows with the roles: same answer)
        roles = self._get_roles(department=False)
        if not self._may(action, roles):
            roles = self._get_roles()
        allowed = RIGHTS[action]
        if not roles & set(allowed):
            who = {
                "reporter": _("the reporter"), "leader": _("the department's leader"),
                "colleague": _("the department"), "worker": _("the assigned worker"),
                "desk": _("the service desk"),
            }
            return _("Only %(who)s can %(action)s %(order)s.",
                     who=_(" or ").join(who[role] for role in allowed),
                     action=self._action_label(action), order=self.name)
        if not self._may(action, roles):
            state = dict(self._fields["state"]._description_selection(self.env))[self.state]
            return _("You cannot %(action)s %(order)s: it is %(state)s.",
                     action=self._action_label(action), order=self.name, state=state)
        return self._get_blocker(action)

    def _get_blocker(self, action):
        """Why ``action`` cannot be done on this order now, whoever asks:
        a precondition of the work itself (materials still at the store,
        required checks left empty), which the crons obey too. Addons extend
        it with super(); False when nothing blocks."""
        self.ensure_one()
        return False

    def _check_action(self, action):
        """Raise unless the real user may ``action`` every order: the record
        rules of the user (not of a sudo'ed caller), then const.RIGHTS."""
        if not self:
            return
        self.sudo(False).check_access("read")
        for order in self:
            refusal = order._get_refusal(action)
            if refusal:
                raise UserError(refusal)

    def _writable_fields(self, roles):
        """The fields ``roles`` may write on this order in its state; other
        addons add theirs (e.g. the materials a worker records)."""
        self.ensure_one()
        fnames = set()
        if "desk" in roles and self._may("edit", roles):
            fnames |= DESK_FIELDS | WORKER_FIELDS
        elif self._may("edit", roles):
            fnames |= REPORTER_DRAFT_FIELDS if self.state == "draft" else REPORTER_FIELDS
        if self._may("record_work", roles):
            fnames |= WORKER_FIELDS
        return fnames

    def _check_write(self, fnames):
        fnames = set(fnames) - FRAMEWORK_FIELDS
        if not fnames:
            return
        self._refuse_transition_fields(fnames & TRANSITION_FIELDS)
        for order in self:
            refused = fnames - order._writable_fields(order._get_roles())
            if refused:
                raise AccessError(_(
                    "You cannot change %(fields)s of %(order)s.",
                    fields=", ".join(sorted(self._fields[f].string for f in refused)),
                    order=order.name))

    def _refuse_transition_fields(self, fnames):
        if fnames:
            raise AccessError(_(
                "%(fields)s change only through the order's buttons.",
                fields=", ".join(sorted(self._fields[f].string for f in fnames))))

    def _check_create_values(self, vals):
        """A new order starts empty of transition fields: refuse any that
        ``vals`` or a ``default_<field>`` key of the context (which fills
        fields silently) gives, whoever calls. The empty defaults the web
        client sends for a new record are not a value."""
        defaults = {
            key[8:]: value for key, value in self.env.context.items() if key.startswith("default_")
        }
        self._refuse_transition_fields({
            fname for fname, value in {**defaults, **vals}.items()
            if fname in TRANSITION_FIELDS and value and not (fname == "state" and value == "draft")
        })

    def _check_reported_as_self(self):
        """Only the desk reports in another person's name: anyone else's
        order is theirs, in their own department."""
        user = self.env.user
        if user.has_group("hospital_repair.group_repair_dispatcher"):
            return
        for order in self.sudo():
            if (order.reporter_id != user or order.department_id != order._get_reporter_department()
                    or order.reporter_name != user.name):
                raise AccessError(_(
                    "You can report only in your own name; the service desk reports for "
                    "others."))
