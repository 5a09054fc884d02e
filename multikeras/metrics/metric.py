"""`Metric`: state in variables, updated statelessly inside compiled steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from multikeras import backend
from multikeras import initializers
from multikeras.api_export import export
from multikeras.backend.common import scopes
from multikeras.backend.common.variables import Variable
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import InitializerLike
from multikeras.typing import Params
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.Metric", "multikeras.metrics.Metric")
class Metric:
    """Base class of metrics.

    Subclasses create state with `add_variable` in `__init__` and implement
    `update_state(...)` and `result()`. `stateless_update_state` and
    `stateless_result` run the same code as pure functions of explicit
    state, which is how compiled train steps keep metric state on device.

    Args:
        name: the metric's name (its key in logs).
        dtype: dtype of the state and result (floatx if None).
    """

    def __init__(
        self, dtype: DTypeLike = None, name: str | None = None
    ) -> None:
        self.name = name or type(self).__name__.lower()
        self._dtype = backend.standardize_dtype(dtype)
        self._variables: list[Variable] = []
        self._initializers: list[Any] = []

    @property
    def dtype(self) -> str:
        return self._dtype

    def add_variable(
        self,
        shape: Sequence[int],
        initializer: InitializerLike = "zeros",
        dtype: DTypeLike = None,
        aggregation: str = "sum",
        name: str | None = None,
    ) -> Variable:
        initializer = initializers.get(initializer)
        with scopes.name_scope(self.name.replace("/", "_")):
            variable = Variable(
                initializer,
                shape=tuple(shape),
                dtype=dtype or self._dtype,
                trainable=False,
                aggregation=aggregation,
                name=name or "variable",
            )
        self._variables.append(variable)
        self._initializers.append(initializer)
        return variable

    @property
    def variables(self) -> list[Variable]:
        return list(self._variables)

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(
            f"Metric {type(self).__name__} must implement update_state()."
        )

    def result(self) -> Tensor:
        raise NotImplementedError(
            f"Metric {type(self).__name__} must implement result()."
        )

    def reset_state(self) -> None:
        for variable, value in zip(self._variables, self.initial_values()):
            variable.assign(value)

    def initial_values(self) -> list[Tensor]:
        """Fresh state values, in `variables` order."""
        return [
            init(v.shape, dtype=v.dtype)
            for v, init in zip(self._variables, self._initializers)
        ]

    def stateless_update_state(
        self, metric_variables: Params, *args: Any, **kwargs: Any
    ) -> list[Tensor]:
        """`update_state` as a pure function: returns the new state."""
        self._check_state(metric_variables)
        mapping = list(zip(self._variables, metric_variables))
        with scopes.StatelessScope(mapping) as scope:
            self.update_state(*args, **kwargs)
        return [scope.get_current_value(v) for v in self._variables]

    def stateless_result(self, metric_variables: Params) -> Tensor:
        """`result()` computed from explicit state."""
        self._check_state(metric_variables)
        with scopes.StatelessScope(zip(self._variables, metric_variables)):
            return self.result()

    def stateless_reset_state(self) -> list[Tensor]:
        return self.initial_values()

    def _check_state(self, metric_variables):
        if len(metric_variables) != len(self._variables):
            raise ValueError(
                f"Metric {self.name!r} has {len(self._variables)} state "
                f"variables; received {len(metric_variables)} values."
            )

    def __call__(self, *args: Any, **kwargs: Any) -> Tensor:
        """Updates the state with one batch and returns the result."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> Config:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"
