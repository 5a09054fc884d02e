"""`multikeras.losses`: loss classes, loss functions, and `get`."""

from multikeras.api_export import export
from multikeras.losses.loss import Loss as Loss
from multikeras.losses.loss import LossFunctionWrapper as LossFunctionWrapper
from multikeras.losses.losses import BinaryCrossentropy as BinaryCrossentropy
from multikeras.losses.losses import (
    CategoricalCrossentropy as CategoricalCrossentropy,
)
from multikeras.losses.losses import MeanAbsoluteError as MeanAbsoluteError
from multikeras.losses.losses import MeanSquaredError as MeanSquaredError
from multikeras.losses.losses import (
    SparseCategoricalCrossentropy as SparseCategoricalCrossentropy,
)
from multikeras.losses.losses import binary_crossentropy as binary_crossentropy
from multikeras.losses.losses import (
    categorical_crossentropy as categorical_crossentropy,
)
from multikeras.losses.losses import mean_absolute_error as mean_absolute_error
from multikeras.losses.losses import mean_squared_error as mean_squared_error
from multikeras.losses.losses import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from multikeras.saving.registry import make_lookup

# Strings accepted by compile(loss=...) and losses.get: Keras resolves them
# to the loss *functions* (snake_case) or classes (CamelCase).
ALL_OBJECTS = {
    "mean_squared_error": mean_squared_error,
    "mse": mean_squared_error,
    "MSE": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "mae": mean_absolute_error,
    "MAE": mean_absolute_error,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "MeanSquaredError": MeanSquaredError,
    "MeanAbsoluteError": MeanAbsoluteError,
    "BinaryCrossentropy": BinaryCrossentropy,
    "CategoricalCrossentropy": CategoricalCrossentropy,
    "SparseCategoricalCrossentropy": SparseCategoricalCrossentropy,
}

# As in Keras, a class found by name is instantiated ("MeanSquaredError").
serialize, deserialize, get = make_lookup(
    "loss", ALL_OBJECTS, Loss, instantiate=True
)
export("multikeras.losses.serialize")(serialize)
export("multikeras.losses.deserialize")(deserialize)
export("multikeras.losses.get")(get)
