"""Weight regularizers: penalties added to the training loss.

A regularizer is a callable `(weight) -> scalar`. Layers take them as
`kernel_regularizer=...`, `bias_regularizer=...` and so on; `add_weight`
stores the regularizer on the variable and the trainer adds its value,
computed from the weight's current value, to the loss of every step.
"""

from __future__ import annotations

import inspect
import math
import numbers
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.config import epsilon
from multikeras.typing import ArrayLike
from multikeras.typing import Config
from multikeras.typing import Tensor


def _validate_factor(value: Any, name: str, owner: str) -> float:
    """`value` as a float, or a ValueError naming the argument."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or math.isnan(value)
        or math.isinf(value)
        or value < 0
    ):
        raise ValueError(
            f"{owner}: invalid value for argument `{name}`: expected a "
            f"finite non-negative float. Received: {name}={value!r}"
        )
    return float(value)


@export("multikeras.regularizers.Regularizer")
class Regularizer:
    """Base class for weight regularizers.

    A regularizer maps a weight tensor to a scalar penalty that is added to
    the training loss. Subclasses override `__call__(x)` and, to be
    serializable, `get_config()`; the base class is the zero penalty.

    Any plain function of a tensor works as a regularizer as well; subclass
    this class when the regularizer has settings that must be saved.

    Example:
    >>> class L2Sum(multikeras.regularizers.Regularizer):
    ...     def __init__(self, factor=0.5):
    ...         self.factor = factor
    ...     def __call__(self, x):
    ...         return self.factor * multikeras.ops.sum(x * x)
    ...     def get_config(self):
    ...         return {"factor": self.factor}
    >>> float(L2Sum()(np.ones((2, 2), "float32")))
    2.0
    >>> L2Sum.from_config({"factor": 0.1}).factor
    0.1
    """

    def __call__(self, x: ArrayLike) -> Tensor:
        """The penalty for the weight `x` (zero for the base class)."""
        return 0.0

    def get_config(self) -> Config:
        """The constructor arguments that recreate this regularizer.

        Subclasses with constructor arguments must override it; the base
        class has none and returns `{}`.
        """
        init = type(self).__init__
        if (
            init is not object.__init__
            and len(inspect.signature(init).parameters) > 1
        ):
            raise NotImplementedError(
                f"{type(self).__name__} takes constructor arguments but "
                "does not override get_config(); define get_config() "
                "returning them so the regularizer can be saved."
            )
        return {}

    @classmethod
    def from_config(cls, config: Config) -> Regularizer:
        """Creates a regularizer from the output of `get_config()`."""
        return cls(**config)


@export("multikeras.regularizers.L1L2", "multikeras.regularizers.l1_l2")
class L1L2(Regularizer):
    """Both the L1 and the L2 penalty.

    `loss = l1 * sum(abs(x)) + l2 * sum(square(x))`

    The string `"l1_l2"` gives `L1L2(l1=0.01, l2=0.01)`, as Keras
    documents it.

    Args:
        l1: non-negative float, the L1 factor (0.0). None means 0.0.
        l2: non-negative float, the L2 factor (0.0). None means 0.0.

    Example:
    >>> reg = multikeras.regularizers.L1L2(l1=0.1, l2=0.5)
    >>> round(float(reg(np.array([1.0, -2.0], "float32"))), 4)
    2.8
    """

    def __init__(self, l1: float | None = 0.0, l2: float | None = 0.0):
        self.l1 = _validate_factor(0.0 if l1 is None else l1, "l1", "L1L2")
        self.l2 = _validate_factor(0.0 if l2 is None else l2, "l2", "L1L2")

    def __call__(self, x: ArrayLike) -> Tensor:
        x = ops.convert_to_tensor(x)
        penalty = ops.zeros((), dtype=x.dtype)
        if self.l1:
            penalty = penalty + self.l1 * ops.sum(ops.absolute(x))
        if self.l2:
            penalty = penalty + self.l2 * ops.sum(ops.square(x))
        return penalty

    def get_config(self) -> Config:
        return {"l1": self.l1, "l2": self.l2}


@export("multikeras.regularizers.L1", "multikeras.regularizers.l1")
class L1(Regularizer):
    """The L1 penalty: `loss = l1 * sum(abs(x))`.

    The string `"l1"` gives `L1()`.

    Args:
        l1: non-negative float, the factor (0.01). None means 0.01.

    Example:
    >>> reg = multikeras.regularizers.L1(l1=0.5)
    >>> float(reg(np.array([[1.0, -2.0], [0.5, 0.0]], "float32")))
    1.75
    """

    def __init__(self, l1: float | None = 0.01):
        self.l1 = _validate_factor(0.01 if l1 is None else l1, "l1", "L1")

    def __call__(self, x: ArrayLike) -> Tensor:
        return self.l1 * ops.sum(ops.absolute(ops.convert_to_tensor(x)))

    def get_config(self) -> Config:
        return {"l1": self.l1}


@export("multikeras.regularizers.L2", "multikeras.regularizers.l2")
class L2(Regularizer):
    """The L2 penalty: `loss = l2 * sum(square(x))`.

    The string `"l2"` gives `L2()`.

    Args:
        l2: non-negative float, the factor (0.01). None means 0.01.

    Example:
    >>> reg = multikeras.regularizers.L2(l2=0.5)
    >>> float(reg(np.array([1.0, -2.0], "float32")))
    2.5
    """

    def __init__(self, l2: float | None = 0.01):
        self.l2 = _validate_factor(0.01 if l2 is None else l2, "l2", "L2")

    def __call__(self, x: ArrayLike) -> Tensor:
        return self.l2 * ops.sum(ops.square(ops.convert_to_tensor(x)))

    def get_config(self) -> Config:
        return {"l2": self.l2}


def _l2_normalize(x: Tensor, axis: int) -> Tensor:
    # The floor on the squared norm keeps an all-zero row finite.
    squares = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return x / ops.sqrt(ops.maximum(squares, epsilon()))


@export(
    "multikeras.regularizers.OrthogonalRegularizer",
    "multikeras.regularizers.orthogonal_regularizer",
)
class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a rank-2 weight to be orthogonal.

    The rows (`mode="rows"`) or columns (`mode="columns"`) are normalized
    to unit L2 norm; with `P` their matrix of pairwise dot products and
    `n` their count, the penalty is

    `loss = factor * 0.5 * sum(abs(P - diag(P))) / (n * (n - 1) / 2)`

    i.e. `factor` times the mean absolute cosine over distinct pairs.

    Args:
        factor: non-negative float, the penalty factor (0.01).
        mode: `"rows"` (default) or `"columns"`.

    Input: a rank-2 weight, e.g. a `Dense` kernel `(input_dim, units)`.

    Example:
    >>> reg = multikeras.regularizers.OrthogonalRegularizer(factor=1.0)
    >>> float(reg(np.array([[1.0, 0.0], [1.0, 1.0]], "float32")))
    ... # doctest: +ELLIPSIS
    0.7071...
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows"):
        self.factor = _validate_factor(
            factor, "factor", "OrthogonalRegularizer"
        )
        if mode not in ("rows", "columns"):
            raise ValueError(
                "OrthogonalRegularizer: invalid value for argument `mode`: "
                "expected one of 'rows', 'columns'. "
                f"Received: mode={mode!r}"
            )
        self.mode = mode

    def __call__(self, x: ArrayLike) -> Tensor:
        x = ops.convert_to_tensor(x)
        if len(x.shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer: expected a rank-2 weight. Received: "
                f"shape={tuple(x.shape)}"
            )
        if self.mode == "rows":
            unit = _l2_normalize(x, axis=1)
            products = ops.matmul(unit, ops.transpose(unit))
        else:
            unit = _l2_normalize(x, axis=0)
            products = ops.matmul(ops.transpose(unit), unit)
        n = int(products.shape[0])
        off_diagonal = products * (1.0 - ops.eye(n, dtype=x.dtype))
        # A single row or column has no pairs: the penalty is zero.
        pairs = max(n * (n - 1) / 2.0, 1.0)
        return self.factor * 0.5 * ops.sum(ops.absolute(off_diagonal)) / pairs

    def get_config(self) -> Config:
        return {"factor": self.factor, "mode": self.mode}
