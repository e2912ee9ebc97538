"""Record rules of the records around an order (issue 20, point 3):
evaluations, complaints, approval steps, delegations, and the multi-company
rules of the addon's models. Every check acts as a real user of the role."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import HospitalRepairCommon

SCORES = {"score_quality": 5, "score_attitude": 5, "score_timeliness": 5, "score_desk": 5}


class RecordRulesCommon(HospitalRepairCommon):
    """Helpers to verify and rate orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["hospital.repair.evaluation"]
        cls.Complaint = cls.env["hospital.repair.complaint"]

    @classmethod
    def _verified_order(cls, user=None, **vals):
        order = cls._done_order(user=user, **vals)
        order.with_user(order.reporter_id).action_verify()
        return order

    def _visible(self, model, user, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def _assert_visible(self, model, records, expected):
        """``expected``: user -> the records of ``records`` they read."""
        for user, seen in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(model, user, records), seen)


@tagged("post_install", "-at_install")
class TestEvaluationRules(RecordRulesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._verified_order()  # department A, worked by `worker`
        cls.order_b = cls._verified_order(user=cls.requester_b, zone_id=cls.floor_a2.id)
        cls.order_c = cls._verified_order()  # not rated yet
        cls.eval_a = cls.Evaluation.with_user(cls.requester_a)._submit(cls.order_a, SCORES, "")
        cls.eval_b = cls.Evaluation.with_user(cls.requester_b)._submit(cls.order_b, SCORES, "")
        cls.both = cls.eval_a | cls.eval_b

    def test_read_reporter_leader_worker_desk(self):
        none = self.Evaluation
        self._assert_visible("hospital.repair.evaluation", self.both, {
            self.requester_a: self.eval_a,
            self.requester_a2: none,
            self.leader_a: self.eval_a,
            self.requester_b: self.eval_b,
            self.leader_b: self.eval_b,
            self.worker: self.eval_a,
            self.worker_a2: self.eval_b,
            self.worker_backup: none,
            self.portal_a: none,
            self.dispatcher: self.both,
            self.manager: self.both,
        })
        with self.assertRaises(AccessError):
            self.eval_b.with_user(self.requester_a).read(["score_quality", "comment"])

    def test_only_the_reporter_rewrites_the_rating(self):
        # Finding: another department's 5 stars rewritten to 1, by a worker too.
        for user in (self.requester_b, self.requester_a2, self.leader_a, self.worker,
                     self.worker_a2, self.dispatcher, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.eval_a.with_user(user).write({"score_quality": 1})
        self.assertEqual(self.eval_a.score_quality, 5)
        self.eval_a.with_user(self.requester_a).write({"score_quality": 4, "comment": "Late"})
        self.assertEqual(self.eval_a.score_quality, 4)

    def test_reporter_rewrites_scores_only(self):
        for vals in ({"partner_id": self.requester_b.partner_id.id},
                     {"order_id": self.order_c.id},
                     {"user_id": self.worker_a2.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.eval_a.with_user(self.requester_a).write(vals)
        self.assertEqual(
            (self.eval_a.partner_id, self.eval_a.order_id, self.eval_a.user_id),
            (self.requester_a.partner_id, self.order_a, self.worker))

    def test_edit_window_holds_for_everyone(self):
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            with self.assertRaises(ValidationError):
                self.eval_a.with_user(self.requester_a).write({"score_desk": 1})
            # the desk had a bypass: nobody has one
            for user in (self.dispatcher, self.manager):
                with self.subTest(user=user.login), self.assertRaises(UserError):
                    self.eval_a.with_user(user).write({"score_desk": 1})
        self.assertEqual(self.eval_a.score_desk, 5)

    def test_created_by_the_reporter_in_their_own_name(self):
        vals = dict(SCORES, order_id=self.order_c.id)
        for user in (self.requester_b, self.requester_a2, self.leader_a, self.worker,
                     self.dispatcher, self.manager, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Evaluation.with_user(user).create(vals)
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.requester_b)._submit(self.order_c, SCORES, "")
        # in someone else's name: refused, and a context default does not count
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.requester_a).create(
                dict(vals, partner_id=self.requester_b.partner_id.id))
        evaluation = self.Evaluation.with_user(self.requester_a).with_context(
            default_partner_id=self.requester_b.partner_id.id).create(vals)
        self.assertEqual(evaluation.partner_id, self.requester_a.partner_id)

    def test_not_before_the_repair_is_confirmed(self):
        order = self._done_order()
        with self.assertRaises(ValidationError):
            self.Evaluation.with_user(self.requester_a).create(dict(SCORES, order_id=order.id))
        with self.assertRaises(ValidationError):
            self.Evaluation.with_user(self.requester_a)._submit(order, SCORES, "")
        self.assertFalse(order.evaluation_ids)

    def test_nobody_deletes_a_rating(self):
        for user in (self.requester_a, self.dispatcher, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.eval_a.with_user(user).unlink()
        self.assertTrue(self.eval_a.exists())


@tagged("post_install", "-at_install")
class TestComplaintRules(RecordRulesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._verified_order()
        cls.order_b = cls._verified_order(user=cls.requester_b, zone_id=cls.floor_a2.id)
        cls.complaint_a = cls.Complaint.with_user(cls.requester_a)._submit(cls.order_a, "Slow")
        cls.complaint_b = cls.Complaint.with_user(cls.requester_b)._submit(cls.order_b, "Rude")
        cls.both = cls.complaint_a | cls.complaint_b

    def test_read_reporter_leader_worker_desk(self):
        # Finding: every department's complaint text was readable.
        none = self.Complaint
        self._assert_visible("hospital.repair.complaint", self.both, {
            self.requester_a: self.complaint_a,
            self.requester_a2: none,
            self.leader_a: self.complaint_a,
            self.requester_b: self.complaint_b,
            self.leader_b: self.complaint_b,
            self.worker: self.complaint_a,
            self.worker_a2: self.complaint_b,
            self.worker_backup: none,
            self.portal_a: none,
            self.dispatcher: self.both,
            self.manager: self.both,
        })
        with self.assertRaises(AccessError):
            self.complaint_b.with_user(self.requester_a).read(["description"])

    def test_created_by_reporter_or_leader_in_their_own_name(self):
        vals = {"order_id": self.order_a.id, "description": "Nobody called back"}
        for user in (self.requester_b, self.requester_a2, self.leader_b, self.worker,
                     self.dispatcher, self.manager, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Complaint.with_user(user).create(vals)
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.requester_b)._submit(self.order_a, "Not mine")
        # Finding: a complaint filed in someone else's name.
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.requester_a).create(
                dict(vals, partner_id=self.requester_b.partner_id.id))
        complaint = self.Complaint.with_user(self.requester_a).with_context(
            default_partner_id=self.requester_b.partner_id.id).create(vals)
        self.assertEqual(complaint.partner_id, self.requester_a.partner_id)
        by_leader = self.Complaint.with_user(self.leader_a)._submit(self.order_a, "Again")
        self.assertEqual(by_leader.partner_id, self.leader_a.partner_id)

    def test_born_open_and_unhandled(self):
        vals = {"order_id": self.order_a.id, "description": "Nobody called back"}
        for extra in ({"state": "resolved"}, {"resolution": "Done"},
                      {"handler_id": self.requester_a.id}):
            with self.subTest(extra=extra), self.assertRaises(AccessError):
                self.Complaint.with_user(self.requester_a).create(dict(vals, **extra))
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.requester_a).with_context(
                default_state="resolved").create(vals)
        self.assertEqual(self.order_a.complaint_ids, self.complaint_a)

    def test_content_is_never_rewritten(self):
        content = ({"description": "Changed"}, {"partner_id": self.requester_b.partner_id.id},
                   {"order_id": self.order_b.id}, {"photo": False})
        for user in (self.requester_a, self.dispatcher, self.manager):
            for vals in content:
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    self.complaint_a.with_user(user).write(vals)
        self.assertEqual((self.complaint_a.description, self.complaint_a.order_id),
                         ("Slow", self.order_a))

    def test_desk_handles_through_the_actions(self):
        for user in (self.requester_a, self.leader_a, self.worker):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.complaint_a.with_user(user).action_handle()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.complaint_a.with_user(user).write({"resolution": "Sorry"})
        for user in (self.dispatcher, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.complaint_a.with_user(user).write({"state": "resolved"})
        self.assertEqual(self.complaint_a.state, "open")
        self.complaint_a.with_user(self.dispatcher).action_handle()
        self.assertEqual((self.complaint_a.state, self.complaint_a.handler_id),
                         ("handling", self.dispatcher))
        self.complaint_a.with_user(self.manager).write({
            "handler_id": self.manager.id, "resolution": "Worker called back"})
        self.complaint_a.with_user(self.manager).action_resolve()
        self.assertEqual(self.complaint_a.state, "resolved")

    def test_nobody_deletes_a_complaint(self):
        for user in (self.requester_a, self.dispatcher, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.complaint_a.with_user(user).unlink()
        self.assertTrue(self.complaint_a.exists())


@tagged("post_install", "-at_install")
class TestApprovalRules(RecordRulesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._submitted_order(category_id=cls.cat_pressure.id)
        cls.order_b = cls._submitted_order(user=cls.requester_b, category_id=cls.cat_pressure.id)
        cls.steps_a, cls.steps_b = cls.order_a.approval_ids, cls.order_b.approval_ids
        cls.all_steps = cls.steps_a | cls.steps_b

    def test_read_approver_reporter_desk(self):
        # Finding: every department's approval steps were readable.
        self.assertEqual(self.steps_a.mapped("approver_id"), self.leader_a)
        none = self.env["hospital.repair.approval"]
        self._assert_visible("hospital.repair.approval", self.all_steps, {
            self.requester_a: self.steps_a,
            self.requester_a2: none,
            self.leader_a: self.steps_a[0],
            self.requester_b: self.steps_b,
            self.leader_b: self.steps_b[0],
            self.worker: none,
            self.portal_a: none,
            self.dispatcher: self.all_steps,
            self.manager: self.all_steps,
        })
        with self.assertRaises(AccessError):
            self.steps_b[0].with_user(self.requester_a).read(["comment"])

    def test_written_by_the_approval_flow_only(self):
        step = self.steps_a[0]
        for user in (self.leader_a, self.requester_a, self.dispatcher, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                step.with_user(user).write({"state": "approved"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                step.with_user(user).unlink()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["hospital.repair.approval"].with_user(user).create({
                    "order_id": self.order_a.id, "role": "logistics_leader"})
        self.assertEqual(step.state, "pending")
        step.with_user(self.leader_a).action_approve("Fine")
        self.steps_a[1].with_user(self.manager).action_approve()
        self.assertEqual(self.order_a.state, "submitted")


@tagged("post_install", "-at_install")
class TestDelegationRules(RecordRulesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Delegation = cls.env["hospital.repair.approval.delegation"]
        today = fields.Date.today()
        cls.period = {"date_from": today - timedelta(days=1), "date_to": today + timedelta(days=2)}

    def test_requester_cannot_move_a_delegation_to_another_approver(self):
        # Finding: create one's own delegation, then rewrite it into department
        # B's leader delegating to oneself, and approve B's orders.
        delegation = self.Delegation.with_user(self.requester_a).create(
            dict(self.period, substitute_id=self.requester_a2.id))
        with self.assertRaises(AccessError):
            delegation.with_user(self.requester_a).write(
                {"user_id": self.leader_b.id, "substitute_id": self.requester_a.id})
        self.assertEqual(delegation.user_id, self.requester_a)
        with self.assertRaises(AccessError):
            self.Delegation.with_user(self.requester_a).create(
                dict(self.period, user_id=self.leader_b.id, substitute_id=self.requester_a.id))
        order = self._submitted_order(user=self.requester_b, category_id=self.cat_pressure.id)
        step = order.approval_ids[0]
        self.assertEqual(step.approver_id, self.leader_b)
        with self.assertRaises(UserError):
            step.with_user(self.requester_a).action_approve()
        self.assertEqual(step.state, "pending")

    def test_own_delegations_given_or_received(self):
        delegation = self.Delegation.with_user(self.leader_b).create(
            dict(self.period, substitute_id=self.requester_b.id))
        self._assert_visible("hospital.repair.approval.delegation", delegation, {
            self.leader_b: delegation,
            self.requester_b: delegation,
            self.requester_a: self.Delegation,
            self.worker: self.Delegation,
            self.manager: delegation,
        })
        for user in (self.requester_b, self.dispatcher):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                delegation.with_user(user).write({"date_to": self.period["date_from"]})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                delegation.with_user(user).unlink()
        delegation.with_user(self.leader_b).write({"substitute_id": self.leader_a.id})
        # the delegator and the substitute read the steps it routes
        order = self._submitted_order(user=self.requester_b, category_id=self.cat_pressure.id)
        step = order.approval_ids[0]
        self.assertEqual((step.approver_id, step.delegator_id), (self.leader_a, self.leader_b))
        for user in (self.leader_a, self.leader_b):
            self.assertEqual(self._visible("hospital.repair.approval", user, step), step)

    def test_managers_manage_all(self):
        delegation = self.Delegation.with_user(self.leader_b).create(
            dict(self.period, substitute_id=self.requester_b.id))
        delegation.with_user(self.manager).write({"user_id": self.leader_a.id})
        self.assertEqual(delegation.user_id, self.leader_a)
        delegation.with_user(self.manager).unlink()
        self.assertFalse(delegation.exists())


def _password(login):
    return login + "x" * (8 - len(login))


@tagged("post_install", "-at_install")
class TestPortalRecordRules(RecordRulesCommon, HttpCase):
    """Portal users reach evaluations, complaints and approval steps through
    the ORM as the routes of /my/repairs do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._portal_order()
        cls._bring_to_done(cls.order)
        # the portal's confirm button runs as the reporter
        cls.order.with_user(cls.portal_a).sudo().action_verify()

    @classmethod
    def _bring_to_done(cls, order):
        order.with_user(cls.dispatcher).action_accept()
        order.with_user(order.user_id).action_start()
        order.with_user(order.user_id).action_finish(result="success")

    def test_portal_reporter_rates_and_complains_as_themselves(self):
        # what the routes must do once they stop running as superuser
        order = self.order.with_user(self.portal_a)
        evaluation = self.Evaluation.with_user(self.portal_a)._submit(order, SCORES, "ok")
        self.assertEqual(evaluation.partner_id, self.portal_a.partner_id)
        self.Evaluation.with_user(self.portal_a)._submit(order, dict(SCORES, score_desk=3), "")
        self.assertEqual(evaluation.score_desk, 3)
        complaint = self.Complaint.with_user(self.portal_a)._submit(order, "Dirty floor")
        self.assertEqual(complaint.partner_id, self.portal_a.partner_id)
        self.assertEqual(self._visible("hospital.repair.evaluation", self.portal_a,
                                       self.order.evaluation_ids), evaluation)
        self.assertEqual(self._visible("hospital.repair.complaint", self.portal_a,
                                       self.order.complaint_ids), complaint)
        # the leader of the reporter's department reads them, a stranger nothing
        self.assertEqual(self._visible("hospital.repair.complaint", self.leader_a,
                                       complaint), complaint)
        stranger = self.portal_c  # of another department
        self.assertFalse(self._visible("hospital.repair.evaluation", stranger, evaluation))
        self.assertFalse(self._visible("hospital.repair.complaint", stranger, complaint))
        for write in (lambda: evaluation.with_user(stranger).write({"score_desk": 1}),
                      lambda: complaint.with_user(stranger).write({"description": "x"}),
                      lambda: self.Complaint.with_user(stranger).create(
                          {"order_id": self.order.id, "description": "x"}),
                      lambda: complaint.with_user(self.portal_a).write({"description": "x"})):
            with self.assertRaises(AccessError):
                write()

    def test_portal_reporter_reads_the_steps_of_their_order(self):
        order = self._portal_order(category_id=self.cat_pressure.id)
        steps = order.approval_ids
        self.assertEqual(len(steps), 2)
        self.assertEqual(self._visible("hospital.repair.approval", self.portal_a, steps), steps)
        self.assertFalse(self._visible("hospital.repair.approval", self.portal_c, steps))
        with self.assertRaises(AccessError):
            steps[0].with_user(self.portal_a).write({"state": "approved"})

    def _post(self, login, url, data):
        self.authenticate(login, _password(login))
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)),
                             allow_redirects=False)

    def test_routes_rate_and_complain_for_the_reporter_and_the_leader(self):
        url = f"/my/repairs/{self.order.id}"
        scores = {key: "4" for key in SCORES}
        response = self._post("portal_c", f"{url}/evaluate", scores)
        self.assertEqual(response.status_code, 404)
        response = self._post("portal_c", f"{url}/complain", {"description": "x"})
        self.assertEqual(response.status_code, 404)
        response = self._post("worker", f"{url}/complain", {"description": "x"})
        self.assertIn("message=error", response.headers.get("Location", ""))
        self.assertFalse(self.order.evaluation_ids)
        self.assertFalse(self.order.complaint_ids)

        response = self._post("portal_a", f"{url}/evaluate", scores)
        self.assertIn("message=evaluate", response.headers["Location"])
        self.assertEqual(self.order.evaluation_ids.partner_id, self.portal_a.partner_id)
        self.assertEqual(self.order.evaluation_ids.score_average, 4)
        self._post("portal_a", f"{url}/complain", {"description": "Dirty floor"})
        self._post("leader_a", f"{url}/complain", {"description": "Again"})
        self.assertEqual(self.order.complaint_ids.mapped("partner_id"),
                         self.leader_a.partner_id | self.portal_a.partner_id)


@tagged("post_install", "-at_install")
class TestCompanyRules(RecordRulesCommon):
    """Each model answers to the companies active in the user's switcher."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the staff work in both hospitals; the worker answers for the second's campus
        staff = cls.requester_a | cls.leader_a | cls.worker | cls.dispatcher | cls.manager
        staff.write({"company_ids": [Command.link(cls.company_2.id)]})
        cls.zone_other.user_id = cls.worker
        cls.board_b = cls.env["hospital.repair.board"].create(
            {"company_id": cls.company_2.id, "name": "Branch screen"})

        def as_b(records, user):
            return records.with_user(user).with_company(cls.company_2)

        Order = cls.env["hospital.repair.order"]
        vals = {"zone_id": cls.zone_other.id, "location": "Room 1", "description": "Leak",
                "contact_phone": "021-64041990"}
        order = as_b(Order, cls.requester_a).create(dict(vals, category_id=cls.cat_other.id))
        order.action_submit()
        as_b(order, cls.dispatcher).action_accept()
        as_b(order, cls.worker).action_start()
        as_b(order, cls.worker).action_finish(result="success")
        order.action_verify()
        cls.evaluation_b = cls.Evaluation.with_env(order.env)._submit(order, SCORES, "")
        cls.complaint_b = cls.Complaint.with_env(order.env)._submit(order, "Slow")
        to_approve = as_b(Order, cls.requester_a).create(
            dict(vals, category_id=cls.cat_pressure_other.id))
        to_approve.action_submit()
        cls.steps_b = to_approve.sudo().approval_ids
        # a user of the second hospital only
        cls.delegation_b = cls.env["hospital.repair.approval.delegation"].create({
            "user_id": cls.requester_other.id, "substitute_id": cls.requester_a.id,
            "date_from": fields.Date.today(), "date_to": fields.Date.today(),
        })

    def test_records_of_inactive_companies_are_hidden(self):
        records = {
            "hospital.repair.zone": self.zone_other,
            "hospital.repair.category": self.cat_other | self.cat_pressure_other,
            "hospital.repair.category.approval.step": self.cat_pressure_other.approval_step_ids,
            "hospital.repair.board": self.board_b,
            "hospital.repair.evaluation": self.evaluation_b,
            "hospital.repair.complaint": self.complaint_b,
            "hospital.repair.approval": self.steps_b,
            "hospital.repair.approval.delegation": self.delegation_b,
        }
        for model, recs in records.items():
            self.assertTrue(recs, model)
            Model = self.env[model].with_user(self.manager)
            with self.subTest(model=model):
                only_a = Model.with_context(allowed_company_ids=self.env.company.ids)
                self.assertFalse(only_a.search([("id", "in", recs.ids)]))
                both = Model.with_context(
                    allowed_company_ids=(self.env.company | self.company_2).ids)
                self.assertEqual(both.search([("id", "in", recs.ids)]), recs)

    def test_own_records_follow_the_active_companies_too(self):
        Evaluation = self.Evaluation.with_user(self.requester_a)
        self.assertFalse(Evaluation.with_context(allowed_company_ids=self.env.company.ids).search(
            [("id", "=", self.evaluation_b.id)]))
        self.assertEqual(Evaluation.with_context(allowed_company_ids=self.company_2.ids).search(
            [("id", "=", self.evaluation_b.id)]), self.evaluation_b)
