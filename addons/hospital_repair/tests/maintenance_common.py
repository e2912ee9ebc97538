from datetime import date

from .common import HospitalRepairCommon, HospitalRepairFixture


class MaintenanceFixture(HospitalRepairFixture):
    """The org chart of ``HospitalRepairFixture`` with a small equipment
    ledger on it: a chiller in 3F (the worker's) and a pump in 5F (worker
    A2's), a checklist with a required pass/fail check, a required reading
    with its range and an optional remark."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.chiller_category = env["maintenance.equipment.category"].create({"name": "冷水机组"})
        cls.pump_category = env["maintenance.equipment.category"].create({"name": "水泵"})
        Equipment = env["maintenance.equipment"]
        cls.chiller = Equipment.create({
            "name": "1号冷水机组", "category_id": cls.chiller_category.id,
            "repair_zone_id": cls.floor_a1.id, "effective_date": date(2026, 1, 1),
        })
        cls.pump = Equipment.create({
            "name": "2号冷冻水泵", "category_id": cls.pump_category.id,
            "repair_zone_id": cls.floor_a2.id, "effective_date": date(2026, 1, 1),
        })
        (cls.chiller | cls.pump).action_put_in_use()
        cls.template = env["hospital.repair.checklist.template"].create({
            "name": "冷水机组保养",
            "line_ids": [
                (0, 0, {"sequence": 1, "name": "冷凝器清洗", "kind": "pass_fail"}),
                (0, 0, {"sequence": 2, "name": "冷冻水出水温度", "kind": "number",
                        "min_value": 5, "max_value": 9, "unit": "℃"}),
                (0, 0, {"sequence": 3, "name": "备注", "kind": "text", "required": False}),
            ],
        })

    @classmethod
    def _plan(cls, **vals):
        values = {
            "name": "冷水机组月度保养", "equipment_ids": [(6, 0, cls.chiller.ids)],
            "category_id": cls.cat_hvac.id, "template_id": cls.template.id,
            "interval_number": 1, "interval_type": "months", "date_start": date(2026, 1, 31),
        }
        values.update(vals)
        return cls.env["hospital.repair.pm.plan"].create(values)

    @classmethod
    def _route(cls, **vals):
        values = {
            "name": "动力巡检", "user_id": cls.worker.id, "hour_due": 17.0,
            "checkpoint_ids": [
                (0, 0, {"sequence": 1, "zone_id": cls.floor_a1.id,
                        "category_id": cls.cat_water.id, "template_id": cls.template.id}),
                (0, 0, {"sequence": 2, "equipment_id": cls.chiller.id,
                        "category_id": cls.cat_hvac.id, "template_id": cls.template.id}),
            ],
        }
        values.update(vals)
        return cls.env["hospital.repair.patrol.route"].create(values)

    @staticmethod
    def _fill(lines, passed=True, reading=7.0):
        """Fill the required checks of ``lines`` (as their env's user)."""
        for line in lines:
            if line.kind == "pass_fail":
                line.value_pass = "pass" if passed else "fail"
            elif line.kind == "number":
                line.value_number = reading


class MaintenanceCommon(MaintenanceFixture, HospitalRepairCommon):
    """The maintenance fixture, for tests through the ORM."""
