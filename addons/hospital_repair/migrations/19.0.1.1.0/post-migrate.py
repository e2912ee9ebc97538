"""Wave 1 → issue 20: settings move from system parameters to each hospital
(res.company), and the portal rules that issue 20 replaced are removed
(they were noupdate, so an upgrade alone would keep them and their holes)."""

from odoo import SUPERUSER_ID, api

OLD_RULES = (
    "hospital_repair.hospital_repair_evaluation_rule_portal",
    "hospital_repair.hospital_repair_complaint_rule_portal",
    "hospital_repair.hospital_repair_approval_rule_portal",
)
PARAMETERS = {
    "hospital_repair.dispatch_on_accept": ("repair_dispatch_on_accept", lambda v: v not in ("False", "0", "")),
    "hospital_repair.auto_verify_days": ("repair_auto_verify_days", int),
    "hospital_repair.logistics_leader_id": ("repair_logistics_leader_id", int),
    "hospital_repair.factor_urgent": ("repair_factor_urgent", float),
    "hospital_repair.factor_emergency": ("repair_factor_emergency", float),
    "hospital_repair.weight_dispatch": ("repair_weight_dispatch", int),
    "hospital_repair.weight_success": ("repair_weight_success", int),
    "hospital_repair.weight_satisfaction": ("repair_weight_satisfaction", int),
    "hospital_repair.weight_count": ("repair_weight_count", int),
    "hospital_repair.weight_overdue": ("repair_weight_overdue", int),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in OLD_RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.unlink()
    params = env["ir.config_parameter"].sudo()
    vals = {}
    for key, (fname, convert) in PARAMETERS.items():
        value = params.get_param(key)
        if value not in (None, False, ""):
            try:
                vals[fname] = convert(value)
            except ValueError:
                continue
        params.search([("key", "=", key)]).unlink()
    if vals:
        env["res.company"].search([]).write(vals)
