"""`multikeras.metrics`: metric classes, functions, and `get`."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.losses.losses import binary_crossentropy as binary_crossentropy
from multikeras.losses.losses import (
    categorical_crossentropy as categorical_crossentropy,
)
from multikeras.losses.losses import mean_absolute_error as mean_absolute_error
from multikeras.losses.losses import mean_squared_error as mean_squared_error
from multikeras.losses.losses import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from multikeras.metrics.accuracy import Accuracy as Accuracy
from multikeras.metrics.accuracy import BinaryAccuracy as BinaryAccuracy
from multikeras.metrics.accuracy import (
    CategoricalAccuracy as CategoricalAccuracy,
)
from multikeras.metrics.accuracy import (
    SparseCategoricalAccuracy as SparseCategoricalAccuracy,
)
from multikeras.metrics.accuracy import binary_accuracy as binary_accuracy
from multikeras.metrics.accuracy import (
    categorical_accuracy as categorical_accuracy,
)
from multikeras.metrics.accuracy import (
    sparse_categorical_accuracy as sparse_categorical_accuracy,
)
from multikeras.metrics.metric import Metric as Metric
from multikeras.metrics.reduction import Mean as Mean
from multikeras.metrics.reduction import MeanMetricWrapper as MeanMetricWrapper
from multikeras.metrics.reduction import Sum as Sum
from multikeras.saving.registry import make_lookup

ALL_OBJECTS = {
    "accuracy": Accuracy,
    "binary_accuracy": BinaryAccuracy,
    "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "mean": Mean,
    "sum": Sum,
    "mean_squared_error": mean_squared_error,
    "mse": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "mae": mean_absolute_error,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}

serialize, deserialize, _get = make_lookup(
    "metric", ALL_OBJECTS, Metric, instantiate=True
)
export("multikeras.metrics.serialize")(serialize)
export("multikeras.metrics.deserialize")(deserialize)


@export("multikeras.metrics.get")
def get(identifier: Any) -> Metric | None:
    """A Metric for a name, a Metric, or a function (wrapped as a mean)."""
    metric = _get(identifier)
    if metric is not None and not isinstance(metric, Metric):
        metric = MeanMetricWrapper(metric, name=getattr(metric, "__name__",
                                                        None))
    return metric
