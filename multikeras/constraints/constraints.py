"""Weight constraints: projections applied after each optimizer update.

A constraint is a callable `(weight) -> projected weight` of the same
shape. Layers take them as `kernel_constraint=...` and so on; `add_weight`
stores the constraint on the variable, and the optimizer applies it to the
new value after every update, inside the compiled step.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.config import epsilon
from multikeras.typing import ArrayLike
from multikeras.typing import Config
from multikeras.typing import Tensor

Axis = int | Sequence[int]


def _check_number(value: Any, name: str, owner: str) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not float(value) >= 0
    ):
        raise ValueError(
            f"{owner}: invalid value for argument `{name}`: expected a "
            f"non-negative number. Received: {name}={value!r}"
        )


def _check_axis(axis: Any, owner: str) -> None:
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    if not axes or not all(
        isinstance(a, numbers.Integral) and not isinstance(a, bool)
        for a in axes
    ):
        raise ValueError(
            f"{owner}: invalid value for argument `axis`: expected an int "
            f"or a list of ints. Received: axis={axis!r}"
        )


def _axis_arg(axis: Axis) -> int | tuple[int, ...]:
    if isinstance(axis, Sequence):
        return tuple(int(a) for a in axis)
    return int(axis)


def _norms(w: Tensor, axis: Axis) -> Tensor:
    """L2 norms of `w` along `axis`, kept as size-1 dims to broadcast."""
    return ops.sqrt(
        ops.sum(ops.square(w), axis=_axis_arg(axis), keepdims=True)
    )


@export("multikeras.constraints.Constraint")
class Constraint:
    """Base class for weight constraints.

    A constraint maps a weight to its projection (same shape). Subclasses
    override `__call__(w)` and, when they have settings, `get_config()`.
    The base class leaves the weight unchanged.

    Example:
    >>> class Clip(multikeras.constraints.Constraint):
    ...     def __call__(self, w):
    ...         return multikeras.ops.clip(w, -1.0, 1.0)
    >>> np.asarray(Clip()(np.array([-3.0, 0.5, 2.0], "float32")))
    array([-1. ,  0.5,  1. ], dtype=float32)
    """

    def __call__(self, w: ArrayLike) -> Tensor:
        """The projected weight (the weight itself for the base class)."""
        return w

    def get_config(self) -> Config:
        """The constructor arguments that recreate this constraint."""
        return {}

    @classmethod
    def from_config(cls, config: Config) -> Constraint:
        """Creates a constraint from the output of `get_config()`."""
        return cls(**config)


@export("multikeras.constraints.MaxNorm", "multikeras.constraints.max_norm")
class MaxNorm(Constraint):
    """Caps the L2 norm of the weights incident to each unit.

    With `n` the norms along `axis`:
    `w * clip(n, 0, max_value) / (epsilon + n)`.

    Args:
        max_value: the largest norm allowed (2).
        axis: int or list of ints, the axes the norm is taken over (0). For
            a `Dense` kernel `(input_dim, units)`, 0 constrains each unit's
            incoming weight vector; for a channels-last `Conv2D` kernel
            `(rows, cols, in, out)`, use `[0, 1, 2]`.

    Example:
    >>> c = multikeras.constraints.MaxNorm(max_value=1.0)
    >>> w = c(np.array([[3.0, 0.3], [4.0, 0.4]], "float32"))
    >>> np.round(np.asarray(w), 3)
    array([[0.6, 0.3],
           [0.8, 0.4]], dtype=float32)
    """

    def __init__(self, max_value: float = 2, axis: Axis = 0):
        _check_number(max_value, "max_value", "MaxNorm")
        _check_axis(axis, "MaxNorm")
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: ArrayLike) -> Tensor:
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0, self.max_value)
        return w * (desired / (epsilon() + norms))

    def get_config(self) -> Config:
        return {"max_value": self.max_value, "axis": self.axis}


@export("multikeras.constraints.NonNeg", "multikeras.constraints.non_neg")
class NonNeg(Constraint):
    """Sets negative weights to zero: `maximum(w, 0)`.

    Example:
    >>> c = multikeras.constraints.NonNeg()
    >>> np.asarray(c(np.array([-1.0, 2.0], "float32")))
    array([0., 2.], dtype=float32)
    """

    def __call__(self, w: ArrayLike) -> Tensor:
        return ops.maximum(ops.convert_to_tensor(w), 0)


@export("multikeras.constraints.UnitNorm", "multikeras.constraints.unit_norm")
class UnitNorm(Constraint):
    """Scales the weights incident to each unit to unit L2 norm.

    With `n` the norms along `axis`: `w / (epsilon + n)`.

    Args:
        axis: int or list of ints, the axes the norm is taken over (0); see
            `MaxNorm`.

    Example:
    >>> c = multikeras.constraints.UnitNorm()
    >>> np.round(np.asarray(c(np.array([[3.0], [4.0]], "float32"))), 3)
    array([[0.6],
           [0.8]], dtype=float32)
    """

    def __init__(self, axis: Axis = 0):
        _check_axis(axis, "UnitNorm")
        self.axis = axis

    def __call__(self, w: ArrayLike) -> Tensor:
        w = ops.convert_to_tensor(w)
        return w / (epsilon() + _norms(w, self.axis))

    def get_config(self) -> Config:
        return {"axis": self.axis}


@export(
    "multikeras.constraints.MinMaxNorm",
    "multikeras.constraints.min_max_norm",
)
class MinMaxNorm(Constraint):
    """Keeps the L2 norm of the weights incident to each unit in a range.

    With `n` the norms along `axis`, the weights are rescaled to the norm
    `rate * clip(n, min_value, max_value) + (1 - rate) * n`:
    `rate=1.0` enforces the range strictly, a smaller rate moves the norms
    toward it a step at a time.

    Args:
        min_value: the smallest norm (0.0).
        max_value: the largest norm (1.0); at least `min_value`.
        rate: in [0, 1], how strongly the range is enforced (1.0).
        axis: int or list of ints, the axes the norm is taken over (0); see
            `MaxNorm`.

    Example:
    >>> c = multikeras.constraints.MinMaxNorm(min_value=1.0, max_value=2.0)
    >>> w = c(np.array([[0.3, 6.0], [0.4, 8.0]], "float32"))
    >>> np.round(np.asarray(w), 3)
    array([[0.6, 1.2],
           [0.8, 1.6]], dtype=float32)
    """

    def __init__(
        self,
        min_value: float = 0.0,
        max_value: float = 1.0,
        rate: float = 1.0,
        axis: Axis = 0,
    ):
        _check_number(min_value, "min_value", "MinMaxNorm")
        _check_number(max_value, "max_value", "MinMaxNorm")
        if max_value < min_value:
            raise ValueError(
                "MinMaxNorm: expected min_value <= max_value. Received: "
                f"min_value={min_value!r}, max_value={max_value!r}"
            )
        _check_number(rate, "rate", "MinMaxNorm")
        if rate > 1:
            raise ValueError(
                "MinMaxNorm: invalid value for argument `rate`: expected a "
                f"number in [0, 1]. Received: rate={rate!r}"
            )
        _check_axis(axis, "MinMaxNorm")
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: ArrayLike) -> Tensor:
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = (
            self.rate * ops.clip(norms, self.min_value, self.max_value)
            + (1 - self.rate) * norms
        )
        return w * (desired / (epsilon() + norms))

    def get_config(self) -> Config:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }
