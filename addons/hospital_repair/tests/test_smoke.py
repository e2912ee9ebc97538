from odoo.tests import tagged

from .common import HospitalRepairFixture
from .smoke import AddonSmokeCase


@tagged("post_install", "-at_install")
class TestHospitalRepairSmoke(HospitalRepairFixture, AddonSmokeCase):
    module = "hospital_repair"

    def test_order_number_from_sequence(self):
        order = self._new_order()
        self.assertRegex(order.name, r"^BX\d{6}\d{4}$")
