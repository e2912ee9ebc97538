"""Issue 25: the requester's rules on material and charge lines find a
department leader's lines through the order's stored leader (an index)
rather than a join of every order to its department and manager."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_repair.tools import upgrade_rule_domains

RENAMES = {"'order_id.department_id.manager_id.user_id'": "'order_id.department_leader_id'"}


def migrate(cr, version):
    upgrade_rule_domains(api.Environment(cr, SUPERUSER_ID, {}), "hospital_repair_stock", RENAMES)
