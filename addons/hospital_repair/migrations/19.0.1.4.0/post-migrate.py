"""The requesters' rules ask for the user's departments and approvals when
they search (``is_my_department``, ``is_my_approval``), instead of a list
of departments cached with the rule (a transferred nurse kept her old
department's orders) and of a join to every order's approval steps (which
read every order of the table)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_repair.tools import upgrade_rule_domains

RENAMES = {
    "('department_id', 'in', user.employee_ids.department_id.ids)": "('is_my_department', '=', True)",
    "('approval_ids.approver_id', '=', user.id)": "('is_my_approval', '=', True)",
}


def migrate(cr, version):
    upgrade_rule_domains(api.Environment(cr, SUPERUSER_ID, {}), "hospital_repair", RENAMES)
