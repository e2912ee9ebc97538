from datetime import datetime

from odoo.tests import TransactionCase, new_test_user


def dt(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


class ReportingCase(TransactionCase):
    """A fixed set of orders with explicit stamps; every figure the reporting
    tests expect is computed by hand from this table (times in UTC).

    ===  ======  ====  ====  ======  =========  ================  ===========  ==========
    no.  categ.  zone  dept  worker  state      reported          accepted     done
    ===  ======  ====  ====  ======  =========  ================  ===========  ==========
    o1   water   A1    D1    W1      closed     2025-12-30 08:00  +1h          +6.5h
    o2   power   F2    D2    W2      done       2026-01-02 10:00  +3h          +10h
    o3   water   F1    D1    W1      done       2026-01-05 08:00  +0.5h        +28h
    o4   power   A1    D2    -       submitted  2026-01-05 09:00  -            -
    o5   water   F2    D1    -       cancelled  2026-01-06 10:00  -            -
    o6   water   A1    D1    -       draft      (never reported: not in the report)
    ===  ======  ====  ====  ======  =========  ================  ===========  ==========

    Water: response 2h, completion 24h; power: response 1h, completion 8h.
    Zones: campus > B1 (building, W1) > F1 (floor) > A1 (area); campus > B2 > F2 (W2).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tz="UTC", tracking_disable=True))
        cls.env = env
        grp = "hospital_repair.group_repair_"
        cls.requester = new_test_user(env, "i15_requester", groups=grp + "requester", tz="UTC")
        cls.worker1 = new_test_user(env, "i15_worker1", groups=grp + "worker", tz="UTC",
                                    name="Worker One")
        cls.worker2 = new_test_user(env, "i15_worker2", groups=grp + "worker", tz="UTC",
                                    name="Worker Two")
        cls.desk = new_test_user(env, "i15_desk", groups=grp + "dispatcher", tz="UTC",
                                 name="Desk Officer")
        cls.manager = new_test_user(env, "i15_manager", groups=grp + "manager", tz="UTC")
        Dept = env["hr.department"]
        cls.d1 = Dept.create({"name": "I15 Cardiology"})
        cls.d2 = Dept.create({"name": "I15 Radiology"})
        env["hr.employee"].create(
            {"name": "Requester", "user_id": cls.requester.id, "department_id": cls.d1.id})
        Zone = env["hospital.repair.zone"]
        campus = Zone.create({"name": "I15 Campus", "zone_type": "campus"})
        cls.b1 = Zone.create({"name": "B1", "zone_type": "building", "parent_id": campus.id,
                              "user_id": cls.worker1.id})
        cls.f1 = Zone.create({"name": "F1", "zone_type": "floor", "parent_id": cls.b1.id})
        cls.a1 = Zone.create({"name": "A1", "zone_type": "area", "parent_id": cls.f1.id})
        cls.b2 = Zone.create({"name": "B2", "zone_type": "building", "parent_id": campus.id})
        cls.f2 = Zone.create({"name": "F2", "zone_type": "floor", "parent_id": cls.b2.id,
                              "user_id": cls.worker2.id})
        Cat = env["hospital.repair.category"]
        cls.water = Cat.create({"name": "I15 Water", "response_hours": 2, "completion_hours": 24})
        cls.power = Cat.create({"name": "I15 Power", "response_hours": 1, "completion_hours": 8})

        def order(categ, zone, dept, **stamps):
            vals = {
                "category_id": categ.id, "zone_id": zone.id, "description": "test",
                "reporter_id": env.ref("base.user_admin").id, "department_id": dept.id,
            }
            for key, value in stamps.items():
                vals[key] = dt(value) if key.startswith("date_") else value
            return env["hospital.repair.order"]._create_history([vals])

        cls.o1 = order(cls.water, cls.a1, cls.d1, state="closed", result="success",
                       user_id=cls.worker1.id, duty_user_id=cls.desk.id,
                       date_reported="2025-12-30 08:00", date_accepted="2025-12-30 09:00",
                       date_assigned="2025-12-30 09:30", date_started="2025-12-30 10:30",
                       date_done="2025-12-30 14:30", date_verified="2025-12-31 08:00",
                       date_closed="2025-12-31 09:00")
        cls.o2 = order(cls.power, cls.f2, cls.d2, state="done", result="success",
                       user_id=cls.worker2.id, duty_user_id=cls.desk.id,
                       reopen_count=1, urge_count=2,
                       date_reported="2026-01-02 10:00", date_accepted="2026-01-02 13:00",
                       date_assigned="2026-01-02 13:00", date_started="2026-01-02 15:00",
                       date_done="2026-01-02 20:00")
        cls.o3 = order(cls.water, cls.f1, cls.d1, state="done", result="failure",
                       user_id=cls.worker1.id, duty_user_id=cls.desk.id,
                       failure_reason="pipe", proposed_solution="replace",
                       date_reported="2026-01-05 08:00", date_accepted="2026-01-05 08:30",
                       date_assigned="2026-01-05 09:30", date_started="2026-01-05 12:00",
                       date_done="2026-01-06 12:00")
        cls.o4 = order(cls.power, cls.a1, cls.d2, state="submitted",
                       date_reported="2026-01-05 09:00")
        cls.o5 = order(cls.water, cls.f2, cls.d1, state="cancelled",
                       date_reported="2026-01-06 10:00", date_cancelled="2026-01-06 11:00")
        cls.o6 = order(cls.water, cls.a1, cls.d1, state="draft")
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
