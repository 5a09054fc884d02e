"""`multikeras.optimizers`: optimizers and `get`."""

from multikeras.api_export import export
from multikeras.optimizers.adam import Adam as Adam
from multikeras.optimizers.optimizer import Optimizer as Optimizer
from multikeras.optimizers.rmsprop import RMSprop as RMSprop
from multikeras.optimizers.sgd import SGD as SGD
from multikeras.saving.registry import make_lookup

ALL_OBJECTS = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop}

serialize, deserialize, get = make_lookup(
    "optimizer", ALL_OBJECTS, Optimizer, instantiate=True
)
export("multikeras.optimizers.serialize")(serialize)
export("multikeras.optimizers.deserialize")(deserialize)
export("multikeras.optimizers.get")(get)
