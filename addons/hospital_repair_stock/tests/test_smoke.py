from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.smoke import AddonSmokeCase


@tagged("post_install", "-at_install")
class TestSmoke(AddonSmokeCase):
    module = "hospital_repair_stock"
