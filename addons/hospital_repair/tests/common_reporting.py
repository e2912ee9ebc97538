from datetime import datetime

from .common import HospitalRepairCommon


def dt(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


class ReportingCase(HospitalRepairCommon):
    """A fixed set of orders with explicit stamps, in the fixture's places;
    every figure the reporting tests expect is computed by hand from this
    table (times in UTC).

    ===  =======  ======  ====  ==========  =========  ================  ========  ======
    no.  categ.   zone    dept  worker      state      reported          accepted  done
    ===  =======  ======  ====  ==========  =========  ================  ========  ======
    o1   hvac     采血区  A     worker      closed     2025-12-30 08:00  +1h       +6.5h
    o2   water    6F(B)   B     worker_a2   done       2026-01-02 10:00  +3h       +10h
    o3   hvac     3F(A)   A     worker      done       2026-01-05 08:00  +0.5h     +28h
    o4   water    采血区  B     -           submitted  2026-01-05 09:00  -         -
    o5   hvac     6F(B)   A     -           cancelled  2026-01-06 10:00  -         -
    o6   hvac     采血区  A     -           draft      (never reported: not in the report)
    ===  =======  ======  ====  ==========  =========  ================  ========  ======

    cat_hvac: response 2h, completion 24h; cat_water: response 1h, completion 8h.
    Zones: 东院区 > 门诊楼 (building, worker) > 3F (floor) > 采血区 (area);
    东院区 > 住院楼 > 6F, which worker_a2 covers in these histories.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tz="UTC", tracking_disable=True))
        cls.env = env
        (cls.requester_a | cls.worker | cls.worker_a2 | cls.dispatcher | cls.manager).tz = "UTC"
        cls.floor_b1.user_id = cls.worker_a2

        def order(categ, zone, dept, **stamps):
            vals = {
                "category_id": categ.id, "zone_id": zone.id, "description": "test",
                "reporter_id": env.ref("base.user_admin").id, "department_id": dept.id,
            }
            for key, value in stamps.items():
                vals[key] = dt(value) if key.startswith("date_") else value
            return env["hospital.repair.order"]._create_history([vals])

        cls.o1 = order(cls.cat_hvac, cls.area_a1, cls.dept_a, state="closed", result="success",
                       user_id=cls.worker.id, duty_user_id=cls.dispatcher.id,
                       date_reported="2025-12-30 08:00", date_accepted="2025-12-30 09:00",
                       date_assigned="2025-12-30 09:30", date_started="2025-12-30 10:30",
                       date_done="2025-12-30 14:30", date_verified="2025-12-31 08:00",
                       date_closed="2025-12-31 09:00")
        cls.o2 = order(cls.cat_water, cls.floor_b1, cls.dept_b, state="done", result="success",
                       user_id=cls.worker_a2.id, duty_user_id=cls.dispatcher.id,
                       reopen_count=1, urge_count=2,
                       date_reported="2026-01-02 10:00", date_accepted="2026-01-02 13:00",
                       date_assigned="2026-01-02 13:00", date_started="2026-01-02 15:00",
                       date_done="2026-01-02 20:00")
        cls.o3 = order(cls.cat_hvac, cls.floor_a1, cls.dept_a, state="done", result="failure",
                       user_id=cls.worker.id, duty_user_id=cls.dispatcher.id,
                       failure_reason="pipe", proposed_solution="replace",
                       date_reported="2026-01-05 08:00", date_accepted="2026-01-05 08:30",
                       date_assigned="2026-01-05 09:30", date_started="2026-01-05 12:00",
                       date_done="2026-01-06 12:00")
        cls.o4 = order(cls.cat_water, cls.area_a1, cls.dept_b, state="submitted",
                       date_reported="2026-01-05 09:00")
        cls.o5 = order(cls.cat_hvac, cls.floor_b1, cls.dept_a, state="cancelled",
                       date_reported="2026-01-06 10:00", date_cancelled="2026-01-06 11:00")
        cls.o6 = order(cls.cat_hvac, cls.area_a1, cls.dept_a, state="draft")
        cls.orders = cls.o1 | cls.o2 | cls.o3 | cls.o4 | cls.o5 | cls.o6
        Eval = env["hospital.repair.evaluation"]
        Eval.create({"order_id": cls.o1.id, "score_quality": 5, "score_attitude": 5,
                     "score_timeliness": 4, "score_desk": 4})
        # only confirmed repairs are rated: o2 was rated, then its repair was
        # taken up again (reopen_count=1) and is now done again
        cls.o2._write_history({"state": "verified"})
        Eval.create({"order_id": cls.o2.id, "score_quality": 3, "score_attitude": 3,
                     "score_timeliness": 3, "score_desk": 3})
        cls.o2._write_history({"state": "done"})
        env["hospital.repair.complaint"].create({"order_id": cls.o2.id, "description": "late"})
        env.flush_all()
        cls.Report = env["hospital.repair.report"]
        cls.domain = [("order_id", "in", cls.orders.ids)]
