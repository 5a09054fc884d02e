"""Accuracy metrics: exact, binary, categorical, sparse categorical."""

from __future__ import annotations

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.metrics.reduction import MeanMetricWrapper
from multikeras.typing import ArrayLike
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> Tensor:
    """1.0 where `y_true == y_pred`, else 0.0."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    return ops.cast(ops.equal(y_true, y_pred), backend.floatx())


@export("multikeras.metrics.binary_accuracy")
def binary_accuracy(
    y_true: ArrayLike, y_pred: ArrayLike, threshold: float = 0.5
) -> Tensor:
    """Fraction of entries, over the last axis, where `y_pred > threshold`
    matches the 0/1 label."""
    y_pred = ops.convert_to_tensor(y_pred)
    predicted = ops.cast(ops.greater(y_pred, threshold), ops.dtype(y_pred))
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    matches = ops.cast(ops.equal(y_true, predicted), backend.floatx())
    return ops.mean(matches, axis=-1)


@export("multikeras.metrics.categorical_accuracy")
def categorical_accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> Tensor:
    """1.0 where the arg-max of `y_pred` matches that of one-hot `y_true`."""
    return ops.cast(
        ops.equal(ops.argmax(y_true, axis=-1), ops.argmax(y_pred, axis=-1)),
        backend.floatx(),
    )


@export("multikeras.metrics.sparse_categorical_accuracy")
def sparse_categorical_accuracy(
    y_true: ArrayLike, y_pred: ArrayLike
) -> Tensor:
    """1.0 where the arg-max of `y_pred` equals the integer label."""
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, axis=-1)
    predicted = ops.argmax(y_pred, axis=-1)
    return ops.cast(
        ops.equal(ops.cast(y_true, "int32"), predicted), backend.floatx()
    )


@export("multikeras.metrics.Accuracy")
class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly."""

    def __init__(
        self, name: str | None = "accuracy", dtype: DTypeLike = None
    ) -> None:
        super().__init__(accuracy, name=name, dtype=dtype)


@export("multikeras.metrics.BinaryAccuracy")
class BinaryAccuracy(MeanMetricWrapper):
    """How often thresholded predictions match binary labels.

    Args:
        threshold: predictions above it count as 1 (default 0.5).
    """

    def __init__(
        self,
        name: str | None = "binary_accuracy",
        dtype: DTypeLike = None,
        threshold: float = 0.5,
    ) -> None:
        super().__init__(
            binary_accuracy, name=name, dtype=dtype, threshold=threshold
        )


@export("multikeras.metrics.CategoricalAccuracy")
class CategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class matches a one-hot label."""

    def __init__(
        self,
        name: str | None = "categorical_accuracy",
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


@export("multikeras.metrics.SparseCategoricalAccuracy")
class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class matches an integer label."""

    def __init__(
        self,
        name: str | None = "sparse_categorical_accuracy",
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)
