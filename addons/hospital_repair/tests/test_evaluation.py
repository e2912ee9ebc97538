from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .portal_common import HospitalRepairPortalCase


@tagged("post_install", "-at_install")
class TestRepairEvaluation(HospitalRepairPortalCase):
    def _verified_order(self):
        order = self._portal_order(self.portal_c)
        self._bring_to_done(order)
        order.with_user(self.portal_c).sudo().action_verify()
        return order

    def test_only_after_verification_and_one_per_order(self):
        order = self._portal_order(self.portal_c)
        scores = {"score_quality": 5, "score_attitude": 5, "score_timeliness": 5,
                  "score_desk": 5}
        with self.assertRaises(ValidationError):
            self.env["hospital.repair.evaluation"].create(dict(scores, order_id=order.id))
        self._bring_to_done(order)
        order.with_user(self.portal_c).sudo().action_verify()
        first = self.env["hospital.repair.evaluation"].with_user(self.portal_c).sudo()._submit(
            order, scores, "ok")
        second = self.env["hospital.repair.evaluation"].with_user(self.portal_c).sudo()._submit(
            order, dict(scores, score_desk=4), "ok")
        self.assertEqual(first, second)
        self.assertEqual(order.evaluation_ids.score_desk, 4)

    def test_editable_for_seven_days_only(self):
        order = self._verified_order()
        scores = {"score_quality": 4, "score_attitude": 4, "score_timeliness": 4,
                  "score_desk": 4}
        evaluation = self.env["hospital.repair.evaluation"].with_user(self.portal_c).sudo()._submit(
            order, scores, "")
        later = fields.Datetime.now() + timedelta(days=8)
        with freeze_time(later):
            allowed = order.with_user(self.portal_c).sudo()._portal_allowed_actions()
            self.assertNotIn("evaluate", allowed)
            with self.assertRaises(ValidationError):
                evaluation.with_user(self.portal_c).sudo().write({"score_desk": 1})
        self.assertEqual(evaluation.score_desk, 4)

    def test_low_score_creates_desk_activity(self):
        order = self._verified_order()
        self.env["hospital.repair.evaluation"].with_user(self.portal_c).sudo()._submit(
            order, {"score_quality": 5, "score_attitude": 1, "score_timeliness": 5,
             "score_desk": 5}, "Rude")
        self.assertEqual(len(order.activity_ids), 1)
        self.assertEqual(order.activity_ids.user_id, self.dispatcher)
