from datetime import date, datetime
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools.misc import get_lang
from odoo.tools.sql import SQL

from .common_reporting import ReportingCase, dt


@tagged("post_install", "-at_install")
class TestRepairReport(ReportingCase):
    def row(self, order):
        return self.Report.search([("order_id", "=", order.id)])

    def test_rows_and_durations(self):
        rows = self.Report.search(self.domain)
        # o6 was never reported
        self.assertEqual(rows.order_id, self.orders - self.o6)
        r1 = self.row(self.o1)
        self.assertAlmostEqual(r1.hours_to_accept, 1.0)
        self.assertAlmostEqual(r1.hours_to_dispatch, 0.5)
        self.assertAlmostEqual(r1.hours_to_start, 1.0)
        self.assertAlmostEqual(r1.hours_to_finish, 4.0)
        self.assertAlmostEqual(r1.hours_to_done, 6.5)
        self.assertAlmostEqual(r1.hours_to_verify, 24.0)
        self.assertEqual(r1.building_id, self.building_a)
        self.assertEqual(self.row(self.o3).building_id, self.building_a)
        self.assertEqual(self.row(self.o2).building_id, self.building_b)
        self.assertAlmostEqual(self.row(self.o3).hours_to_done, 28.0)
        self.assertFalse(self.row(self.o4).hours_to_accept)
        self.assertEqual(self.row(self.o2).complaint_count, 1)
        self.assertTrue(self.row(self.o2).has_complaint)
        self.assertAlmostEqual(r1.score_average, 4.5)

    def test_sla_flags(self):
        expected = {
            # order: (response met, completion met, response overdue, completion overdue)
            self.o1: (True, True, 0, 0),
            self.o2: (False, False, 1, 1),     # 3h > 1h, 10h > 8h
            self.o3: (True, False, 0, 1),      # 0.5h <= 2h, 28h > 24h
            self.o4: (False, False, 1, 1),     # still open long after both deadlines
            self.o5: (False, False, 0, 0),     # cancelled: no SLA
        }
        for order, flags in expected.items():
            row = self.row(order)
            self.assertEqual(
                (row.response_sla_met, row.completion_sla_met,
                 row.response_overdue, row.completion_overdue), flags, order.name)

    def test_averages_and_rates(self):
        [(count, accept, overdue, resp_overdue, overdue_rate, success, ftf, reopen,
          urges, complaints)] = self.Report._read_group(
            self.domain, [],
            ["order_count:sum", "hours_to_accept:avg", "completion_overdue:sum",
             "response_overdue:sum", "overdue_rate:avg", "success_rate:avg",
             "first_time_fix_rate:avg", "reopen_rate:avg", "urge_count:sum",
             "complaint_count:sum"])
        self.assertEqual(count, 5)
        self.assertAlmostEqual(accept, (1 + 3 + 0.5) / 3)
        self.assertEqual(overdue, 3)
        self.assertEqual(resp_overdue, 2)
        self.assertAlmostEqual(overdue_rate, 75.0)        # o2, o3, o4 of o1..o4
        self.assertAlmostEqual(success, 200 / 3)          # o1, o2 of o1..o3
        self.assertAlmostEqual(ftf, 100 / 3)              # only o1 (o2 was reopened)
        self.assertAlmostEqual(reopen, 100 / 3)           # o2 of o1..o3
        self.assertEqual(urges, 2)
        self.assertEqual(complaints, 1)

    def test_rankings(self):
        by_speed = self.Report._read_group(
            self.domain + [("user_id", "!=", False)], ["user_id"], ["hours_to_done:avg"],
            order="hours_to_done:avg asc")
        # worker_a2: 10h; worker: (6.5 + 28) / 2 = 17.25h
        self.assertEqual([(u, round(h, 2)) for u, h in by_speed],
                         [(self.worker_a2, 10.0), (self.worker, 17.25)])
        by_satisfaction = self.Report._read_group(
            self.domain + [("score_average", "!=", False)], ["user_id"],
            ["score_average:avg"], order="score_average:avg desc")
        self.assertEqual(by_satisfaction, [(self.worker, 4.5), (self.worker_a2, 3.0)])
        [(desk, desk_score)] = self.Report._read_group(
            self.domain + [("score_desk", "!=", False)], ["duty_user_id"], ["score_desk:avg"])
        self.assertEqual((desk, desk_score), (self.dispatcher, 3.5))

    def weeks(self):
        self.env.registry.clear_cache()
        weeks = self.Report._read_group(
            self.domain, ["date_reported:week"], ["__count"], order="date_reported:week")
        return [(d.date() if isinstance(d, datetime) else d, n) for d, n in weeks]

    def test_week_and_month_buckets(self):
        # the language the report reads: the context's, else the company's
        lang = self.env["res.lang"]._lang_get(get_lang(self.env).code)
        # Weeks start on the day of the user's language (Odoo's zh_CN: Sunday).
        lang.week_start = "1"
        # the ISO week of 2025-12-29..2026-01-04 holds o1 (30 Dec) and o2 (2 Jan)
        self.assertEqual(self.weeks(), [(date(2025, 12, 29), 2), (date(2026, 1, 5), 3)])
        lang.week_start = "7"
        # Sunday-based: 2025-12-28..2026-01-03 and 2026-01-04..2026-01-10
        self.assertEqual(self.weeks(), [(date(2025, 12, 28), 2), (date(2026, 1, 4), 3)])
        months = self.Report._read_group(
            self.domain, ["date_reported:month"], ["__count"], order="date_reported:month")
        self.assertEqual([(d.date() if isinstance(d, datetime) else d, n) for d, n in months],
                         [(date(2025, 12, 1), 1), (date(2026, 1, 1), 4)])
        years = self.Report._read_group(
            self.domain, ["date_reported:year"], ["__count"], order="date_reported:year")
        self.assertEqual([n for _d, n in years], [1, 4])

    def test_record_rules_per_role(self):
        def seen(user):
            return self.Report.with_user(user).search(self.domain).order_id

        # requester: own department A
        self.assertEqual(seen(self.requester_a), self.o1 | self.o3 | self.o5)
        # worker: assigned o1, o3 and o4 lies in 采血区 under their building 门诊楼
        self.assertEqual(seen(self.worker), self.o1 | self.o3 | self.o4)
        # worker_a2: assigned o2 and o5 lies in their floor 6F
        self.assertEqual(seen(self.worker_a2), self.o2 | self.o5)
        self.assertEqual(seen(self.dispatcher), self.orders - self.o6)
        self.assertEqual(seen(self.manager), self.orders - self.o6)
        # aggregated figures respect the rules too
        [(count,)] = self.Report.with_user(self.worker_a2)._read_group(
            self.domain, [], ["order_count:sum"])
        self.assertEqual(count, 2)

    def test_material_cost_hook(self):
        """An addon extends the view through _join() and _material_cost_sql()."""
        Model = type(self.Report)
        self.assertEqual(
            self.Report._read_group(self.domain, [], ["material_cost:sum"])[0][0], 0.0)
        join = SQL(
            "LEFT JOIN (VALUES (%s, 12.5), (%s, 7.25)) AS mat(order_id, cost)"
            " ON mat.order_id = o.id", self.o1.id, self.o3.id)
        with patch.object(Model, "_join", lambda self: join), \
                patch.object(Model, "_material_cost_sql",
                             lambda self: SQL("COALESCE(mat.cost, 0.0)")):
            self.assertEqual(
                self.Report._read_group(self.domain, [], ["material_cost:sum"])[0][0], 19.75)
            by_dept = dict(self.Report._read_group(
                self.domain, ["department_id"], ["material_cost:sum"]))
            self.assertEqual(by_dept[self.dept_a], 19.75)
            self.assertEqual(by_dept[self.dept_b], 0.0)

    def test_reads_this_transactions_writes(self):
        """Read in the transaction that changed an order (an appraisal right
        after a transition), the report gives the order's new answer."""
        self.assertEqual(self.row(self.o4).response_overdue, 1)
        self.o4._write_history({"state": "cancelled", "date_cancelled": dt("2026-01-06 11:00")})
        self.assertFalse(self.o4.is_overdue)   # cancelled: no SLA
        self.Report.invalidate_model()
        self.assertEqual(
            (self.row(self.o4).state, self.row(self.o4).response_overdue), ("cancelled", 0))

    def test_sla_is_the_orders(self):
        """The SLA columns read what the order stored, not the category: a
        deadline the order keeps (its category's targets changed since, or
        its priority halved them) is the report's deadline too."""
        for order in self.orders - self.o6:
            row = self.row(order)
            self.assertEqual(
                (row.response_overdue, row.completion_overdue, row.is_overdue),
                (int(order.is_response_overdue), int(order.is_completion_overdue),
                 order.is_overdue), order.name)
        self.assertEqual(
            (self.row(self.o3).response_target_hours, self.row(self.o3).completion_target_hours),
            (2.0, 24.0))
        # o3 took 28 h; the deadline its order holds is 48 h after its report
        self.env.cr.execute(
            """UPDATE hospital_repair_order
                  SET date_completion_deadline = date_reported + INTERVAL '48 hours',
                      is_completion_overdue = FALSE, is_overdue = is_response_overdue
                WHERE id = %s""", [self.o3.id])
        self.env.invalidate_all()
        row = self.row(self.o3)
        self.assertEqual(row.completion_target_hours, 48.0)
        self.assertTrue(row.completion_sla_met)
        self.assertEqual((row.completion_overdue, row.is_overdue), (0, False))
