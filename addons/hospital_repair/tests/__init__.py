from . import test_smoke
from . import test_portal_http
from . import test_qr
from . import test_evaluation
from . import test_portal_tour
from . import test_portal_i18n
