from . import hospital_repair_report
from . import hospital_repair_work_order
from . import hospital_repair_xlsx_common
from . import hospital_repair_appraisal_xlsx
from . import hospital_repair_statistics_xlsx
from . import hospital_repair_order_xlsx
