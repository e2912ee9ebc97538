"""Common ground of the adapter tests: the fixture's org chart known to a
fake OA by login, the real approval flow of hospital_repair, and delivery
through the outbox."""

from odoo.exceptions import UserError

from odoo.addons.hospital_repair.tests.approval_common import ApprovalMixin
from odoo.addons.hospital_repair.tests.common import HospitalRepairCommon

# the fixture's people and their OA logins
OA_LOGINS = {
    "requester_a2": "zhaohs",     # 赵护士, reports
    "head_nurse_a": "zhouhsz",    # 周护士长, her direct leader: first step
    "logistics_head": "luch",     # 陆处长, logistics leader: second step
    "manager": "makz",            # 马科长, repair manager
}
FALLBACK = "repair-robot"


class AdapterCase(ApprovalMixin, HospitalRepairCommon):
    """Subclasses start their fake OA in ``_start_oa()`` (knowing
    ``OA_LOGINS`` and ``FALLBACK``) and create ``cls.connection``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for attr, login in OA_LOGINS.items():
            getattr(cls, attr).oa_login = login
        cls.oa = cls._start_oa()
        cls.addClassCleanup(cls.oa.stop)
        cls.Message = cls.env["hospital.repair.oa.message"]

    def setUp(self):
        super().setUp()
        self.oa.reset()

    def _deliver(self):
        return self.Message._deliver_pending(auto_commit=False)

    def _messages(self, order):
        return self.Message.search([("order_id", "=", order.id)], order="id")

    def _assert_all_sent(self, order):
        messages = self._messages(order)
        self.assertTrue(messages)
        self.assertEqual(
            [(m.action, m.state) for m in messages if m.state != "sent"], [],
            "\n".join(f"{m.idempotency_key}: {m.last_error}" for m in messages if m.last_error),
        )

    def _submit_and_deliver(self, **vals):
        order = self._submit(**vals)
        self._deliver()
        return order, order.approval_ids.sorted("sequence")

    def _decide(self, step, user, refuse=False):
        if refuse:
            step.with_user(user).action_refuse("不在预算内")
        else:
            step.with_user(user).action_approve()
        self._deliver()

    def _reach_step_without_approver(self):
        """No logistics leader: the second step is any manager's. Returns
        the order, that step, and the OA logins of the managers who may
        decide it (the approval model's rule)."""
        self.env.company.repair_logistics_leader_id = False
        order, (first, second) = self._submit_and_deliver()
        self._decide(first, self.head_nurse_a)
        self.assertFalse(second.approver_id)
        logins = {u.oa_login for u in second._get_deciders() if u.oa_login}
        self.assertEqual(logins, {"makz", "luch"})
        return order, second, logins

    def _edit_while_waiting(self, order):
        """What may change while the order waits for approval: the reporter
        rewrites the place, the desk moves it to another floor."""
        order.with_user(self.requester_a2).write({"location": "302 诊室（已改）"})
        order.with_user(self.dispatcher).write({"zone_id": self.floor_a2.id})

    def _test_connection_error(self, **context):
        """The message of the UserError Test Connection raises, in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hospital_repair_oa"], ["zh_CN"])
        with self.assertRaises(UserError) as caught:
            self.connection.with_context(lang="zh_CN", **context).action_test_connection()
        return str(caught.exception)
