"""Different optimizers for different variables: `OptimizerMap`,
`MultiOptimizer`."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import MutableMapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from multikeras.api_export import export
from multikeras.backend.common.variables import Variable
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config
from multikeras.typing import Params
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.optimizers.OptimizerMap")
class OptimizerMap(MutableMapping):
    """Maps variable paths (or regular expressions) to optimizers.

    `optimizer_map[path]` is the optimizer of the variable at `path`: an
    exact key first, else the one key that matches `path` as a regular
    expression (`re.fullmatch`), else `default_optimizer`. A path matching
    several patterns is an error. Calling the map on a variable looks up
    its `path`.

    Args:
        default_optimizer: the optimizer of variables no key matches.
        optimizer_map: optional initial `{key: optimizer}` entries.

    >>> adam = multikeras.optimizers.Adam()
    >>> opt_map = OptimizerMap(multikeras.optimizers.SGD(),
    ...                        {"encoder/.*": adam})
    >>> opt_map["encoder/dense/kernel"] is adam
    True
    >>> opt_map["decoder/dense/kernel"].name
    'SGD'
    """

    def __init__(
        self,
        default_optimizer: Optimizer,
        optimizer_map: dict[str, Optimizer] | None = None,
    ) -> None:
        if not isinstance(default_optimizer, Optimizer) or isinstance(
            default_optimizer, MultiOptimizer
        ):
            raise TypeError(
                "OptimizerMap: `default_optimizer` must be an Optimizer "
                f"(not a MultiOptimizer). Received: {default_optimizer!r}"
            )
        self._default_optimizer = default_optimizer
        self._map: dict[str, Optimizer] = {}
        for key, optimizer in (optimizer_map or {}).items():
            self[key] = optimizer

    @property
    def default_optimizer(self) -> Optimizer:
        return self._default_optimizer

    def _find(self, key):
        if key in self._map:
            return self._map[key]
        matches = [p for p in self._map if re.fullmatch(p, key)]
        if len(matches) > 1:
            raise ValueError(
                f"OptimizerMap: the path {key!r} matches several keys "
                f"{matches}; each variable must map to one optimizer."
            )
        return self._map[matches[0]] if matches else None

    def __getitem__(self, key: str) -> Optimizer:
        found = self._find(key)
        return self._default_optimizer if found is None else found

    def get(self, key: str, default: Any = None) -> Any:
        """The optimizer of `key` (exact or regex match), else `default`."""
        found = self._find(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return key in self._map

    def __setitem__(self, key: str, optimizer: Optimizer) -> None:
        if not isinstance(key, str):
            raise TypeError(
                f"OptimizerMap: keys must be strings. Received: {key!r}"
            )
        if not isinstance(optimizer, Optimizer) or isinstance(
            optimizer, MultiOptimizer
        ):
            raise TypeError(
                f"OptimizerMap: the value for {key!r} must be an Optimizer "
                f"(not a MultiOptimizer). Received: {optimizer!r}"
            )
        self._map[key] = optimizer

    def __delitem__(self, key: str) -> None:
        del self._map[key]

    def __len__(self) -> int:
        return len(self._map)

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __call__(self, variable: Variable) -> Optimizer:
        return self[variable.path]

    def get_config(self) -> Config:
        from multikeras.optimizers import serialize

        return {
            "default_optimizer": serialize(self._default_optimizer),
            "optimizer_map": {k: serialize(v) for k, v in self._map.items()},
        }

    @classmethod
    def from_config(
        cls, config: Config, custom_objects: dict[str, Any] | None = None
    ) -> Self:
        from multikeras.optimizers import deserialize

        return cls(
            deserialize(config["default_optimizer"], custom_objects),
            {
                k: deserialize(v, custom_objects)
                for k, v in config.get("optimizer_map", {}).items()
            },
        )


@export("multikeras.optimizers.MultiOptimizer")
class MultiOptimizer(Optimizer):
    """Updates each variable with its own optimizer.

    `optimizer_map` picks the optimizer of each variable: an
    `OptimizerMap` (paths or patterns to optimizers, with a default), or a
    callable `fn(variable) -> Optimizer`. Each sub-optimizer is built with
    its variables and keeps its own state, learning rate and schedule; the
    state of all of them is this optimizer's `variables`, so a compiled
    train step updates them all without recompiling.

    A `MultiOptimizer` has no single learning rate: read or set it on the
    sub-optimizers (`optimizer.optimizers`).

    Args:
        optimizer_map: an `OptimizerMap` or a callable, as above.
        loss_scale_factor: a loss scale applied here (the sub-optimizers'
            own are disabled).
        name: the optimizer's name.

    >>> model = multikeras.Sequential([
    ...     multikeras.Input((3,)),
    ...     multikeras.layers.Dense(2, name="encoder"),
    ...     multikeras.layers.Dense(1, name="head")])
    >>> optimizer = MultiOptimizer(OptimizerMap(
    ...     multikeras.optimizers.SGD(0.01),
    ...     {".*encoder/.*": multikeras.optimizers.Adam(1e-3)}))
    >>> optimizer.build(model.trainable_variables)
    >>> [o.name for o in optimizer.optimizers]
    ['adam', 'SGD']
    """

    def __init__(
        self,
        optimizer_map: OptimizerMap | Callable[[Variable], Optimizer],
        loss_scale_factor: float | None = None,
        name: str | None = None,
    ) -> None:
        if not isinstance(optimizer_map, OptimizerMap) and (
            not callable(optimizer_map) or isinstance(optimizer_map, Optimizer)
        ):
            raise TypeError(
                "MultiOptimizer: `optimizer_map` must be an OptimizerMap or "
                "a callable `fn(variable) -> Optimizer`. Received: "
                f"{optimizer_map!r}"
            )
        super().__init__(
            learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name
        )
        self.optimizer_map = optimizer_map
        self._inner_optimizers: list[Optimizer] = []
        self._assignment: list[int] = []

    # The docs' `optimizer["encoder/.*"] = SGD()` edits the map.
    def __getitem__(self, key: str) -> Optimizer:
        return self._map_or_raise()[key]

    def __setitem__(self, key: str, optimizer: Optimizer) -> None:
        if self.built:
            raise ValueError(
                f"MultiOptimizer {self.name!r} is built; change its map "
                "before building."
            )
        self._map_or_raise()[key] = optimizer

    def _map_or_raise(self):
        if not isinstance(self.optimizer_map, OptimizerMap):
            raise TypeError(
                f"MultiOptimizer {self.name!r} uses a callable, not an "
                "OptimizerMap; it has no keys."
            )
        return self.optimizer_map

    @property
    def optimizers(self) -> list[Optimizer]:
        """The sub-optimizers (after `build`: those in use, in order)."""
        if self.built or not isinstance(self.optimizer_map, OptimizerMap):
            return list(self._inner_optimizers)
        unique: list[Optimizer] = []
        for optimizer in [*self.optimizer_map.values(),
                          self.optimizer_map.default_optimizer]:
            if not any(optimizer is o for o in unique):
                unique.append(optimizer)
        return unique

    def build(self, variables: Iterable[Variable]) -> None:
        if self.built:
            return
        variables = list(variables)
        groups: list[list[Variable]] = []
        for variable in variables:
            optimizer = self.optimizer_map(variable)
            if not isinstance(optimizer, Optimizer) or isinstance(
                optimizer, MultiOptimizer
            ):
                raise TypeError(
                    f"MultiOptimizer {self.name!r}: the map returned "
                    f"{optimizer!r} for variable {variable.path!r}; "
                    "expected an Optimizer (not a MultiOptimizer)."
                )
            for index, known in enumerate(self._inner_optimizers):  # noqa: B007
                if known is optimizer:
                    break
            else:
                index = len(self._inner_optimizers)
                self._inner_optimizers.append(optimizer)
                groups.append([])
            groups[index].append(variable)
            self._assignment.append(index)
        for optimizer, group in zip(self._inner_optimizers, groups):
            if optimizer.built:
                raise ValueError(
                    f"MultiOptimizer {self.name!r}: sub-optimizer "
                    f"{optimizer.name!r} is already built; give each "
                    "MultiOptimizer fresh optimizers."
                )
            # The scale is applied once, here.
            optimizer.loss_scale_factor = None
            optimizer.build(group)
        super().build(variables)

    @property
    def variables(self) -> list[Variable]:
        out = list(self._variables)
        for optimizer in self._inner_optimizers:
            out += optimizer.variables
        return out

    @property
    def learning_rate(self) -> Any:
        raise AttributeError(
            f"MultiOptimizer {self.name!r} has no single learning rate: "
            "use the sub-optimizers' (`optimizer.optimizers`)."
        )

    @learning_rate.setter
    def learning_rate(self, learning_rate: LearningRate) -> None:
        raise AttributeError(
            f"MultiOptimizer {self.name!r} has no single learning rate: "
            "set it on the sub-optimizers (`optimizer.optimizers`)."
        )

    def stateless_apply(
        self,
        optimizer_variables: Params,
        grads: Sequence[Tensor | None],
        trainable_variables: Params,
    ) -> tuple[list[Tensor], list[Tensor]]:
        self._check_stateless_arguments(
            optimizer_variables, grads, trainable_variables
        )
        if self.loss_scale_factor is not None:
            grads = [None if g is None else g / self.loss_scale_factor
                     for g in grads]
        own = len(self._variables)
        states = []
        start = own
        for optimizer in self._inner_optimizers:
            count = len(optimizer.variables)
            states.append(list(optimizer_variables[start:start + count]))
            start += count
        values = list(trainable_variables)
        for index, optimizer in enumerate(self._inner_optimizers):
            members = [i for i, a in enumerate(self._assignment) if a == index]
            group_grads = [grads[i] for i in members]
            if all(g is None for g in group_grads):
                continue
            new_values, states[index] = optimizer.stateless_apply(
                states[index], group_grads, [values[i] for i in members]
            )
            for i, value in zip(members, new_values):
                values[i] = value
        head = list(optimizer_variables[:own])
        head[0] = head[0] + 1
        return values, head + [v for state in states for v in state]

    def finalize_variable_values(self, var_list: Sequence[Variable]) -> None:
        by_id = {id(v): i for i, v in enumerate(self._trainable_variables)}
        for index, optimizer in enumerate(self._inner_optimizers):
            members = [
                v for v in var_list
                if self._assignment[by_id[id(v)]] == index
            ]
            if members:
                optimizer.finalize_variable_values(members)

    def get_config(self) -> Config:
        from multikeras.saving.registry import serialize_object

        return {
            "name": self.name,
            "optimizer_map": serialize_object(self.optimizer_map),
            "loss_scale_factor": self.loss_scale_factor,
        }

    @classmethod
    def from_config(
        cls, config: Config, custom_objects: dict[str, Any] | None = None
    ) -> Self:
        from multikeras.saving.registry import get_custom_objects

        config = dict(config)
        spec = config.pop("optimizer_map")
        if isinstance(spec, dict):
            optimizer_map: Any = OptimizerMap.from_config(
                spec.get("config", spec), custom_objects
            )
        else:
            tables = (custom_objects or {}, get_custom_objects())
            found = [t[spec] for t in tables if spec in t]
            if not found:
                raise ValueError(
                    f"MultiOptimizer: cannot rebuild the optimizer map "
                    f"{spec!r}; register the function with "
                    "`register_keras_serializable` or pass it in "
                    "`custom_objects`."
                )
            optimizer_map = found[0]
        return cls(optimizer_map, **config)
