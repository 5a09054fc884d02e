"""Averaging metrics: `Mean`, `Sum`, and `MeanMetricWrapper`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.losses.loss import _match_rank
from multikeras.metrics.metric import Metric
from multikeras.typing import ArrayLike
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor


@export("multikeras.metrics.Mean")
class Mean(Metric):
    """The (weighted) mean of the values it is given.

    Example:
    >>> m = Mean()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    4.0
    """

    def __init__(
        self, name: str | None = "mean", dtype: DTypeLike = None
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def update_state(
        self, values: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> None:
        values = ops.cast(values, self.dtype)
        if sample_weight is None:
            self.total.assign(self.total + ops.sum(values))
            self.count.assign(self.count + ops.cast(ops.size(values),
                                                    self.dtype))
            return
        weights = _match_rank(values, ops.cast(sample_weight, self.dtype))
        weights = ops.broadcast_to(weights, values.shape)
        self.total.assign(self.total + ops.sum(values * weights))
        self.count.assign(self.count + ops.sum(weights))

    def result(self) -> Tensor:
        return ops.where(
            self.count > 0, self.total / ops.maximum(self.count, 1e-30), 0.0
        )


@export("multikeras.metrics.Sum")
class Sum(Metric):
    """The (weighted) sum of the values it is given."""

    def __init__(
        self, name: str | None = "sum", dtype: DTypeLike = None
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")

    def update_state(
        self, values: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> None:
        values = ops.cast(values, self.dtype)
        if sample_weight is not None:
            weights = _match_rank(values, ops.cast(sample_weight, self.dtype))
            values = values * weights
        self.total.assign(self.total + ops.sum(values))

    def result(self) -> Tensor:
        return self.total.value


@export("multikeras.metrics.MeanMetricWrapper")
class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over all samples seen."""

    def __init__(
        self,
        fn: Callable[..., Tensor],
        name: str | None = None,
        dtype: DTypeLike = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name or fn.__name__, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(
        self,
        y_true: ArrayLike,
        y_pred: ArrayLike,
        sample_weight: ArrayLike | None = None,
    ) -> None:
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> Config:
        return {**super().get_config(), **self._fn_kwargs}
