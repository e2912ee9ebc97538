from . import test_smoke
from . import test_dispatch
from . import test_order_lifecycle
from . import test_order_transitions
from . import test_order_concurrency
from . import test_order_performance
from . import test_security
from . import test_i18n
