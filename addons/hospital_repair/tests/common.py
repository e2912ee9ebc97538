import json
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, get_db_name

from odoo.addons.mail.tests.common import mail_new_test_user


class HospitalRepairFixture:
    """The one org chart of the tests, every test of the repair addons builds
    on it: a zone tree, categories, departments and users of every role, and
    a second hospital. ``HospitalRepairCommon`` (ORM) and
    ``HospitalRepairHttpCommon`` (HTTP, JSON-2, portal, tours) share it.
    Logins are the attribute names (``manager``: ``repair_manager``); every
    user has an employee in the hospital unless said otherwise.

    People, each under the one who approves their orders first: their
    direct leader (the employee's manager) or else their department's::

        白副院长  vice_president (requester)
        ├── 王主任  leader_a: 心内科 dept_a's leader (its manager_id)
        │   ├── 周护士长  head_nurse_a (requester), in dept_a
        │   │   └── 赵护士  requester_a2, in dept_a, led by the head nurse
        │   ├── 李护士  requester_a, in dept_a (no direct leader)
        │   └── 杨护工  portal_a: a portal reporter of dept_a
        └── 刘主任  leader_b: 放射科 dept_b's leader
            └── 陈技师  requester_b, in dept_b
        何主任  portal_leader_c: 体检中心 dept_c's leader, on the portal only
        └── 许护士  portal_c: a portal reporter of dept_c
        施医生（进修）  requester_no_employee: a requester without employee
        王师傅 worker, 李师傅 worker_backup, 张师傅 worker_a2: workers
        值班员小吴 dispatcher, 值班员小郑 dispatcher2: the service desk
        马科长  manager: a repair manager
        周库管  storekeeper: the stock addon's storekeeper (an internal user
                without rights of ours when that addon is absent)
        陆处长  logistics_head: a manager, the head of logistics; the approval
                tests make him the logistics leader of the settings (left
                empty here: the managers decide the logistics step)

    Zones::

        东院区 campus (no worker)
        ├── 门诊楼 building_a  worker, backup worker_backup
        │   ├── 3F floor_a1    (inherits 门诊楼)
        │   │   └── 采血区 area_a1  (an area, inherits 门诊楼)
        │   └── 5F floor_a2    worker_a2
        └── 住院楼 building_b  (nobody)
            └── 6F floor_b1

    Categories: cat_water 给排水 (1 h / 8 h), cat_hvac 中央空调 (2 h / 24 h),
    cat_pressure 医用气体 (2 h / 24 h, approved by the department leader
    then the logistics leader), cat_furniture 办公家具 (approved by the
    department leader alone).

    The second hospital, company_2 第二人民医院: campus zone_other,
    categories cat_other and cat_pressure_other (approval), and
    requester_other, a user of that hospital only (without employee).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({
            "repair_dispatch_on_accept": True, "repair_auto_verify_days": 3,
            "repair_factor_urgent": 0.5, "repair_factor_emergency": 0.25,
        })
        Department = cls.env["hr.department"]
        cls.dept_a = Department.create({"name": "心内科"})
        cls.dept_b = Department.create({"name": "放射科"})
        cls.dept_c = Department.create({"name": "体检中心"})

        def user(login, name, groups, department=None, parent=None, employee=True):
            new = mail_new_test_user(
                cls.env, login=login, groups=groups, name=name,
                email=f"{login}@example.com", phone="021-64041990",
            )
            if employee:
                cls.env["hr.employee"].create({
                    "name": name, "user_id": new.id,
                    "department_id": department.id if department else False,
                    "parent_id": parent.employee_ids[:1].id if parent else False,
                })
            return new

        requester = "base.group_user,hospital_repair.group_repair_requester"
        worker = "base.group_user,hospital_repair.group_repair_worker"
        desk = "base.group_user,hospital_repair.group_repair_dispatcher"
        manager = "base.group_user,hospital_repair.group_repair_manager"
        portal = "base.group_portal"

        cls.vice_president = user("vice_president", "白副院长", requester)
        cls.leader_a = user("leader_a", "王主任", requester, cls.dept_a, cls.vice_president)
        cls.head_nurse_a = user("head_nurse_a", "周护士长", requester, cls.dept_a, cls.leader_a)
        cls.requester_a = user("requester_a", "李护士", requester, cls.dept_a)
        cls.requester_a2 = user("requester_a2", "赵护士", requester, cls.dept_a, cls.head_nurse_a)
        cls.portal_a = user("portal_a", "杨护工", portal, cls.dept_a)
        cls.leader_b = user("leader_b", "刘主任", requester, cls.dept_b, cls.vice_president)
        cls.requester_b = user("requester_b", "陈技师", requester, cls.dept_b)
        cls.portal_leader_c = user("portal_leader_c", "何主任", portal, cls.dept_c)
        cls.portal_c = user("portal_c", "许护士", portal, cls.dept_c)
        cls.dept_a.manager_id = cls.leader_a.employee_ids[:1]
        cls.dept_b.manager_id = cls.leader_b.employee_ids[:1]
        cls.dept_c.manager_id = cls.portal_leader_c.employee_ids[:1]
        cls.requester_no_employee = user(
            "requester_no_employee", "施医生（进修）", requester, employee=False)

        cls.worker = user("worker", "王师傅", worker)
        cls.worker_backup = user("worker_backup", "李师傅", worker)
        cls.worker_a2 = user("worker_a2", "张师傅", worker)
        cls.dispatcher = user("dispatcher", "值班员小吴", desk)
        cls.dispatcher2 = user("dispatcher2", "值班员小郑", desk)
        cls.manager = user("repair_manager", "马科长", manager)
        cls.logistics_head = user("logistics_head", "陆处长", manager)
        # the storekeeper (库管) of the stock addon; without it, an internal
        # user with no rights of ours
        store = cls.env.ref("hospital_repair_stock.group_repair_storekeeper", raise_if_not_found=False)
        cls.storekeeper = user("storekeeper", "周库管", "base.group_user" + (
            ",hospital_repair_stock.group_repair_storekeeper" if store else ""))

        # no logistics leader unless a test names one (the demo hospital has one)
        cls.env.company.repair_logistics_leader_id = False

        Zone = cls.env["hospital.repair.zone"]
        cls.campus = Zone.create({"name": "东院区", "zone_type": "campus"})
        cls.building_a = Zone.create({
            "name": "门诊楼", "zone_type": "building", "parent_id": cls.campus.id,
            "user_id": cls.worker.id, "backup_user_id": cls.worker_backup.id,
        })
        cls.floor_a1 = Zone.create({"name": "3F", "zone_type": "floor", "parent_id": cls.building_a.id})
        cls.area_a1 = Zone.create({"name": "采血区", "zone_type": "area", "parent_id": cls.floor_a1.id})
        cls.floor_a2 = Zone.create({
            "name": "5F", "zone_type": "floor", "parent_id": cls.building_a.id,
            "user_id": cls.worker_a2.id,
        })
        cls.building_b = Zone.create({"name": "住院楼", "zone_type": "building", "parent_id": cls.campus.id})
        cls.floor_b1 = Zone.create({"name": "6F", "zone_type": "floor", "parent_id": cls.building_b.id})

        Category = cls.env["hospital.repair.category"]
        cls.cat_water = Category.create({"name": "给排水", "response_hours": 1, "completion_hours": 8})
        cls.cat_hvac = Category.create({"name": "中央空调", "response_hours": 2, "completion_hours": 24})
        cls.cat_pressure = Category.create({
            "name": "医用气体", "approval_required": True,
            "response_hours": 2, "completion_hours": 24,
        })
        cls.cat_furniture = Category.create({
            "name": "办公家具", "approval_required": True,
            "approval_step_ids": [Command.clear(), Command.create({"role": "department_leader"})],
        })

        cls.company_2 = cls.env["res.company"].create({"name": "第二人民医院"})
        on_2 = {"company_id": cls.company_2.id}
        cls.zone_other = Zone.create(dict(on_2, name="二院院区", zone_type="campus"))
        cls.cat_other = Category.create(dict(on_2, name="二院给排水"))
        cls.cat_pressure_other = Category.create(dict(on_2, name="二院医用气体", approval_required=True))
        cls.requester_other = mail_new_test_user(
            cls.env, login="requester_other", name="钱护士",
            groups="hospital_repair.group_repair_requester",
            company_id=cls.company_2.id, company_ids=[Command.set(cls.company_2.ids)],
        )

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

    @classmethod
    def _portal_order(cls, reporter=None, **vals):
        """A submitted order reported on the portal by ``reporter`` (portal A
        by default). Portal users create no order through the ORM: the
        portal's route creates it for them, as this does."""
        order = cls.env["hospital.repair.order"].create({
            "zone_id": cls.floor_a1.id,
            "category_id": cls.cat_water.id,
            "description": "Lamp broken",
            "channel": "portal",
            "reporter_id": (reporter or cls.portal_a).id,
            "contact_phone": "13812345678",
            **vals,
        })
        order.action_submit()
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
