{
    "name": "Hospital Repair Materials",
    "summary": "Hardware drawn from stock against repair orders: issues, returns, costs, "
    "charge-back to departments",
    "version": "19.0.1.2.0",
    "category": "Services/Hospital Repair",
    "author": "Hospital Logistics Repair",
    "website": "https://github.com/hospital-logistics/hospital-repair",
    "license": "LGPL-3",
    "development_status": "Alpha",
    # l10n_cn: the hospital keeps Chinese accounts; the demo hospital's
    # accounts are switched to its chart (see demo/hospital_repair_stock_demo.xml)
    "depends": ["hospital_repair", "stock", "stock_account", "l10n_cn"],
    "data": [
        "security/hospital_repair_stock_security.xml",
        "security/ir.model.access.csv",
        "data/product_category_data.xml",
        "data/stock_warehouse_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/hospital_repair_material_line_views.xml",
        "views/hospital_repair_order_views.xml",
        "views/hospital_repair_category_views.xml",
        "views/hospital_repair_price_item_views.xml",
        "views/hospital_repair_settlement_views.xml",
        "views/stock_picking_views.xml",
        "views/portal_templates.xml",
        "report/hospital_repair_report_views.xml",
        "report/hospital_repair_order_templates.xml",
        "report/hospital_repair_settlement_templates.xml",
        "report/hospital_repair_settlement_reports.xml",
        "views/hospital_repair_stock_menus.xml",
    ],
    "demo": [
        "demo/hospital_repair_stock_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hospital_repair_stock/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
