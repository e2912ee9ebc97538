from . import test_smoke
from . import test_approval
from . import test_approval_concurrency
from . import test_approval_portal
from . import test_approval_tour
