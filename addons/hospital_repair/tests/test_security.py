from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestSecurity(HospitalRepairCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._assigned_order()  # dept A, Building A: worker
        cls.order_b = cls._assigned_order(user=cls.requester_b, zone_id=cls.floor_a2.id)
        cls.order_elsewhere = cls._assigned_order(user=cls.requester_b, zone_id=cls.floor_b1.id)
        cls.all_orders = cls.order_a | cls.order_b | cls.order_elsewhere
        cls.Order = cls.env["hospital.repair.order"]

    def _visible(self, user):
        return self.Order.with_user(user).search([("id", "in", self.all_orders.ids)])

    def test_requester_sees_own_department_only(self):
        self.assertEqual(self._visible(self.requester_a), self.order_a)
        self.assertEqual(self._visible(self.requester_a2), self.order_a, "department colleague")
        self.assertEqual(self._visible(self.requester_b), self.order_b | self.order_elsewhere)
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.requester_a).read(["description"])
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.requester_a).action_urge()
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.requester_a).unlink()

    def test_moved_requester_sees_the_new_department_at_once(self):
        """The rule reads the user's departments when it searches: a transfer
        counts from the next request (Odoo caches rule domains per user and
        process: a list of departments in the domain stayed the old one)."""
        nurse = self.requester_a2
        employee = nurse.employee_ids

        def visible():
            self.env.invalidate_all()  # the next request
            return self._visible(nurse)

        self.assertEqual(visible(), self.order_a)
        employee.department_id = self.dept_b
        self.assertEqual(visible(), self.order_b | self.order_elsewhere)
        employee.active = False
        self.assertFalse(visible(), "no employee: no department")
        employee.active = True
        self.assertEqual(visible(), self.order_b | self.order_elsewhere)
        employee.unlink()
        self.assertFalse(visible())
        self.env["hr.employee"].create(
            {"name": "赵护士", "user_id": nurse.id, "department_id": self.dept_a.id})
        self.assertEqual(visible(), self.order_a)
        # the filter "My Department" asks the same
        self.assertEqual(self.Order.with_user(nurse).search(
            [("is_my_department", "=", True), ("id", "in", self.all_orders.ids)]), self.order_a)
        # her new colleagues' orders, read and changed through the rights too
        self.assertTrue(self.order_a.with_user(nurse).can_urge)
        self.assertFalse(self.order_b.with_user(nurse).has_access("read"))

    def test_order_takes_the_reporters_department_in_its_hospital(self):
        """A nurse who works in both hospitals reports in the second one: her
        order belongs to her department there, the one its rules read, not to
        her department in the hospital she has selected first."""
        nurse = self.requester_a
        nurse.company_ids |= self.company_2
        dept_2 = self.env["hr.department"].create({"name": "二院心内科", "company_id": self.company_2.id})
        self.env["hr.employee"].create({"name": nurse.name, "user_id": nurse.id,
                                        "company_id": self.company_2.id, "department_id": dept_2.id})
        Order = self.Order.with_user(nurse).with_context(
            allowed_company_ids=[self.env.company.id, self.company_2.id])
        order = Order.create({
            "zone_id": self.zone_other.id, "category_id": self.cat_other.id,
            "company_id": self.company_2.id, "location": "2F", "description": "Tap leaks",
            "contact_phone": "021-64041990"})
        self.assertEqual(order.department_id, dept_2)
        self.assertTrue(order.with_user(nurse).is_my_department)
        here = Order.create({
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "location": "3F", "description": "Lamp", "contact_phone": "021-64041990"})
        self.assertEqual(here.department_id, self.dept_a)

    def test_departments_of_several_users_at_once(self):
        """The users' departments are read for all of them in one search, and
        each gets their own."""
        users = (self.requester_a | self.requester_b | self.requester_no_employee).sudo()
        self.env.invalidate_all()
        self.assertEqual([u.repair_department_ids for u in users],
                         [self.dept_a, self.dept_b, self.env["hr.department"]])

    def test_worker_sees_assigned_and_own_zones(self):
        self.assertEqual(self._visible(self.worker), self.order_a | self.order_b,
                         "A2 lies in Building A, the worker's zone")
        self.assertEqual(self._visible(self.worker_a2), self.order_b)
        self.assertEqual(self._visible(self.worker_backup), self.order_a | self.order_b)
        # a dispatch outside the zones makes the order visible to its worker
        self.order_elsewhere.with_user(self.dispatcher).action_redispatch(
            user=self.worker_a2, reason=""
        )
        self.assertEqual(self._visible(self.worker_a2), self.order_b | self.order_elsewhere)
        # zones change: the rule follows
        self.building_b.user_id = self.worker_backup
        self.assertIn(self.order_elsewhere, self._visible(self.worker_backup))

    def test_desk_and_manager_see_all(self):
        self.assertEqual(self._visible(self.dispatcher), self.all_orders)
        self.assertEqual(self._visible(self.manager), self.all_orders)

    def test_my_zone_filter(self):
        mine = self.Order.with_user(self.worker_a2).search(
            [("is_my_zone", "=", True), ("id", "in", self.all_orders.ids)]
        )
        self.assertEqual(mine, self.order_b)

    def test_configuration_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.building_a.with_user(self.dispatcher).write({"user_id": self.worker_a2.id})
        with self.assertRaises(AccessError):
            self.cat_water.with_user(self.worker).write({"completion_hours": 100})
        self.building_a.with_user(self.manager).write({"backup_user_id": self.worker_a2.id})
        self.assertTrue(self.building_a.with_user(self.requester_a).complete_name)

    def test_worker_cannot_finish_anothers_order(self):
        self.order_b.with_user(self.worker_a2).action_start()
        with self.assertRaisesRegex(UserError, "Only the assigned worker"):
            self.order_b.with_user(self.worker).action_finish(result="success")
        self.assertEqual(self.order_b.state, "in_progress")
