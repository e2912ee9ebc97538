from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestDispatch(HospitalRepairCommon):
    def _leave(self, user, start, stop):
        employee = user.employee_ids[:1]
        return self.env["resource.calendar.leaves"].create({
            "name": "Leave", "resource_id": employee.resource_id.id,
            "calendar_id": employee.resource_calendar_id.id,
            "date_from": start, "date_to": stop,
        })

    def test_own_zone_worker(self):
        self.assertEqual(self.building_a._get_responsible_user(), self.worker)
        self.assertEqual(self.floor_a2._get_responsible_user(), self.worker_a2)

    def test_inherited_from_nearest_ancestor(self):
        self.assertEqual(self.floor_a1._get_responsible_user(), self.worker)
        self.assertEqual(self.floor_a1.effective_user_id, self.worker)
        self.assertFalse(self.floor_b1.effective_user_id)

    def test_backup_when_archived(self):
        self.worker.action_archive()
        self.assertEqual(self.floor_a1._get_responsible_user(), self.worker_backup)
        order = self._assigned_order()
        self.assertEqual(order.user_id, self.worker_backup)

    def test_backup_when_on_leave_now(self):
        now = fields.Datetime.now()
        self._leave(self.worker, now - timedelta(hours=1), now + timedelta(hours=8))
        self.assertEqual(self.floor_a1._get_responsible_user(), self.worker_backup)
        # a leave that starts later does not matter now, but does then
        self.assertEqual(
            self.floor_a1._get_responsible_user(now - timedelta(hours=2)), self.worker
        )

    def test_both_absent_walks_up_then_nobody(self):
        now = fields.Datetime.now()
        self._leave(self.worker_a2, now - timedelta(hours=1), now + timedelta(hours=1))
        # A2's own worker away: Building A's worker covers the floor
        self.assertEqual(self.floor_a2._get_responsible_user(), self.worker)
        self.worker.action_archive()
        self._leave(self.worker_backup, now - timedelta(hours=1), now + timedelta(hours=1))
        self.assertFalse(self.floor_a2._get_responsible_user())

    def test_nobody_stays_unassigned_and_desk_is_told(self):
        order = self._assigned_order(zone_id=self.floor_b1.id)
        self.assertEqual(order.state, "assigned")
        self.assertFalse(order.user_id)
        self.assertFalse(order.date_assigned)
        desk = self._activities(order, "hospital_repair.mail_act_repair_desk")
        self.assertEqual(desk.user_id, self.dispatcher, "the duty officer who accepted is told")
        unassigned = self.env["hospital.repair.order"].with_user(self.dispatcher).search(
            [("id", "=", order.id), ("state", "in", ("assigned", "in_progress")),
             ("user_id", "=", False), ("vendor_id", "=", False)]
        )
        self.assertEqual(unassigned, order)
        # the desk dispatches by hand; its to-do is then done
        order.with_user(self.dispatcher).action_redispatch(user=self.worker_a2, reason="")
        self.assertEqual(order.user_id, self.worker_a2)
        self.assertTrue(order.date_assigned)
        self.assertFalse(self._activities(order, "hospital_repair.mail_act_repair_desk"))
        self.assertEqual(
            self._activities(order, "hospital_repair.mail_act_repair_todo").user_id, self.worker_a2
        )

    def test_accept_without_auto_dispatch(self):
        self.env.company.repair_dispatch_on_accept = False
        order = self._assigned_order()
        self.assertFalse(order.user_id)
        self.assertTrue(self._activities(order, "hospital_repair.mail_act_repair_desk"))

    def test_dispatch_gives_worker_an_activity(self):
        order = self._assigned_order()
        self.assertEqual(order.user_id, self.worker)
        todo = self._activities(order, "hospital_repair.mail_act_repair_todo")
        self.assertEqual(todo.user_id, self.worker)
        self.assertIn(self.worker.partner_id, order.message_partner_ids)

    def test_zones_of_a_worker(self):
        self.assertEqual(self.worker.repair_zone_ids, self.building_a)
        self.assertEqual(self.worker_backup.repair_backup_zone_ids, self.building_a)
        self.assertEqual(
            self.worker.repair_covered_zone_ids,
            self.building_a | self.floor_a1 | self.area_a1 | self.floor_a2,
        )
        self.assertEqual(self.worker.employee_ids.repair_zone_ids, self.building_a)

    def test_worker_reads_own_zones_in_preferences(self):
        view = self.env.ref("base.view_users_form_simple_modif")
        me = self.worker.with_user(self.worker)
        me.get_views([(view.id, "form")])
        data = me.read(["repair_zone_ids", "repair_backup_zone_ids"])[0]
        self.assertEqual(data["repair_zone_ids"], self.building_a.ids)
        backup = self.worker_backup.with_user(self.worker_backup)
        self.assertEqual(backup.read(["repair_backup_zone_ids"])[0]["repair_backup_zone_ids"],
                         self.building_a.ids)

    def test_zone_names_and_cycles(self):
        self.assertEqual(self.floor_a1.complete_name, "东院区 / 门诊楼 / 3F")
        with self.assertRaises(UserError):
            self.campus.parent_id = self.floor_a1
            self.campus.flush_recordset()

    def test_backup_must_differ(self):
        with self.assertRaises(ValidationError):
            self.building_a.backup_user_id = self.worker
