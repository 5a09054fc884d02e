"""`multikeras.config`: the global settings (read once, never written)."""

from multikeras.backend.config import backend as backend
from multikeras.backend.config import epsilon as epsilon
from multikeras.backend.config import floatx as floatx
from multikeras.backend.config import image_data_format as image_data_format
from multikeras.backend.config import set_epsilon as set_epsilon
from multikeras.backend.config import set_floatx as set_floatx
from multikeras.backend.config import (
    set_image_data_format as set_image_data_format,
)
