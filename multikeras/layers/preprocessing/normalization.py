"""`Normalization`: `(x - mean) / sqrt(variance)` with statistics given or
computed by `adapt`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing._data import iter_batches
from multikeras.typing import ArrayLike
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Normalization")
class Normalization(Layer):
    """Shifts and scales inputs to mean 0 and variance 1 per feature.

    Computes `(x - mean) / max(sqrt(var), epsilon)` (or, with
    `invert=True`, `mean + x * max(sqrt(var), epsilon)`). The statistics
    are either passed in (`mean`, `variance`) or computed from data with
    `adapt(data)`, which averages over every axis not in `axis`. Adapted
    statistics are non-trainable weights `mean`, `variance` (shaped like
    the kept axes) and `count` (an int scalar kept for format
    compatibility), in that order.

    Args:
        axis: int, tuple of ints, or None: the axes that keep their own
            statistics (e.g. -1: one mean per feature). None: one mean
            and variance for the whole input. Defaults to -1.
        mean: optional statistics to use instead of `adapt`; broadcast
            to the kept axes (aligned from the right).
        variance: optional, given together with `mean`.
        invert: if True, undo a normalization instead. Defaults to False.

    Example:
    >>> layer = Normalization()
    >>> layer.adapt(np.array([[0.0, 7.0], [2.0, 9.0]], "float32"))
    >>> np.asarray(layer(np.array([[1.0, 8.0]], "float32"))).tolist()
    [[0.0, 0.0]]
    """

    def __init__(
        self,
        axis: int | Sequence[int] | None = -1,
        mean: ArrayLike | None = None,
        variance: ArrayLike | None = None,
        invert: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if axis is None:
            axes: tuple[int, ...] = ()
        elif isinstance(axis, int):
            axes = (axis,)
        else:
            axes = tuple(axis)
        if not all(isinstance(a, int) for a in axes):
            raise ValueError(
                f"Normalization layer {self.name!r}: `axis` must be an int, "
                f"a tuple of ints or None. Received: axis={axis!r}"
            )
        self.axis = axes
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization layer {self.name!r}: pass both `mean` and "
                f"`variance`, or neither. Received: mean={mean!r}, "
                f"variance={variance!r}"
            )
        if mean is not None and variance is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    f"Normalization layer {self.name!r}: `mean` and "
                    "`variance` must have the same shape. Received: mean "
                    f"shape {np.shape(mean)}, variance shape "
                    f"{np.shape(variance)}"
                )
            if np.ndim(mean) > len(axes):
                raise ValueError(
                    f"Normalization layer {self.name!r}: `mean` has rank "
                    f"{np.ndim(mean)}, more than the {len(axes)} kept "
                    f"axes axis={axes}."
                )
        self.input_mean = mean
        self.input_variance = variance
        self.invert = bool(invert)
        self.supports_masking = True
        self._build_input_shape: tuple | None = None
        self._keep_axis: tuple[int, ...] = ()
        self._reduce_axis: tuple[int, ...] = ()
        self._broadcast_shape: list[int] = []

    def build(self, input_shape: Shape) -> None:
        ndim = len(input_shape)
        if any(not -ndim <= a < ndim for a in self.axis):
            raise ValueError(
                f"Normalization layer {self.name!r}: every `axis` must be "
                f"in [-{ndim}, {ndim}) for an input of shape "
                f"{tuple(input_shape)}. Received: axis={self.axis}"
            )
        keep = tuple(sorted(a % ndim for a in self.axis))
        unknown = [a for a in keep if input_shape[a] is None]
        if unknown:
            raise ValueError(
                f"Normalization layer {self.name!r}: the kept axes "
                f"axis={self.axis} need known sizes, but axis {unknown[0]} "
                f"of input shape {tuple(input_shape)} is unknown."
            )
        self._build_input_shape = tuple(input_shape)
        self._keep_axis = keep
        self._reduce_axis = tuple(d for d in range(ndim) if d not in keep)
        # Every kept axis has a known size (checked above).
        sizes = [d if d is not None else 1 for d in input_shape]
        self._broadcast_shape = [
            sizes[d] if d in keep else 1 for d in range(ndim)
        ]
        stats_shape = tuple(sizes[d] for d in keep)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=stats_shape, initializer="zeros",
                trainable=False,
            )  # fmt: skip
            self.adapt_variance = self.add_weight(
                name="variance", shape=stats_shape, initializer="ones",
                trainable=False,
            )  # fmt: skip
            self.count = self.add_weight(
                name="count", shape=(), dtype="int", initializer="zeros",
                trainable=False,
            )  # fmt: skip
            return
        self._fixed = [
            self._broadcast(np.asarray(v, dtype="float64"))
            for v in (self.input_mean, self.input_variance)
        ]

    def _broadcast(self, value: np.ndarray) -> np.ndarray:
        """`value` aligned from the right with the kept axes, broadcast to
        the input's rank."""
        shape = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            shape[self._keep_axis[-i]] = value.shape[-i]
        out = np.broadcast_to(value.reshape(shape), self._broadcast_shape)
        return out.astype(self.compute_dtype)

    def _statistics(self) -> tuple[Any, Any]:
        if self.input_mean is not None:
            return tuple(ops.convert_to_tensor(v) for v in self._fixed)
        return (
            ops.reshape(self.adapt_mean, self._broadcast_shape),
            ops.reshape(self.adapt_variance, self._broadcast_shape),
        )

    def adapt(self, data: Any) -> None:
        """Sets `mean` and `variance` from data.

        Args:
            data: a NumPy array or tensor, or an iterable of batches (a
                list of arrays, a generator, a `PyDataset`; a batch that
                is a tuple contributes its first element). The statistics
                are exact: batches are merged with the pairwise update of
                Chan et al. in float64.
        """
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization layer {self.name!r} was given `mean` and "
                "`variance`; adapt() would ignore them. Create the layer "
                "without them to adapt it."
            )
        count = 0
        total_mean: Any = None
        total_m2: Any = None
        for batch in iter_batches("Normalization", data):
            if not self.built:
                self.build(batch.shape)
                self.built = True
            shape = self._build_input_shape or ()
            if len(batch.shape) != len(shape) or any(
                batch.shape[d] != shape[d] for d in self._keep_axis
            ):
                raise ValueError(
                    f"Normalization layer {self.name!r} was built for inputs "
                    f"of shape {shape} (kept axes {self._keep_axis}), but "
                    f"adapt() got a batch of shape {tuple(batch.shape)}."
                )
            batch = batch.astype("float64")
            n = math.prod(batch.shape[d] for d in self._reduce_axis)
            if n == 0:
                continue
            mean = batch.mean(axis=self._reduce_axis)
            m2 = ((batch - batch.mean(axis=self._reduce_axis,
                                      keepdims=True)) ** 2).sum(
                axis=self._reduce_axis)  # fmt: skip
            if total_mean is None:
                total_mean, total_m2, count = mean, m2, n
                continue
            delta = mean - total_mean
            new_count = count + n
            total_mean = total_mean + delta * n / new_count
            total_m2 = total_m2 + m2 + delta**2 * count * n / new_count
            count = new_count
        if total_mean is None:
            raise ValueError(
                f"Normalization layer {self.name!r}: adapt() got no values."
            )
        self.adapt_mean.assign(total_mean.astype(self.adapt_mean.dtype))
        self.adapt_variance.assign(
            (total_m2 / count).astype(self.adapt_variance.dtype)
        )

    def call(self, inputs: Tensor) -> Tensor:
        inputs = ops.cast(inputs, self.compute_dtype)
        mean, variance = self._statistics()
        scale = ops.maximum(ops.sqrt(variance), backend.epsilon())
        if self.invert:
            return ops.add(mean, ops.multiply(inputs, scale))
        return ops.divide(ops.subtract(inputs, mean), scale)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        }
