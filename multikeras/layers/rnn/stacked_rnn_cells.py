"""`StackedRNNCells`: several cells run as one, each feeding the next."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.layers.call_conventions import call_signature
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


def _output_size(cell):
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state_size = cell.state_size
    return state_size[0] if isinstance(state_size, (list, tuple)) else (
        state_size
    )  # fmt: skip


@export("multikeras.layers.StackedRNNCells")
class StackedRNNCells(Layer):
    """Wraps a list of RNN cells into one cell: at each time step, the
    output of cell `i` is the input of cell `i + 1`.

    Its states are the list of the cells' states, in order.

    Args:
        cells: a non-empty list of RNN cells.

    Example:
    >>> cells = [multikeras.layers.LSTMCell(4),
    ...          multikeras.layers.GRUCell(3)]
    >>> rnn = multikeras.layers.RNN(StackedRNNCells(cells))
    >>> rnn(np.ones((2, 5, 6))).shape
    (2, 3)
    """

    def __init__(self, cells: list, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(cells, (list, tuple)) or not cells:
            raise ValueError(
                f"StackedRNNCells {self.name!r}: `cells` must be a "
                f"non-empty list of RNN cells. Received: cells={cells!r}"
            )
        for cell in cells:
            if not callable(getattr(cell, "call", None)) or not hasattr(
                cell, "state_size"
            ):
                raise ValueError(
                    f"StackedRNNCells {self.name!r}: every cell needs a "
                    "`call` method and a `state_size` attribute. Received: "
                    f"{cell!r}"
                )
        self.cells = list(cells)

    @property
    def state_size(self) -> list:
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self) -> Any:
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size: int | None = None) -> list:
        """The initial states of every cell, one entry per cell."""
        states = []
        for cell in self.cells:
            make = getattr(cell, "get_initial_state", None)
            if make is not None:
                states.append(make(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(ops.zeros((batch_size, cell.state_size),
                                        self.compute_dtype))  # fmt: skip
            else:
                states.append([
                    ops.zeros((batch_size, s), self.compute_dtype)
                    for s in cell.state_size
                ])  # fmt: skip
        return states

    def compute_output_shape(self, input_shape: Shape, states_shape=None):
        """`(output_shape, states_shapes)`: one state entry per cell."""
        batch = input_shape[0]
        states = []
        for cell in self.cells:
            size = cell.state_size
            states.append((batch, size) if isinstance(size, int) else [
                (batch, s) for s in size
            ])  # fmt: skip
        return (batch, self.output_size), states

    def build(self, input_shape: Shape) -> None:
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
                cell.built = True
            input_shape = (input_shape[0], _output_size(cell))

    def call(
        self, inputs: Tensor, states: list, training: bool = False
    ) -> tuple[Tensor, list]:
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = tree.is_nested(cell_states)
            cell_states = list(cell_states) if was_list else [cell_states]
            kwargs = {}
            if isinstance(cell, Layer):
                if call_signature(cell).accepts_training:
                    kwargs["training"] = training
                inputs, cell_states = cell(inputs, cell_states, **kwargs)
            else:
                inputs, cell_states = cell.call(inputs, cell_states)
            if not tree.is_nested(cell_states):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not was_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        return inputs, new_states

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "cells": [serialize_object(cell) for cell in self.cells],
        }

    @classmethod
    def from_config(cls, config: Config, custom_objects=None) -> Any:
        from multikeras.layers import deserialize

        config = dict(config)
        cells = [
            deserialize(c, custom_objects=custom_objects)
            for c in config.pop("cells")
        ]  # fmt: skip
        return cls(cells, **config)
