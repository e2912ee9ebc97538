import json
from datetime import datetime, timedelta

from odoo.tests import HttpCase, TransactionCase, get_db_name

from odoo.addons.mail.tests.common import mail_new_test_user


class HospitalRepairFixture:
    """The one org chart of the tests: a small zone tree, two categories, two
    departments and one user per role (requesters in departments A and B,
    department A's leader, three workers, two desk users, a manager, a portal
    reporter of department A), and a second hospital with its own zone and
    category. ``HospitalRepairCommon`` (ORM) and ``HospitalRepairHttpCommon``
    (HTTP, JSON-2, portal) share it; other issues' tests reuse it.

    Zones::

        Campus (no worker)
        ├── Building A  worker, backup worker_backup
        │   ├── A1      (inherits Building A)
        │   └── A2      worker_a2
        └── Building B  (nobody)
            └── B1
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({
            "repair_dispatch_on_accept": True, "repair_auto_verify_days": 3,
            "repair_factor_urgent": 0.5, "repair_factor_emergency": 0.25,
        })

        cls.dept_a, cls.dept_b = cls.env["hr.department"].create(
            [{"name": "Cardiology"}, {"name": "Radiology"}]
        )

        def user(login, groups, department=None, name=None):
            new = mail_new_test_user(
                cls.env, login=login, groups=groups, name=name or login.title(),
                email=f"{login}@example.com", phone="021-64041990",
            )
            cls.env["hr.employee"].create({
                "name": new.name, "user_id": new.id,
                "department_id": department.id if department else False,
            })
            return new

        base = "base.group_user,"
        cls.requester_a = user("requester_a", base + "hospital_repair.group_repair_requester", cls.dept_a)
        cls.requester_a2 = user("requester_a2", base + "hospital_repair.group_repair_requester", cls.dept_a)
        cls.requester_b = user("requester_b", base + "hospital_repair.group_repair_requester", cls.dept_b)
        cls.worker = user("worker", base + "hospital_repair.group_repair_worker")
        cls.worker_backup = user("worker_backup", base + "hospital_repair.group_repair_worker")
        cls.worker_a2 = user("worker_a2", base + "hospital_repair.group_repair_worker")
        cls.dispatcher = user("dispatcher", base + "hospital_repair.group_repair_dispatcher")
        cls.dispatcher2 = user("dispatcher2", base + "hospital_repair.group_repair_dispatcher")
        cls.manager = user("repair_manager", base + "hospital_repair.group_repair_manager")
        # Department A's leader (its manager_id): approves and follows the
        # department's orders; and a portal reporter of the same department.
        cls.leader_a = user("leader_a", base + "hospital_repair.group_repair_requester", cls.dept_a)
        cls.dept_a.manager_id = cls.leader_a.employee_ids[:1]
        cls.portal_a = user("portal_a", "base.group_portal", cls.dept_a)

        cls.company_2 = cls.env["res.company"].create({"name": "Second Campus Hospital"})
        cls.zone_other = cls.env["hospital.repair.zone"].create({
            "name": "Other Campus", "zone_type": "campus", "company_id": cls.company_2.id})
        cls.cat_other = cls.env["hospital.repair.category"].create({
            "name": "Water (other)", "company_id": cls.company_2.id})

        Zone = cls.env["hospital.repair.zone"]
        cls.campus = Zone.create({"name": "Campus", "zone_type": "campus"})
        cls.building_a = Zone.create({
            "name": "Building A", "zone_type": "building", "parent_id": cls.campus.id,
            "user_id": cls.worker.id, "backup_user_id": cls.worker_backup.id,
        })
        cls.floor_a1 = Zone.create({"name": "A1", "zone_type": "floor", "parent_id": cls.building_a.id})
        cls.floor_a2 = Zone.create({
            "name": "A2", "zone_type": "floor", "parent_id": cls.building_a.id,
            "user_id": cls.worker_a2.id,
        })
        cls.building_b = Zone.create({"name": "Building B", "zone_type": "building", "parent_id": cls.campus.id})
        cls.floor_b1 = Zone.create({"name": "B1", "zone_type": "floor", "parent_id": cls.building_b.id})

        Category = cls.env["hospital.repair.category"]
        cls.cat_water = Category.create({
            "name": "Water (test)", "response_hours": 1, "completion_hours": 8,
        })
        cls.cat_pressure = Category.create({
            "name": "Pressure (test)", "approval_required": True,
            "response_hours": 2, "completion_hours": 24,
        })

    @classmethod
    def _new_order(cls, user=None, **vals):
        """A draft order reported by ``user`` (requester A by default)."""
        user = user or cls.requester_a
        values = {
            "zone_id": cls.floor_a1.id,
            "location": "Room 12",
            "category_id": cls.cat_water.id,
            "description": "The tap leaks",
            "contact_phone": "021-64041990",
        }
        values.update(vals)
        return cls.env["hospital.repair.order"].with_user(user).create(values)

    @classmethod
    def _submitted_order(cls, **vals):
        order = cls._new_order(**vals)
        order.action_submit()
        return order

    @classmethod
    def _assigned_order(cls, **vals):
        order = cls._submitted_order(**vals)
        order.with_user(cls.dispatcher).action_accept()
        return order

    @classmethod
    def _started_order(cls, **vals):
        order = cls._assigned_order(**vals)
        order.with_user(order.user_id).action_start()
        return order

    @classmethod
    def _done_order(cls, **vals):
        order = cls._started_order(**vals)
        order.with_user(order.user_id).action_finish(result="success")
        return order

    def _activities(self, order, xmlid):
        act_type = self.env.ref(xmlid)
        return order.sudo().activity_ids.filtered(lambda a: a.activity_type_id == act_type)


class HospitalRepairCommon(HospitalRepairFixture, TransactionCase):
    """The fixture, for tests through the ORM."""


class HospitalRepairHttpCommon(HospitalRepairFixture, HttpCase):
    """The fixture, for tests through HTTP: the portal routes and JSON-2."""

    def json2(self, user, model, method, **payload):
        """Call ``model.method`` through JSON-2 as ``user`` (an API key of
        theirs); return the response."""
        key = self.env["res.users.apikeys"].with_user(user)._generate(
            scope="rpc", name="test", expiration_date=datetime.now() + timedelta(days=1))
        return self.url_open(
            f"/json/2/{model}/{method}", data=json.dumps(payload),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}",
                     "X-Odoo-Database": get_db_name()},
        )
