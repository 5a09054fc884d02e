"""Shared parts of the built-in recurrent cells: argument checks, config
helpers and the per-sequence dropout masks.

A cell drops the same input units (and the same recurrent units) at every
time step of a sequence: the masks are drawn once per sequence. The RNN
layer draws them before its loop starts (a random draw inside the compiled
loop would advance the seed state inside the trace) and clears them after.
"""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras import initializers
from multikeras import ops
from multikeras import random
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Tensor

INITIALIZER_KEYS = (
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
)  # fmt: skip


def check_positive_int(layer_name: str, arg: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"Layer {layer_name!r}: `{arg}` must be a positive int. "
            f"Received: {arg}={value!r}"
        )
    return value


def check_rate(layer_name: str, arg: str, value: Any) -> float:
    if (
        not isinstance(value, (int, float))
        or isinstance(value, bool)
        or not 0 <= value <= 1
    ):
        raise ValueError(
            f"Layer {layer_name!r}: `{arg}` must be a float in [0, 1]. "
            f"Received: {arg}={value!r}"
        )
    return float(value)


def deserialize_initializers(config: Config) -> Config:
    """A copy of a layer config with its initializer dicts rebuilt."""
    config = dict(config)
    for key in INITIALIZER_KEYS:
        if isinstance(config.get(key), dict):
            config[key] = initializers.deserialize(config[key])
    return config


def known_input_dim(layer: Layer, input_shape: Any, axis: int = -1) -> int:
    dim = input_shape[axis]
    if dim is None:
        raise ValueError(
            f"Layer {layer.name!r} ({type(layer).__name__}) needs a known "
            f"input feature dimension (axis {axis}) to create its kernel. "
            f"Received input shape {tuple(input_shape)}."
        )
    return dim


class DropoutRNNCell(Layer):
    """Base of the built-in cells: weights' arguments and dropout masks.

    Subclasses set `units`-like attributes and implement `build`/`call`;
    this class holds the arguments every built-in cell shares (activation,
    initializers, regularizers, constraints, dropout, seed).
    """

    # Set by each cell: an int or a list of ints, and an int.
    state_size: Any
    output_size: Any

    def __init__(
        self,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = kernel_regularizer
        self.recurrent_regularizer = recurrent_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.recurrent_constraint = recurrent_constraint
        self.bias_constraint = bias_constraint
        self.dropout = check_rate(self.name, "dropout", dropout)
        self.recurrent_dropout = check_rate(
            self.name, "recurrent_dropout", recurrent_dropout
        )
        self.seed = seed
        # Only a cell that drops units draws random numbers.
        self.seed_generator = (
            SeedGenerator(seed) if self.dropout or self.recurrent_dropout
            else None
        )  # fmt: skip
        self._dropout_mask: Tensor | None = None
        self._recurrent_dropout_mask: Tensor | None = None

    # -------------------------------------------------------- weights
    def _add_kernels(self, kernel_shape, recurrent_shape, bias_shape,
                     bias_initializer=None):  # fmt: skip
        """Creates `kernel`, `recurrent_kernel` and (if used) `bias`, in
        Keras's order."""
        self.kernel = self.add_weight(
            shape=kernel_shape, initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )  # fmt: skip
        self.recurrent_kernel = self.add_weight(
            shape=recurrent_shape, initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint, name="recurrent_kernel",
        )  # fmt: skip
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape,
                initializer=bias_initializer or self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint, name="bias",
            )  # fmt: skip

    def _forget_bias_initializer(self, units):
        """Keras's `unit_forget_bias`: the bias initializer, with ones for
        the forget gate (the second of four gates)."""

        def init(shape, dtype=None):
            return ops.concatenate([
                self.bias_initializer((units,), dtype),
                ops.ones((units,), dtype),
                self.bias_initializer((2 * units,), dtype),
            ])  # fmt: skip

        return init

    # ---------------------------------------------------- dropout masks
    def _draw_mask(self, like: Tensor, rate: float) -> Tensor:
        return random.dropout(
            ops.ones_like(like), rate, seed=self.seed_generator
        )

    def get_dropout_mask(self, step_input: Tensor) -> Tensor | None:
        """The input dropout mask of the current sequence (drawn once)."""
        if self._dropout_mask is None and 0 < self.dropout < 1:
            self._dropout_mask = self._draw_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, state: Tensor) -> Tensor | None:
        """The recurrent dropout mask of the current sequence."""
        if self._recurrent_dropout_mask is None and (
            0 < self.recurrent_dropout < 1
        ):
            self._recurrent_dropout_mask = self._draw_mask(
                state, self.recurrent_dropout
            )
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None

    def _drop_sequences(self, sequences, training):
        """`sequences` (batch, time, ...) with one input-dropout mask for
        every step, as Keras draws it."""
        if training and 0 < self.dropout < 1:
            mask = self.get_dropout_mask(sequences[:, 0])
            return sequences * ops.expand_dims(mask, 1)
        return sequences

    def _drop_inputs(self, inputs, training):
        if training and 0 < self.dropout < 1:
            return inputs * self.get_dropout_mask(inputs)
        return inputs

    def _drop_state(self, state, training):
        if training and 0 < self.recurrent_dropout < 1:
            return state * self.get_recurrent_dropout_mask(state)
        return state

    # ----------------------------------------------------------- config
    def _weights_config(self) -> Config:
        return {
            "kernel_initializer": serialize_object(self.kernel_initializer),
            "recurrent_initializer": serialize_object(
                self.recurrent_initializer
            ),
            "bias_initializer": serialize_object(self.bias_initializer),
            "kernel_regularizer": serialize_object(self.kernel_regularizer),
            "recurrent_regularizer": serialize_object(
                self.recurrent_regularizer
            ),
            "bias_regularizer": serialize_object(self.bias_regularizer),
            "kernel_constraint": serialize_object(self.kernel_constraint),
            "recurrent_constraint": serialize_object(
                self.recurrent_constraint
            ),
            "bias_constraint": serialize_object(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }

    def get_initial_state(self, batch_size: int | None = None) -> list:
        """Zero states, one `(batch_size, size)` tensor per state."""
        sizes = self.state_size
        sizes = sizes if isinstance(sizes, (list, tuple)) else [sizes]
        return [ops.zeros((batch_size, s), self.compute_dtype) for s in sizes]

    def compute_output_shape(self, input_shape: Any, states_shape=None):
        """`(output_shape, [state_shapes])` of one step."""
        batch = input_shape[0]
        sizes = self.state_size
        sizes = sizes if isinstance(sizes, (list, tuple)) else [sizes]
        return (batch, self.output_size), [(batch, s) for s in sizes]

    @classmethod
    def from_config(cls, config: Config) -> Any:
        return cls(**deserialize_initializers(config))
