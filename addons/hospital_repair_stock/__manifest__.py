{
    "name": "Hospital Repair Materials",
    "summary": "Hardware drawn from stock against repair orders: issues, returns, costs",
    "version": "19.0.1.0.0",
    "category": "Services/Hospital Repair",
    "author": "Hospital Logistics Repair",
    "website": "https://github.com/hospital-logistics/hospital-repair",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["hospital_repair", "stock"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
