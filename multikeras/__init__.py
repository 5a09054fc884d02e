"""multikeras: a Keras-3-compatible deep-learning API on JAX.

`import multikeras as keras` runs ordinary Keras 3 code. The backend is
chosen once at import from `MULTIKERAS_BACKEND` (`jax` or `numpy`).
"""

from multikeras import activations as activations
from multikeras import backend as backend
from multikeras import callbacks as callbacks
from multikeras import config as config
from multikeras import constraints as constraints
from multikeras import initializers as initializers
from multikeras import layers as layers
from multikeras import losses as losses
from multikeras import metrics as metrics
from multikeras import models as models
from multikeras import ops as ops
from multikeras import optimizers as optimizers
from multikeras import random as random
from multikeras import regularizers as regularizers
from multikeras import saving as saving
from multikeras import tree as tree
from multikeras import utils as utils
from multikeras.backend import KerasTensor as KerasTensor
from multikeras.backend import StatelessScope as StatelessScope
from multikeras.backend import SymbolicScope as SymbolicScope
from multikeras.backend import Variable as Variable
from multikeras.backend import name_scope as name_scope
from multikeras.initializers import Initializer as Initializer
from multikeras.layers import Input as Input
from multikeras.layers import InputSpec as InputSpec
from multikeras.layers import Layer as Layer
from multikeras.losses import Loss as Loss
from multikeras.metrics import Metric as Metric
from multikeras.models import Model as Model
from multikeras.models import Sequential as Sequential
from multikeras.optimizers import Optimizer as Optimizer

__version__ = "0.1.0"


def version():
    """The multikeras version string."""
    return __version__
