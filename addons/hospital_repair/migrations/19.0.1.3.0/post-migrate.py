"""Issue 25, queries that stay flat with volume.

- The rules that found a department leader's records through the department
  and its manager read the order's stored leader instead (the same records,
  found through an index rather than a join of every order).
- The report date is indexed by the order's _reported_index, which also holds
  the columns the report view reads. Odoo keeps a field's index it no longer
  declares: the old one goes here, so that a write updates one index."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_repair.tools import upgrade_rule_domains

RENAMES = {
    "'department_id.manager_id.user_id'": "'department_leader_id'",
    "'order_id.department_id.manager_id.user_id'": "'order_id.department_leader_id'",
}


def migrate(cr, version):
    upgrade_rule_domains(api.Environment(cr, SUPERUSER_ID, {}), "hospital_repair", RENAMES)
    cr.execute("DROP INDEX IF EXISTS hospital_repair_order__date_reported_index")
