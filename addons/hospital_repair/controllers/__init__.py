
from . import approval
