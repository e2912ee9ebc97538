"""The requesters' rules on material and charge lines ask for the user's
departments and approvals through the order's search fields (see
hospital_repair 19.0.1.4.0)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_repair.tools import upgrade_rule_domains

RENAMES = {
    "('order_id.department_id', 'in', user.employee_ids.department_id.ids)":
        "('order_id.is_my_department', '=', True)",
    "('order_id.approval_ids.approver_id', '=', user.id)": "('order_id.is_my_approval', '=', True)",
}


def migrate(cr, version):
    upgrade_rule_domains(api.Environment(cr, SUPERUSER_ID, {}), "hospital_repair_stock", RENAMES)
