
from . import board
