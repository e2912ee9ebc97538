import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from ..const import REPORTER_SUBTYPES
from .common import HospitalRepairCommon

SCRIPT = Path(__file__).resolve().parent.parent / "migrations" / "19.0.1.1.0" / "post-migrate.py"


def run_migration(env, version, module="hospital_repair"):
    script = SCRIPT.parent.parent.parent.parent / module / "migrations" / version / "post-migrate.py"
    spec = importlib.util.spec_from_file_location(f"post_migrate_{module}_{version}", script)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.migrate(env.cr, "19.0.1.2.0")


@tagged("post_install", "-at_install")
class TestMigration(TransactionCase):
    """An upgrade from wave 1 keeps the hospital's settings and drops the
    portal rules issue 20 replaced (noupdate: an upgrade alone keeps them)."""

    def test_wave_1_settings_and_rules(self):
        params = self.env["ir.config_parameter"].sudo()
        leader = self.env.ref("base.user_admin")
        for key, value in (("dispatch_on_accept", "False"), ("auto_verify_days", "5"),
                           ("logistics_leader_id", str(leader.id)), ("factor_urgent", "0.4"),
                           ("weight_count", "30")):
            params.set_param(f"hospital_repair.{key}", value)
        rule = self.env["ir.rule"].create({
            "name": "wave 1 portal evaluations",
            "model_id": self.env["ir.model"]._get_id("hospital.repair.evaluation"),
            "domain_force": "[(1, '=', 1)]",
        })
        self.env["ir.model.data"].create({
            "module": "hospital_repair", "name": "hospital_repair_evaluation_rule_portal",
            "model": "ir.rule", "res_id": rule.id, "noupdate": True,
        })
        spec = importlib.util.spec_from_file_location("post_migrate", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        company = self.env.company
        self.assertEqual(
            (company.repair_dispatch_on_accept, company.repair_auto_verify_days,
             company.repair_logistics_leader_id, company.repair_factor_urgent,
             company.repair_weight_count, company.repair_factor_emergency),
            (False, 5, leader, 0.4, 30, 0.25))
        self.assertFalse(rule.exists())
        self.assertFalse(params.get_param("hospital_repair.auto_verify_days"))

    def _run(self, version, module="hospital_repair"):
        run_migration(self.env, version, module)

    def test_rules_of_wave_2_from_19_0_1_2_0(self):
        """19.0.1.3.0 and 19.0.1.4.0, in turn as an upgrade runs them: the
        requester's rule reads the stored leader, then asks for the user's
        departments and approvals at each search. A rule a hospital changed
        by hand keeps what they added."""
        requester = self.env.ref("hospital_repair.hospital_repair_order_rule_requester")
        complaint = self.env.ref("hospital_repair.hospital_repair_complaint_rule_reporter_create")
        shipped = requester.domain_force
        for leaf in ("('department_leader_id', '=', user.id)", "('is_my_department', '=', True)",
                     "('is_my_approval', '=', True)"):
            self.assertIn(leaf, shipped)
        requester.domain_force = (
            "['|', '|', '|', ('reporter_id', '=', user.id), ('department_id', 'in', "
            "user.employee_ids.department_id.ids), ('department_id.manager_id.user_id', '=', "
            "user.id), ('approval_ids.approver_id', '=', user.id)]")
        by_hand = ("['&', ('order_id.department_id.manager_id.user_id', '=', user.id), "
                   "('order_id.priority', '=', 'urgent')]")
        complaint.domain_force = by_hand
        self._run("19.0.1.3.0")
        self._run("19.0.1.4.0")
        self.assertEqual(requester.domain_force, shipped)
        self.assertEqual(complaint.domain_force, by_hand.replace(
            "'order_id.department_id.manager_id.user_id'", "'order_id.department_leader_id'"))
        lines = self.env.ref("hospital_repair_stock.hospital_repair_material_line_rule_requester",
                             raise_if_not_found=False)
        if lines:  # the stock addon's rules, when it is installed
            shipped = lines.domain_force
            lines.domain_force = shipped.replace(
                "('order_id.is_my_department', '=', True)",
                "('order_id.department_id', 'in', user.employee_ids.department_id.ids)",
            ).replace("('order_id.is_my_approval', '=', True)",
                      "('order_id.approval_ids.approver_id', '=', user.id)")
            self.assertNotEqual(lines.domain_force, shipped)
            self._run("19.0.1.2.0", "hospital_repair_stock")
            self.assertEqual(lines.domain_force, shipped)


@tagged("post_install", "-at_install")
class TestMigrationFollowers(HospitalRepairCommon):
    def test_reporters_follow_their_events_from_19_0_1_4_0(self):
        """19.0.1.5.0: the reporters of orders written before follow the
        events' subtypes (they followed the discussion only); the other
        followers keep theirs."""
        order = self._new_order()
        reporter = order.reporter_id.partner_id
        comment = self.env.ref("mail.mt_comment")
        order.message_subscribe(partner_ids=reporter.ids, subtype_ids=comment.ids)
        other = self.env["res.partner"].create({"name": "Visitor"})
        order.message_subscribe(partner_ids=other.ids, subtype_ids=comment.ids)
        followers = order.message_follower_ids
        self.assertEqual(followers.filtered(lambda f: f.partner_id == reporter).subtype_ids, comment)
        self.env.flush_all()
        run_migration(self.env, "19.0.1.5.0")
        followers.invalidate_recordset(["subtype_ids"])
        self.assertEqual(
            followers.filtered(lambda f: f.partner_id == reporter).subtype_ids,
            self.env["mail.message.subtype"].browse(
                [self.env.ref(xmlid).id for xmlid in REPORTER_SUBTYPES]))
        self.assertEqual(followers.filtered(lambda f: f.partner_id == other).subtype_ids, comment)
