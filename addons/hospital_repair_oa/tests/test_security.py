from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairCommon

from .common import OaRecordsMixin


@tagged("post_install", "-at_install")
class TestOaSecurity(OaRecordsMixin, HospitalRepairCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_oa_fixtures()
        cls.connection = cls.env["hospital.repair.oa.connection"].create({
            "name": "OA",
            "allowed_hosts": "oa.hospital.test",
            "push_enabled": True,
            "adapter": "webhook",
            "push_url": "https://oa.hospital.test/todo",
            "webhook_secret": "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "jwt_enabled": True,
            "jwt_issuer": "oa",
            "jwt_audience": "repair",
            "jwt_secret": "x" * 40,
        })
        step = cls._step(state="pending")
        step._on_step_current()
        cls.message = cls.env["hospital.repair.oa.message"].search([("approval_id", "=", step.id)])
        cls.message.write({"state": "dead", "attempts": 8})

    def test_requester_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.env["hospital.repair.oa.connection"].with_user(self.requester_a).search([])
        with self.assertRaises(AccessError):
            self.env["hospital.repair.oa.message"].with_user(self.requester_a).search([])
        with self.assertRaises(AccessError):
            self.message.with_user(self.requester_a).action_retry_now()

    def test_manager_reads_without_secrets_and_retries(self):
        conn = self.connection.with_user(self.manager)
        self.assertEqual(conn.name, "OA")
        fields = conn.fields_get()
        self.assertNotIn("webhook_secret", fields)
        self.assertNotIn("jwt_secret", fields)
        self.assertNotIn("seeyon_rest_password", fields)
        self.assertNotIn("seeyon_token", fields)
        with self.assertRaises(AccessError):
            conn.name = "changed"
        with self.assertRaises(AccessError):
            conn.action_test_connection()
        self.message.with_user(self.manager).action_retry_now()
        self.assertEqual((self.message.state, self.message.attempts), ("pending", 0))

    def test_users_cannot_set_their_own_oa_login(self):
        with self.assertRaises(AccessError):
            self.requester_a.with_user(self.requester_a).write({"oa_login": "wangzr"})

    def test_configuration_is_checked(self):
        with self.assertRaises(ValidationError):
            self.connection.push_url = "https://elsewhere.test/todo"
        with self.assertRaises(ValidationError):
            self.connection.jwt_secret = "short"
        with self.assertRaises(ValidationError):
            self.connection.write({"jwt_algorithm": "RS256", "jwt_public_key": "not a key"})
        with self.assertRaises(ValidationError):
            self.connection.push_url = "ftp://oa.hospital.test/todo"

    def test_retry_refused_for_sent_message(self):
        self.message.state = "sent"
        with self.assertRaises(UserError):
            self.message.action_retry_now()

    def test_admin_views_load(self):
        for model in ("hospital.repair.oa.connection", "hospital.repair.oa.message"):
            views = self.env[model].with_user(self.manager).get_views([(False, "list"), (False, "form")])
            self.assertIn("list", views["views"])

    def test_records_of_inactive_companies_are_hidden(self):
        branch = self.company_2
        self.manager.company_ids |= branch
        branch_connection = self.env["hospital.repair.oa.connection"].create({
            "name": "Branch OA", "company_id": branch.id,
        })
        branch_message = self.message.copy({"connection_id": branch_connection.id})
        shared = self.env["hospital.repair.oa.connection"].create(
            {"name": "Group OA", "company_id": False})
        main = self.env.company
        for model, ours, theirs in (
            ("hospital.repair.oa.connection", self.connection | shared, branch_connection),
            ("hospital.repair.oa.message", self.message, branch_message),
        ):
            records = ours | theirs
            Model = self.env[model].with_user(self.manager)
            with self.subTest(model=model):
                self.assertEqual(
                    Model.with_context(allowed_company_ids=main.ids).search(
                        [("id", "in", records.ids)]),
                    ours)
                self.assertEqual(
                    Model.with_context(allowed_company_ids=(main | branch).ids).search(
                        [("id", "in", records.ids)]),
                    records)
