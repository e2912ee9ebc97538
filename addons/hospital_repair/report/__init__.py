from . import hospital_repair_report
