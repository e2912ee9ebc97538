from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestSmoke(BaseCommon):
    def test_sequence(self):
        zone = self.env["hospital.repair.zone"].create({"name": "Z"})
        category = self.env["hospital.repair.category"].create({"name": "C"})
        order = self.env["hospital.repair.order"].create(
            {"zone_id": zone.id, "category_id": category.id, "description": "x"}
        )
        self.assertTrue(order.name.startswith("BX"))
