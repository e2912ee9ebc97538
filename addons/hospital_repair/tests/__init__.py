from . import test_smoke
from . import test_repair_report
from . import test_work_order_pdf
from . import test_appraisal
from . import test_dashboard
