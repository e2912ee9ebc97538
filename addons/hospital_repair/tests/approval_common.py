from odoo.addons.mail.tests.common import mail_new_test_user


class ApprovalFixtureMixin:
    """Users, an org chart and categories to route approvals:

    reporter → (manager) leader → (manager) boss; department "Cardiology"
    managed by dept_head; logistics leader set in the settings.
    """

    @classmethod
    def _setup_approval_fixture(cls):
        env = cls.env
        requester = "hospital_repair.group_repair_requester"
        manager = "hospital_repair.group_repair_manager"
        cls.reporter = mail_new_test_user(env, login="i13_reporter", groups=requester,
                                          name="Reporter Rui")
        cls.leader = mail_new_test_user(env, login="i13_leader", groups=requester,
                                        name="Leader Li")
        cls.boss = mail_new_test_user(env, login="i13_boss", groups=requester, name="Boss Bai")
        cls.dept_head = mail_new_test_user(env, login="i13_dept_head", groups=requester,
                                           name="Head Hu")
        cls.stranger = mail_new_test_user(env, login="i13_stranger", groups=requester,
                                          name="Stranger Shi")
        cls.substitute = mail_new_test_user(env, login="i13_substitute", groups=requester,
                                            name="Substitute Su")
        cls.logistics = mail_new_test_user(env, login="i13_logistics", groups=manager,
                                           name="Logistics Lu")
        cls.other_manager = mail_new_test_user(env, login="i13_manager2", groups=manager,
                                               name="Manager Ma")
        Employee = env["hr.employee"]
        cls.emp_boss = Employee.create({"name": "Boss Bai", "user_id": cls.boss.id})
        cls.emp_leader = Employee.create({
            "name": "Leader Li", "user_id": cls.leader.id, "parent_id": cls.emp_boss.id,
        })
        cls.emp_dept_head = Employee.create({
            "name": "Head Hu", "user_id": cls.dept_head.id, "parent_id": cls.emp_boss.id,
        })
        cls.department = env["hr.department"].create({
            "name": "Cardiology", "manager_id": cls.emp_dept_head.id,
        })
        cls.emp_reporter = Employee.create({
            "name": "Reporter Rui", "user_id": cls.reporter.id,
            "parent_id": cls.emp_leader.id, "department_id": cls.department.id,
        })
        env.company.repair_logistics_leader_id = cls.logistics
        cls.zone = env["hospital.repair.zone"].create({"name": "Building 1"})
        cls.category = env["hospital.repair.category"].create({
            "name": "Pressure Vessels", "approval_required": True,
        })
        cls.category_plain = env["hospital.repair.category"].create({"name": "Water"})

    def _submit(self, reporter=None, category=None, **vals):
        reporter = reporter or self.reporter
        order = self.env["hospital.repair.order"].with_user(reporter).create({
            "zone_id": self.zone.id,
            "category_id": (category or self.category).id,
            "description": "Autoclave leaks",
            "reporter_id": reporter.id,
            **vals,
        })
        order.action_submit()
        return order.with_user(self.env.user)

    def _approval_activities(self, order):
        activity_type = self.env.ref("hospital_repair.mail_activity_type_repair_approval")
        return order.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
