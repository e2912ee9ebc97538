{
    "name": "Hospital Logistics Repair",
    "summary": "Repair and maintenance work orders for hospital logistics: "
    "zone dispatch, two-step approval, portal and QR reporting, KPIs",
    "version": "19.0.1.0.0",
    "category": "Services/Hospital Repair",
    "sequence": 40,
    "author": "Hospital Logistics Repair",
    "website": "https://github.com/hospital-logistics/hospital-repair",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["mail", "portal", "hr", "maintenance", "web"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/hospital_repair_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/hospital_repair_category_data.xml",
        "views/hospital_repair_zone_views.xml",
        "views/hospital_repair_category_views.xml",
        "views/hospital_repair_order_views.xml",
        "views/hospital_repair_approval_views.xml",
        "views/hospital_repair_evaluation_views.xml",
        "views/hospital_repair_complaint_views.xml",
        "views/res_config_settings_views.xml",
        "views/hospital_repair_menus.xml",
        "views/hospital_repair_board_views.xml",
        "views/hospital_repair_board_templates.xml",
    ],
    "demo": [
        "demo/hospital_repair_board_demo.xml",
    ],
    "assets": {
        # The big screen's own bundle: plain JS, no web client, so a TV
        # runs it for weeks without loading the backend.
        "hospital_repair.assets_board": [
            "hospital_repair/static/src/board/board.scss",
            "hospital_repair/static/src/board/board.js",
        ],
    },
    "application": True,
    "installable": True,
}
