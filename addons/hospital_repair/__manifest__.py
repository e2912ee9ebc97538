{
    "name": "Hospital Logistics Repair",
    "summary": "Repair and maintenance work orders for hospital logistics: "
    "zone dispatch, two-step approval, portal and QR reporting, KPIs",
    "version": "19.0.1.1.0",
    "category": "Services/Hospital Repair",
    "sequence": 40,
    "author": "Hospital Logistics Repair",
    "website": "https://github.com/hospital-logistics/hospital-repair",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["mail", "bus", "portal", "hr", "maintenance", "web", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/hospital_repair_security.xml",
        "security/hospital_repair_approval_security.xml",
        "security/hospital_repair_report_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/ir_sequence_data.xml",
        "data/hospital_repair_category_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/ir_cron_data.xml",
        "views/hospital_repair_zone_views.xml",
        "views/hospital_repair_category_views.xml",
        "views/hospital_repair_order_views.xml",
        "views/hospital_repair_approval_views.xml",
        "views/hospital_repair_approval_portal_templates.xml",
        "views/hospital_repair_evaluation_views.xml",
        "views/hospital_repair_complaint_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_users_views.xml",
        "views/portal_templates.xml",
        "views/repair_form_templates.xml",
        "wizard/hospital_repair_order_action_wizard_views.xml",
        "wizard/hospital_repair_approval_refuse_wizard_views.xml",
        # menus before the files that hang their own menus under them
        "views/hospital_repair_menus.xml",
        "wizard/hospital_repair_appraisal_views.xml",
        "report/hospital_repair_zone_qr_templates.xml",
        "report/hospital_repair_report_views.xml",
        "report/hospital_repair_order_templates.xml",
        "report/hospital_repair_xlsx_reports.xml",
        "views/hospital_repair_board_views.xml",
        "views/hospital_repair_board_templates.xml",
    ],
    "demo": [
        # the board first: the generator gives it the hospital's language
        "demo/hospital_repair_board_demo.xml",
        "demo/hospital_repair_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "hospital_repair/static/src/dashboard/*",
        ],
        "web.assets_frontend": [
            "hospital_repair/static/src/portal/**/*",
        ],
        "web.assets_tests": [
            "hospital_repair/static/tests/tours/**/*",
        ],
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
