from odoo.tests import tagged

from .smoke import AddonSmokeCase


@tagged("post_install", "-at_install")
class TestHospitalRepairSmoke(AddonSmokeCase):
    module = "hospital_repair"

    def test_order_number_from_sequence(self):
        zone = self.env["hospital.repair.zone"].create({"name": "Z"})
        category = self.env["hospital.repair.category"].create({"name": "C"})
        order = self.env["hospital.repair.order"].create(
            {"zone_id": zone.id, "category_id": category.id, "description": "x"}
        )
        self.assertRegex(order.name, r"^BX\d{6}\d{4}$")
