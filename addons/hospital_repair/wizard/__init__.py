from . import hospital_repair_appraisal
from . import hospital_repair_appraisal_line
