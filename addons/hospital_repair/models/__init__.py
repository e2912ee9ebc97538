from . import hospital_repair_zone
from . import hospital_repair_category
from . import hospital_repair_order
from . import hospital_repair_approval
from . import hospital_repair_evaluation
from . import hospital_repair_complaint
from . import res_config_settings
