from . import hospital_repair_report
from . import hospital_repair_work_order
from . import hospital_repair_settlement_xlsx
