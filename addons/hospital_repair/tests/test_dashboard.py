from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.misc import get_lang

from .common import HospitalRepairHttpCommon
from .common_reporting import ReportingCase, dt


@tagged("post_install", "-at_install")
class TestDashboard(ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the fixed data set, whatever demo data the database holds (a
        # settlement of the stock addon keeps its orders: it goes first)
        if "hospital.repair.settlement.line" in cls.env:
            cls.env.cr.execute("DELETE FROM hospital_repair_settlement_line")
        cls.env["hospital.repair.order"].sudo().search(
            [("id", "not in", cls.orders.ids)]).unlink()
        # the language the dashboard reads: the context's, else the company's
        cls.env["res.lang"]._lang_get(get_lang(cls.env).code).week_start = "1"
        cls.env.flush_all()

    def ids(self, figure):
        return self.env[figure["model"]].search(figure["domain"]).ids

    @freeze_time("2026-01-06 12:00:00")
    def test_figures(self):
        data = self.env["hospital.repair.report"].with_user(self.dispatcher).get_dashboard_data()
        self.assertEqual(data["open"]["value"], 1)                 # o4
        self.assertEqual(self.ids(data["open"]), self.o4.ids)
        self.assertEqual(data["unassigned"]["value"], 1)
        self.assertEqual(data["overdue"]["value"], 1)              # o4: 8h target, 27h open
        self.assertEqual(self.ids(data["overdue"]), self.o4.ids)
        self.assertEqual(data["top_overdue"], [{
            "id": self.o4.id, "name": self.o4.name, "zone": "东院区 / 门诊楼 / 3F / 采血区",
            "worker": "", "hours_open": 27.0}])
        self.assertEqual(data["today"]["value"], 1)                # o5
        self.assertEqual(self.ids(data["today"]), self.o5.ids)
        self.assertEqual(data["this_month"]["value"], 4)           # o2..o5
        self.assertEqual(data["last_month"]["value"], 1)           # o1
        self.assertEqual(data["last_month_to_date"]["value"], 0)   # 1-6 Dec: none
        self.assertIsNone(data["month_change"])
        sat = data["satisfaction"]
        self.assertEqual((sat["worker"], sat["desk"], sat["value"]), (3.0, 3.0, 1))  # o2
        self.assertEqual(self.ids(sat), self.o2.ids)
        weeks = data["weeks"]
        self.assertEqual(len(weeks), 12)
        self.assertEqual(weeks[0]["week"], "2025-10-20")
        self.assertEqual([(w["week"], w["value"]) for w in weeks[-2:]],
                         [("2025-12-29", 2), ("2026-01-05", 3)])
        self.assertEqual(sum(w["value"] for w in weeks), 5)
        self.assertEqual(set(self.ids(weeks[-2])), set((self.o1 | self.o2).ids))

    @freeze_time("2026-01-06 12:00:00")
    def test_overdue_is_the_desks_filter(self):
        """The overdue orders of the dashboard are the open ones of the desk's
        Overdue filter: one not accepted in time counts, though its
        completion deadline is still ahead."""
        late = self.env["hospital.repair.order"]._create_history([{
            "category_id": self.cat_water.id, "zone_id": self.area_a1.id, "description": "test",
            "reporter_id": self.env.ref("base.user_admin").id, "department_id": self.dept_b.id,
            "state": "submitted", "date_reported": dt("2026-01-06 10:00"),
        }])
        # 1 h to accept, 8 h to complete: 2 h after the report
        self.assertEqual((late.is_response_overdue, late.is_completion_overdue), (True, False))
        data = self.env["hospital.repair.report"].with_user(self.dispatcher).get_dashboard_data()
        desk_filter = self.env["hospital.repair.order"].with_user(self.dispatcher).search([
            ("is_overdue", "=", True), ("state", "in", ["submitted", "assigned", "in_progress"])])
        self.assertEqual(desk_filter, self.o4 | late)
        self.assertEqual(data["overdue"]["value"], 2)
        self.assertEqual(sorted(self.ids(data["overdue"])), sorted(desk_filter.ids))
        self.assertEqual([o["id"] for o in data["top_overdue"]], [self.o4.id, late.id])

    @freeze_time("2026-01-06 12:00:00")
    def test_figures_follow_record_rules(self):
        data = self.env["hospital.repair.report"].with_user(self.worker_a2).get_dashboard_data()
        # worker_a2 sees o2 and o5 only
        self.assertEqual(data["overdue"]["value"], 0)
        self.assertEqual(sum(w["value"] for w in data["weeks"]), 2)
        self.assertEqual(data["this_month"]["value"], 2)
        # ratings are read as the evaluations' rules say: in the analysis,
        # by the desk and the managers only
        self.assertEqual((data["satisfaction"]["value"], data["satisfaction"]["worker"]), (0, None))


@tagged("post_install", "-at_install")
class TestDashboardTour(HospitalRepairHttpCommon):
    def test_dashboard_click_through(self):
        # an unassigned order of this week, of the fixture's 给排水 the tour looks for
        self._submitted_order(description="tour")
        self.start_tour("/odoo/action-hospital_repair.hospital_repair_dashboard_action",
                        "hospital_repair_dashboard_tour", login="admin")
