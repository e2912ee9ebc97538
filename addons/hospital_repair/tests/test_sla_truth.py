from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Domain
from odoo.tests import tagged

from .common import HospitalRepairCommon

# Monday 2 March 2026, 08:00 in Shanghai.
T0 = datetime(2026, 3, 2, 0, 0)


def at(hours):
    return T0 + timedelta(hours=hours)


@tagged("post_install", "-at_install")
class TestSlaTruth(HospitalRepairCommon):
    """One SLA truth: the deadlines the order stores when its clock starts,
    and its overdue flags, are the answer of every reader: the order's own
    flags and the desk's "Overdue" filter, the big screen, the analysis
    (hospital.repair.report), the dashboard and the worker appraisal.

    Two orders are followed through time:
    - an urgent order (factor 0.5) of a 2 h / 24 h category, clock from its
      submission: accept before T0+1h, done before T0+12h;
    - a normal order of the 2 h / 24 h category that needs approval, approved
      at T0+10h: no deadline while it waits, then accept before T0+12h and
      done before T0+34h.
    The hours checked fall where a reader counting from the report time, or
    without the factor, would answer differently.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only the campus of the fixture, whatever the demo data holds.
        cls.board = cls.env["hospital.repair.board"].create({
            "name": "SLA board", "zone_ids": [(6, 0, cls.campus.ids)],
            "tz": "UTC", "lang": "en_US",
        })

    # ------------------------------------------------------------------
    # The readers
    # ------------------------------------------------------------------
    def _refresh_flags(self):
        """What the scheduler runs every few minutes: the flags of open
        orders whose deadline passed since their last write."""
        self.env.ref("hospital_repair.ir_cron_update_overdue").ir_actions_server_id.run()

    def _board_row(self, order):
        rows = [row for row in self.board._get_board_data()["orders"] if row["id"] == order.id]
        self.assertEqual(len(rows), 1, "the open order is on the board")
        return rows[0]

    def _report_row(self, order):
        # a new request would not hold the rows read an hour (of the test) ago
        self.env["hospital.repair.report"].invalidate_model()
        row = self.env["hospital.repair.report"].with_user(self.manager).search(
            [("order_id", "=", order.id)])
        self.assertEqual(len(row), 1)
        return row

    def _dashboard_overdue(self):
        figure = self.env["hospital.repair.report"].with_user(self.manager).get_dashboard_data()[
            "overdue"]
        orders = self.env[figure["model"]].with_user(self.manager).search(figure["domain"])
        self.assertEqual(figure["value"], len(orders), "the figure counts what its click opens")
        return orders

    def _appraisal_overdue_rate(self, worker):
        appraisal = self.env["hospital.repair.appraisal"].with_user(self.manager).create({
            "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31),
            "user_ids": [(6, 0, worker.ids)],
        })
        [row] = appraisal._compute_figures()
        self.assertEqual(row["order_count"], 1)
        return row["overdue_rate"]

    def assertSameAnswer(self, order, *, overdue, response_deadline, completion_deadline,
                         board_deadline, response_hours, completion_hours):
        """Every reader gives ``order`` the stored deadlines and ``overdue``."""
        Order = self.env["hospital.repair.order"].with_user(self.manager)
        # 1. The order: its stored deadlines and flags, and the desk's filter.
        self.assertEqual(
            (order.date_response_deadline, order.date_completion_deadline),
            (response_deadline, completion_deadline), "order deadlines")
        self.assertEqual(order.is_overdue, overdue, "order flag")
        self.assertEqual(
            bool(Order.search(Domain("is_overdue", "=", True) & Domain("id", "=", order.id))),
            overdue, "the desk's Overdue filter")
        # 2. The big screen: the deadline running now, and red when overdue.
        if order.state not in ("done", "verified", "closed"):
            row = self._board_row(order)
            self.assertEqual(row["deadline"], fields.Datetime.to_string(board_deadline) or False,
                             "board deadline")
            self.assertEqual(row["sla"] == "overdue", overdue, "board status")
        # 3. The analysis: the order's flags, its targets from its deadlines.
        report = self._report_row(order)
        self.assertEqual(
            (report.response_overdue, report.completion_overdue, report.is_overdue),
            (int(order.is_response_overdue), int(order.is_completion_overdue), overdue),
            "report flags")
        self.assertEqual(
            (report.response_target_hours, report.completion_target_hours),
            (response_hours, completion_hours), "report targets")
        # 4. The dashboard: the open orders the desk's filter shows as overdue.
        if order.state in ("submitted", "assigned", "in_progress"):
            self.assertEqual(order in self._dashboard_overdue(), overdue, "dashboard")
        # 5. The appraisal of the worker: their on-time measure.
        if order.user_id:
            self.assertEqual(
                self._appraisal_overdue_rate(order.user_id),
                100.0 if order.is_completion_overdue else 0.0, "appraisal")

    # ------------------------------------------------------------------
    # The two orders
    # ------------------------------------------------------------------
    def test_urgent_order(self):
        """Urgent: half the targets, from the submission."""
        with freeze_time(T0):
            order = self._submitted_order(category_id=self.cat_hvac.id, priority="urgent")
        expected = {
            "response_deadline": at(1), "completion_deadline": at(12),
            "response_hours": 1.0, "completion_hours": 12.0,
        }
        with freeze_time(at(0.5)):
            self._refresh_flags()
            self.assertSameAnswer(order, overdue=False, board_deadline=at(1), **expected)
            order.with_user(self.dispatcher).action_accept()
        self.assertEqual(order.user_id, self.worker)
        with freeze_time(at(0.75)):
            order.with_user(self.worker).action_start()
        # 11 h after the report: on time, 1 h left.
        with freeze_time(at(11)):
            self._refresh_flags()
            self.assertSameAnswer(order, overdue=False, board_deadline=at(12), **expected)
        # 13 h after the report: 1 h late for the urgent target (it would still
        # be 11 h early for the category's 24 h).
        with freeze_time(at(13)):
            self._refresh_flags()
            self.assertTrue(order.is_completion_overdue)
            self.assertFalse(order.is_response_overdue)
            self.assertSameAnswer(order, overdue=True, board_deadline=at(12), **expected)
        # Done late: the history keeps the same answer.
        with freeze_time(at(14)):
            order.with_user(self.worker).action_finish(result="success")
            self.assertSameAnswer(order, overdue=True, board_deadline=False, **expected)

    def test_approval_order(self):
        """Needs approval: no clock while it waits, then the full targets
        from the final approval."""
        with freeze_time(T0):
            order = self._submitted_order(
                category_id=self.cat_pressure.id, zone_id=self.floor_a2.id)
        self.assertEqual(order.state, "to_approve")
        # 3 h of waiting: past the 2 h response target if it ran from the report.
        with freeze_time(at(3)):
            self._refresh_flags()
            self.assertSameAnswer(
                order, overdue=False, response_deadline=False, completion_deadline=False,
                board_deadline=False, response_hours=0.0, completion_hours=0.0)
        with freeze_time(at(10)):
            while order.state == "to_approve":
                step = order.approval_ids.filtered(lambda s: s.state == "pending")
                step.with_user(self.manager).action_approve()
        self.assertEqual((order.state, order.date_approved), ("submitted", at(10)))
        expected = {
            "response_deadline": at(12), "completion_deadline": at(34),
            "response_hours": 2.0, "completion_hours": 24.0,
        }
        with freeze_time(at(11)):
            self._refresh_flags()
            self.assertSameAnswer(order, overdue=False, board_deadline=at(12), **expected)
        with freeze_time(at(11.5)):
            order.with_user(self.dispatcher).action_accept()
        self.assertEqual(order.user_id, self.worker_a2)
        # 25 h after the report, 15 h after the approval: on time.
        with freeze_time(at(25)):
            self._refresh_flags()
            self.assertSameAnswer(order, overdue=False, board_deadline=at(34), **expected)
        with freeze_time(at(35)):
            self._refresh_flags()
            self.assertTrue(order.is_completion_overdue)
            self.assertFalse(order.is_response_overdue)
            self.assertSameAnswer(order, overdue=True, board_deadline=at(34), **expected)
