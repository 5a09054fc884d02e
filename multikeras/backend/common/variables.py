"""`Variable`: named, typed, mutable state owned by layers and optimizers."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

import numpy as np

import multikeras.backend as _backend_pkg
from multikeras.api_export import export
from multikeras.backend.common import scopes
from multikeras.backend.common.dtypes import python_data_dtype
from multikeras.backend.common.dtypes import standardize_dtype
from multikeras.backend.common.operators import TensorOperators
from multikeras.typing import ArrayLike
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor


def _active():
    return _backend_pkg.active


@export("multikeras.Variable")
class Variable(TensorOperators):
    """A mutable tensor with a name, a path, a dtype and a trainable flag.

    Args:
        initializer: an initial value (tensor, array, scalar) or a callable
            `initializer(shape, dtype)` such as a `multikeras.initializers`
            object or its string name; a callable needs `shape`.
        shape: the shape, needed when `initializer` is a callable.
        dtype: the dtype; defaults to the value's dtype, else `floatx()`.
        trainable: whether gradients update this variable in `fit`.
        name: the variable's name; its `path` adds the active name scopes.

    Reading `.value` inside a `StatelessScope` returns the scope's
    substitute, and `assign` inside one records the update there instead.

    Example:
    >>> v = multikeras.Variable(np.zeros((2,)), name="bias")
    >>> _ = v.assign([1.0, 2.0])
    >>> v.numpy()
    array([1., 2.], dtype=float32)
    """

    # Set by `Layer.add_weight` only; other variables lack them.
    regularizer: Callable[[Tensor], Tensor] | None
    constraint: Callable[[Tensor], Tensor] | None
    overwrite_with_gradient: bool

    def __init__(
        self,
        initializer: ArrayLike | str | Callable[..., Tensor],
        shape: Sequence[int] | None = None,
        dtype: DTypeLike = None,
        trainable: bool = True,
        autocast: bool = True,
        aggregation: str = "none",
        synchronization: str = "auto",
        name: str | None = None,
    ) -> None:
        name = name or "variable"
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "A variable name must be a string without '/'. "
                f"Received: name={name!r}"
            )
        self.name = name
        self.path = scopes.current_path(name)
        self.trainable = bool(trainable)
        self.autocast = autocast
        self.aggregation = aggregation
        self.synchronization = synchronization
        if isinstance(initializer, str):
            from multikeras import initializers

            initializer = initializers.get(initializer)
        # Initial values are concrete even when a variable is created while
        # a function is traced (a layer first built inside a compiled call).
        with _active().eager_scope():
            if callable(initializer):
                if shape is None:
                    raise ValueError(
                        f"Variable {self.path!r}: a callable initializer "
                        "needs a `shape`. Received: shape=None"
                    )
                dtype = standardize_dtype(dtype)
                value = initializer(tuple(shape), dtype=dtype)
            else:
                value = initializer
                if dtype is None:
                    # 64-bit values default to floatx/int32, as Python data
                    # do, so a variable has one dtype on every backend.
                    dtype = python_data_dtype(
                        value, getattr(value, "dtype", None)
                        or np.asarray(value).dtype,
                    )
            self._value = _active().convert_to_tensor(value, dtype=dtype)
        self._dtype = standardize_dtype(self._value.dtype)
        if shape is not None and tuple(self._value.shape) != tuple(shape):
            raise ValueError(
                f"Variable {self.path!r}: the initial value has shape "
                f"{tuple(self._value.shape)}, expected {tuple(shape)}."
            )
        self._shape = tuple(self._value.shape)

    # ------------------------------------------------------------ value
    @property
    def value(self) -> Tensor:
        scope = scopes.get_stateless_scope()
        if scope is not None:
            value = scope.get_current_value(self)
            if value is not None:
                return value
        return self._value

    def assign(self, value: ArrayLike) -> Tensor:
        value = _active().convert_to_tensor(value, dtype=self._dtype)
        if tuple(value.shape) != self._shape:
            raise ValueError(
                f"Variable {self.path!r} has shape {self._shape}; the "
                f"assigned value has shape {tuple(value.shape)}."
            )
        scope = scopes.get_stateless_scope()
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._value = value
        return value

    def assign_add(self, value: ArrayLike) -> Tensor:
        return self.assign(self.value + _active().cast(
            _active().convert_to_tensor(value), self._dtype))

    def assign_sub(self, value: ArrayLike) -> Tensor:
        return self.assign(self.value - _active().cast(
            _active().convert_to_tensor(value), self._dtype))

    def numpy(self) -> Any:
        return _active().convert_to_numpy(self.value)

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path}, shape={self._shape}, "
            f"dtype={self._dtype}, value={np.asarray(self.numpy())}>"
        )

    def __array__(
        self, dtype: DTypeLike = None, copy: bool | None = None
    ) -> np.ndarray:
        array = np.asarray(self.numpy())
        return array.astype(dtype) if dtype is not None else array

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    def __bool__(self) -> bool:
        return bool(self.numpy())

    __hash__ = object.__hash__

