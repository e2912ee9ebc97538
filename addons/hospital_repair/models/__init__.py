from . import res_company
from . import res_config_settings
from . import hospital_repair_zone
from . import hospital_repair_category
# the order's rights, transitions and portal helpers first: the order inherits them
from . import hospital_repair_order_rights
from . import hospital_repair_order_workflow
from . import hospital_repair_order_portal
from . import hospital_repair_order
from . import hospital_repair_approval
from . import hospital_repair_approval_delegation
from . import hospital_repair_category_approval_step
from . import hospital_repair_evaluation
from . import hospital_repair_complaint
from . import res_users
from . import hr_employee
from . import hospital_repair_board
from . import ir_websocket
