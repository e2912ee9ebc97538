from . import hospital_repair_approval_refuse_wizard
from . import hospital_repair_appraisal
from . import hospital_repair_appraisal_line
from . import hospital_repair_order_action_wizard
