"""`Loss`: per-sample loss values, then sample weights, masks, reduction."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.typing import ArrayLike
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self

REDUCTIONS = (
    "sum_over_batch_size",
    "sum",
    "mean",
    "mean_with_sample_weight",
    "none",
    None,
)


def standardize_reduction(reduction: str | None) -> str | None:
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid loss reduction {reduction!r}; expected one of "
            f"{REDUCTIONS}."
        )
    return reduction


def _match_rank(values, weights):
    """Squeezes or expands `weights` by one axis to the rank of `values`."""
    v_rank, w_rank = len(values.shape), len(weights.shape)
    if w_rank == v_rank + 1 and weights.shape[-1] == 1:
        return ops.squeeze(weights, axis=-1)
    if v_rank == w_rank + 1:
        return ops.expand_dims(weights, -1)
    return weights


def reduce_weighted_values(
    values: Tensor,
    sample_weight: ArrayLike | None = None,
    mask: ArrayLike | None = None,
    reduction: str | None = "sum_over_batch_size",
) -> Tensor:
    """Applies weights and a mask to `values`, then reduces them.

    A mask (e.g. padding rows of a fixed-size batch) zeroes entries; under
    "sum_over_batch_size" the result is rescaled so that the average is over
    the unmasked entries, as Keras does for masks.
    """
    dtype = backend.standardize_dtype(values.dtype)
    if mask is not None:
        mask = _match_rank(values, ops.cast(mask, dtype))
        if reduction in ("sum_over_batch_size", "mean"):
            total = ops.cast(ops.size(mask) or 1, dtype)
            valid = ops.sum(mask)
            mask = mask * (total / ops.maximum(valid, backend.epsilon()))
        sample_weight = (
            mask if sample_weight is None
            else _match_rank(values, ops.cast(sample_weight, dtype)) * mask
        )
    if sample_weight is not None:
        sample_weight = _match_rank(values, ops.cast(sample_weight, dtype))
        values = values * sample_weight
    if reduction in (None, "none"):
        return values
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        weight_sum = ops.sum(ops.broadcast_to(sample_weight, values.shape))
        return total / ops.maximum(weight_sum, backend.epsilon())
    return total / ops.cast(ops.size(values) or 1, dtype)


@export("multikeras.Loss", "multikeras.losses.Loss")
class Loss:
    """Base class of losses: subclasses implement `call(y_true, y_pred)`.

    `call` returns per-sample (or per-element) losses; `__call__` applies
    `sample_weight` and reduces them.

    Args:
        name: the loss's name.
        reduction: "sum_over_batch_size" (default: the weighted sum divided
            by the number of elements), "sum", "mean",
            "mean_with_sample_weight" (divided by the sum of weights), or
            "none"/None (no reduction).
        dtype: dtype of the computation (floatx if None).
    """

    def __init__(
        self,
        name: str | None = None,
        reduction: str | None = "sum_over_batch_size",
        dtype: DTypeLike = None,
    ) -> None:
        self.name = name or type(self).__name__
        self.reduction = standardize_reduction(reduction)
        self.dtype = backend.standardize_dtype(dtype)

    def __call__(
        self,
        y_true: ArrayLike,
        y_pred: ArrayLike,
        sample_weight: ArrayLike | None = None,
        mask: ArrayLike | None = None,
    ) -> Tensor:
        y_pred = ops.convert_to_tensor(y_pred)
        if backend.standardize_dtype(y_pred.dtype) != self.dtype:
            y_pred = ops.cast(y_pred, self.dtype)
        values = self.call(y_true, y_pred)
        return reduce_weighted_values(
            values, sample_weight, mask, self.reduction
        )

    def call(self, y_true: ArrayLike, y_pred: Tensor) -> Tensor:
        raise NotImplementedError(
            f"Loss {type(self).__name__} must implement call()."
        )

    def get_config(self) -> Config:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A `Loss` computing `fn(y_true, y_pred, **kwargs)`."""

    def __init__(
        self,
        fn: Callable[..., Tensor],
        reduction: str | None = "sum_over_batch_size",
        name: str | None = None,
        dtype: DTypeLike = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: ArrayLike, y_pred: Tensor) -> Tensor:
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> Config:
        return {**super().get_config(), **self._fn_kwargs}
