from . import test_smoke
from . import test_material_flow
from . import test_settlement
from . import test_picking_concurrency
from . import test_stock_tour
