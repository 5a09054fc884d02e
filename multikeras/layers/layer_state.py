"""The state side of `Layer`: its variables and weights, in Keras's order,
split into trainable and non-trainable, read and set as NumPy arrays.

`Layer` inherits this mixin; it relies on the layer's tracking lists
(`_own_variables`, `_seed_generators`, `_layers`) and `_trainable`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any

from multikeras.backend.common.variables import Variable

if TYPE_CHECKING:
    from multikeras.layers.layer import Layer
    from multikeras.random.seed_generator import SeedGenerator


def _unique(items):
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


class LayerState:
    """Variables and weights of a layer and its sublayers."""

    name: str
    built: bool
    _trainable: bool
    _own_variables: list[Variable]
    _seed_generators: list[SeedGenerator]
    _layers: list[Layer]

    @property
    def variables(self) -> list[Variable]:
        """All state: weights, seed-generator states, sublayers' state."""
        own = list(self._own_variables)
        own += [g.state for g in self._seed_generators]
        for layer in self._layers:
            own += layer.variables
        return _unique(own)

    def _split_state(self, weights_only, trainable):
        """Own then sublayers' variables with `trainable` status, in
        `variables` order. Asked recursively, so a frozen sublayer's
        variables count as non-trainable in its parents too."""
        if not self._trainable:
            if trainable:
                return []
            return self.weights if weights_only else self.variables
        out = [v for v in self._own_variables if v.trainable == trainable]
        if not weights_only and not trainable:
            out += [g.state for g in self._seed_generators]
        for layer in self._layers:
            out += layer._split_state(weights_only, trainable)
        return _unique(out)

    @property
    def trainable_variables(self) -> list[Variable]:
        return self._split_state(weights_only=False, trainable=True)

    @property
    def non_trainable_variables(self) -> list[Variable]:
        return self._split_state(weights_only=False, trainable=False)

    @property
    def weights(self) -> list[Variable]:
        """Weight variables in Keras's order (no seed or metric state):
        the layer's own (those trainable when created first, in creation
        order, then the others), then each sublayer's."""
        own = list(self._own_variables)
        for layer in self._layers:
            own += layer.weights
        return _unique(own)

    @property
    def trainable_weights(self) -> list[Variable]:
        return self._split_state(weights_only=True, trainable=True)

    @property
    def non_trainable_weights(self) -> list[Variable]:
        return self._split_state(weights_only=True, trainable=False)

    @property
    def layers(self) -> list[Layer]:
        return list(self._layers)

    def get_weights(self) -> list[Any]:
        """The weights' values as NumPy arrays, in `weights` order."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights: Iterable[Any]) -> None:
        """Sets the weights from NumPy arrays in `weights` order.

        Every shape is checked before anything is assigned, so a bad list
        leaves the layer unchanged.
        """
        variables = self.weights
        weights = list(weights)
        if len(weights) != len(variables):
            raise ValueError(
                f"Layer {self.name!r}: set_weights expects {len(variables)} "
                f"arrays, received {len(weights)}. Expected shapes: "
                f"{[v.shape for v in variables]}"
            )
        for variable, value in zip(variables, weights):
            shape = tuple(getattr(value, "shape", ()))
            if shape != variable.shape:
                raise ValueError(
                    f"Layer {self.name!r}: weight {variable.path!r} has shape "
                    f"{variable.shape}, but the value given for it has shape "
                    f"{shape}. No weight was changed."
                )
        for variable, value in zip(variables, weights):
            variable.assign(value)

    def count_params(self) -> int:
        """Number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} is not built yet, so it has no weights "
                "to count. Call it on data, or build it, first."
            )
        return sum(math.prod(v.shape) for v in self.weights)
