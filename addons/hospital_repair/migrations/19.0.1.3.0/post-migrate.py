"""Issue 25: the rules that found a department leader's records through the
department and its manager read the order's stored leader instead (the same
records, found through an index rather than a join of every order)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_repair.tools import upgrade_rule_domains

RENAMES = {
    "department_id.manager_id.user_id": "department_leader_id",
    "order_id.department_id.manager_id.user_id": "order_id.department_leader_id",
}


def migrate(cr, version):
    upgrade_rule_domains(api.Environment(cr, SUPERUSER_ID, {}), "hospital_repair",
                         "security/hospital_repair_security.xml", RENAMES)
