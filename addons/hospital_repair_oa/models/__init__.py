from . import hospital_repair_oa_connection
from . import hospital_repair_oa_jti
from . import hospital_repair_oa_login_ticket
from . import hospital_repair_oa_message
from . import hospital_repair_approval
from . import res_users
