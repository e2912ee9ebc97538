
from . import hospital_repair_approval_refuse_wizard
