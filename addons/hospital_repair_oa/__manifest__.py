{
    "name": "Hospital Repair OA Integration",
    "summary": "Single sign-on from the hospital OA (OpenID Connect, CAS, signed link) "
    "and approval to-dos pushed to the OA",
    "version": "19.0.1.0.0",
    "category": "Services/Hospital Repair",
    "author": "Hospital Logistics Repair",
    "website": "https://github.com/hospital-logistics/hospital-repair",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["hospital_repair"],
    "external_dependencies": {"python": ["pyjwt", "requests", "cryptography", "lxml"]},
    "data": [
        "security/hospital_repair_oa_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "views/sso_templates.xml",
        "views/hospital_repair_oa_connection_views.xml",
        "views/hospital_repair_oa_message_views.xml",
        "views/res_users_views.xml",
        "views/hospital_repair_oa_menus.xml",
    ],
    "installable": True,
}
