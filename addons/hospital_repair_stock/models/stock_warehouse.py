from odoo import _, api, fields, models


class StockWarehouse(models.Model):
    """Each warehouse issues repair materials from its stock to its own
    consumption location (维修消耗) and takes back what was not used."""

    _inherit = "stock.warehouse"

    repair_consume_location_id = fields.Many2one(
        "stock.location", string="Repair Consumption Location", check_company=True, copy=False,
        help="Where materials issued to repair orders go: they leave the stock's value there.")
    repair_issue_type_id = fields.Many2one(
        "stock.picking.type", check_company=True, copy=False)
    repair_return_type_id = fields.Many2one(
        "stock.picking.type", check_company=True, copy=False)

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        values["repair_consume_location_id"] = {
            "name": _("Repair Consumption"),
            "active": True,
            "usage": "production",
            "barcode": self._valid_barcode(code + "REPAIR", company_id),
        }
        return values

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        name, code = name or self.name, code or self.code
        for field, label, default in (
            ("repair_issue_type_id", _("%(name)s Sequence repair issue", name=name), "RPI"),
            ("repair_return_type_id", _("%(name)s Sequence repair return", name=name), "RPR"),
        ):
            values[field] = {
                "name": label,
                "prefix": code + "/" + (self[field].sequence_code or default) + "/",
                "padding": 5,
                "company_id": self.company_id.id,
            }
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        common = {
            "code": "internal", "use_create_lots": False, "use_existing_lots": True,
            "company_id": self.company_id.id,
        }
        data["repair_issue_type_id"] = dict(
            common, name=_("Repair Issues"), sequence_code="RPI", sequence=next_sequence,
            default_location_src_id=self.lot_stock_id.id,
            default_location_dest_id=self.repair_consume_location_id.id,
        )
        data["repair_return_type_id"] = dict(
            common, name=_("Repair Returns"), sequence_code="RPR", sequence=next_sequence + 1,
            default_location_src_id=self.repair_consume_location_id.id,
            default_location_dest_id=self.lot_stock_id.id,
        )
        return data, next_sequence + 2

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        barcode = self.code.replace(" ", "").upper()
        data["repair_issue_type_id"] = {"active": self.active, "barcode": barcode + "RPI"}
        data["repair_return_type_id"] = {"active": self.active, "barcode": barcode + "RPR"}
        return data

    def _create_or_update_sequences_and_picking_types(self):
        data = super()._create_or_update_sequences_and_picking_types()
        if "repair_issue_type_id" in data:
            # Odoo's own return of an issue is a repair return
            self.env["stock.picking.type"].browse(data["repair_issue_type_id"]).write({
                "return_picking_type_id": data.get("repair_return_type_id")
                or self.repair_return_type_id.id,
            })
        return data

    @api.model
    def _create_repair_data(self):
        """The consumption location and the two operation types of the
        warehouses created before the addon was installed."""
        for warehouse in self.with_context(active_test=False).search(
                [("repair_issue_type_id", "=", False)]):
            warehouse._create_missing_locations({})
            new = warehouse._create_or_update_sequences_and_picking_types()
            if new:
                warehouse.write(new)

    def _get_repair_warehouse(self, company):
        """The warehouse a hospital issues repair materials from: its first."""
        return self.search([("company_id", "=", company.id)], order="sequence, id", limit=1)
