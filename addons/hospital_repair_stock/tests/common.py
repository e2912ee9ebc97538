from odoo import Command

from odoo.addons.hospital_repair.tests.common import (
    HospitalRepairCommon,
    HospitalRepairFixture,
    HospitalRepairHttpCommon,
)


class HospitalRepairStockFixture(HospitalRepairFixture):
    """The core's org chart, plus a store: the hospital's warehouse with two
    materials on hand, bought at known costs (the lamps at 10, the taps at
    40), and the storekeeper of the fixture."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"]._get_repair_warehouse(cls.env.company)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.consume_location = cls.warehouse.repair_consume_location_id
        categ = cls.env.ref("hospital_repair_stock.product_category_repair_consumables")
        Product = cls.env["product.product"]
        cls.lamp = Product.create({
            "name": "T8灯管", "is_storable": True, "categ_id": categ.id,
            "standard_price": 10.0, "list_price": 25.0,
        })
        cls.tap = Product.create({
            "name": "冷水龙头 DN15", "is_storable": True, "categ_id": categ.id,
            "standard_price": 40.0, "list_price": 60.0,
        })
        cls._put_in_stock(cls.lamp, 20)
        cls._put_in_stock(cls.tap, 5)

    @classmethod
    def _put_in_stock(cls, product, quantity):
        cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": cls.stock_location.id,
            "inventory_quantity": quantity,
        }).action_apply_inventory()

    def _on_hand(self, product):
        product.invalidate_recordset()
        return product.with_context(location=self.stock_location.id).qty_available

    @classmethod
    def _add_materials(cls, order, user, *materials):
        """``materials``: (product, quantity) the user records on the order."""
        order.with_user(user).write({"material_line_ids": [
            Command.create({"product_id": product.id, "product_uom_qty": quantity})
            for product, quantity in materials
        ]})
        return order.material_line_ids

    def _validate(self, picking, user=None):
        res = picking.with_user(user or self.storekeeper).button_validate()
        self.assertIs(res, True, "validated without a wizard")
        self.assertEqual(picking.state, "done")


class HospitalRepairStockCommon(HospitalRepairStockFixture, HospitalRepairCommon):
    """The store, for tests through the ORM."""


class HospitalRepairStockHttpCommon(HospitalRepairStockFixture, HospitalRepairHttpCommon):
    """The store, for tests through HTTP and the browser."""
