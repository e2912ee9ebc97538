from . import test_smoke
from . import test_material_flow
