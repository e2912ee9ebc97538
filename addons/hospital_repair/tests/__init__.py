from . import test_smoke
from . import test_repair_report
