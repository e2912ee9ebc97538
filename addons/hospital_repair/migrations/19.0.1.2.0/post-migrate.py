"""Issue 25: the portal's rule on the orders reads the stored department
leader (same orders, found through an index). The rule is noupdate, so an
upgrade alone would keep the old domain."""

from odoo import SUPERUSER_ID, api

PORTAL_RULE = "hospital_repair.hospital_repair_order_rule_portal"
OLD_DOMAIN = "['|', ('reporter_id', '=', user.id), ('department_id.manager_id.user_id', '=', user.id)]"
NEW_DOMAIN = "['|', ('reporter_id', '=', user.id), ('department_leader_id', '=', user.id)]"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(PORTAL_RULE, raise_if_not_found=False)
    # a rule a hospital changed by hand stays as they made it
    if rule and rule.domain_force == OLD_DOMAIN:
        rule.domain_force = NEW_DOMAIN
