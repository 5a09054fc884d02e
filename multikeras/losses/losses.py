"""Regression and classification losses: functions and their classes."""

from __future__ import annotations

from multikeras import ops
from multikeras.api_export import export
from multikeras.losses.loss import LossFunctionWrapper
from multikeras.typing import ArrayLike
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor


def _as_pred_dtype(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    return ops.cast(y_true, ops.dtype(y_pred)), y_pred


@export("multikeras.losses.mean_squared_error")
def mean_squared_error(y_true: ArrayLike, y_pred: ArrayLike) -> Tensor:
    """`mean(square(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _as_pred_dtype(y_true, y_pred)
    return ops.mean(ops.square(y_pred - y_true), axis=-1)


@export("multikeras.losses.mean_absolute_error")
def mean_absolute_error(y_true: ArrayLike, y_pred: ArrayLike) -> Tensor:
    """`mean(abs(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _as_pred_dtype(y_true, y_pred)
    return ops.mean(ops.abs(y_pred - y_true), axis=-1)


@export("multikeras.losses.binary_crossentropy")
def binary_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    """Binary cross-entropy, averaged over `axis`.

    `label_smoothing` moves targets toward 0.5:
    `y_true * (1 - label_smoothing) + 0.5 * label_smoothing`.
    """
    y_true, y_pred = _as_pred_dtype(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return ops.mean(
        ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits),
        axis=axis,
    )


@export("multikeras.losses.categorical_crossentropy")
def categorical_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    """Cross-entropy between one-hot `y_true` and predictions.

    `label_smoothing` mixes targets with the uniform distribution.
    """
    y_true, y_pred = _as_pred_dtype(y_true, y_pred)
    if y_true.shape[-1] == 1 and y_pred.shape[-1] != 1:
        raise ValueError(
            "categorical_crossentropy expects one-hot targets of shape "
            f"{tuple(y_pred.shape)}, received shape {tuple(y_true.shape)}. "
            "For integer class targets use sparse_categorical_crossentropy."
        )
    if label_smoothing:
        classes = ops.cast(y_pred.shape[axis], ops.dtype(y_pred))
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / classes
    return ops.categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, axis=axis
    )


@export("multikeras.losses.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> Tensor:
    """Cross-entropy between integer class `y_true` and predictions.

    With `ignore_class`, targets equal to it contribute zero loss.
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(
            y_true, y_pred, from_logits=from_logits, axis=axis
        )
    keep = ops.not_equal(y_true, ignore_class)
    safe_true = ops.where(keep, y_true, 0)
    values = ops.sparse_categorical_crossentropy(
        safe_true, y_pred, from_logits=from_logits, axis=axis
    )
    keep = ops.reshape(keep, values.shape)
    return ops.where(keep, values, ops.zeros_like(values))


@export("multikeras.losses.MeanSquaredError")
class MeanSquaredError(LossFunctionWrapper):
    """Mean of squares of errors between labels and predictions."""

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "mean_squared_error",
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(
            mean_squared_error, reduction=reduction, name=name, dtype=dtype
        )


@export("multikeras.losses.MeanAbsoluteError")
class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors between labels and predictions."""

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "mean_absolute_error",
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(
            mean_absolute_error, reduction=reduction, name=name, dtype=dtype
        )


@export("multikeras.losses.BinaryCrossentropy")
class BinaryCrossentropy(LossFunctionWrapper):
    """Cross-entropy for binary (0/1) labels.

    Args:
        from_logits: whether `y_pred` holds logits (else probabilities).
        label_smoothing: in [0, 1]; moves targets toward 0.5.
        axis: the axis averaged over (default -1).
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "binary_crossentropy",
        dtype: DTypeLike = None,
    ) -> None:
        _check_smoothing(label_smoothing)
        super().__init__(
            binary_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits


@export("multikeras.losses.CategoricalCrossentropy")
class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot labels.

    Args:
        from_logits: whether `y_pred` holds logits (else probabilities).
        label_smoothing: in [0, 1]; mixes targets with the uniform
            distribution.
        axis: the class axis (default -1).
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "categorical_crossentropy",
        dtype: DTypeLike = None,
    ) -> None:
        _check_smoothing(label_smoothing)
        super().__init__(
            categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits


@export("multikeras.losses.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer class labels.

    Args:
        from_logits: whether `y_pred` holds logits (else probabilities).
        ignore_class: a label value whose samples give zero loss.
    """

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "sparse_categorical_crossentropy",
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(
            sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def __call__(
        self,
        y_true: ArrayLike,
        y_pred: ArrayLike,
        sample_weight: ArrayLike | None = None,
        mask: ArrayLike | None = None,
    ) -> Tensor:
        # As in Keras, ignored targets are masked out of the reduction, so
        # "sum_over_batch_size" averages over the other entries only.
        if self.ignore_class is not None:
            y_true = ops.convert_to_tensor(y_true)
            valid = ops.not_equal(y_true, self.ignore_class)
            if len(valid.shape) == len(ops.shape(y_pred)) and (
                valid.shape[-1] == 1
            ):
                valid = ops.squeeze(valid, axis=-1)
            valid = ops.cast(valid, "float32")
            if mask is not None:
                mask = ops.cast(mask, "float32")
                while len(mask.shape) < len(valid.shape):
                    mask = ops.expand_dims(mask, -1)
                valid = valid * mask
            mask = valid
        return super().__call__(y_true, y_pred, sample_weight, mask)


def _check_smoothing(label_smoothing):
    if not 0 <= label_smoothing <= 1:
        raise ValueError(
            "`label_smoothing` must be in [0, 1]. Received: "
            f"label_smoothing={label_smoothing}"
        )


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
