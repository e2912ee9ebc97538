from . import approval
from . import main
from . import portal
from . import board
from . import home
from . import patrol
