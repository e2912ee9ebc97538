from . import test_smoke
from . import test_portal_http
