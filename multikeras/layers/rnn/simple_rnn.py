"""`SimpleRNNCell` and `SimpleRNN`: `h_t = activation(x_t W + h_{t-1} U + b)`.
"""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.rnn.cell_layer import CellLayer
from multikeras.layers.rnn.cell_layer import read_through
from multikeras.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from multikeras.layers.rnn.dropout_rnn_cell import check_positive_int
from multikeras.layers.rnn.dropout_rnn_cell import known_input_dim
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

_CELL_ARGS = (
    "units", "activation", "use_bias", "kernel_initializer",
    "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout",
    "recurrent_dropout", "seed",
)  # fmt: skip


@export("multikeras.layers.SimpleRNNCell")
class SimpleRNNCell(DropoutRNNCell):
    """The fully-connected RNN cell: one step of `SimpleRNN`.

    `h = activation(x @ kernel + h_prev @ recurrent_kernel + bias)`.
    Weights: `kernel (input_dim, units)`, `recurrent_kernel (units,
    units)`, `bias (units,)`.

    Args:
        units: positive int, the size of the output and state.
        activation: defaults to "tanh".
        use_bias: whether to add a bias (default True).
        kernel_initializer: defaults to "glorot_uniform".
        recurrent_initializer: defaults to "orthogonal".
        bias_initializer: defaults to "zeros".
        kernel_regularizer, recurrent_regularizer, bias_regularizer:
            optional callables on the weights added to the loss.
        kernel_constraint, recurrent_constraint, bias_constraint:
            optional callables applied to the weights after updates.
        dropout: fraction of the input units dropped in training.
        recurrent_dropout: fraction of the state units dropped.
        seed: int seed of the dropout masks.

    Call arguments:
        inputs: `(batch, input_dim)`; states: `[h]` with `h` of shape
        `(batch, units)`; training: enables dropout.

    Example:
    >>> cell = SimpleRNNCell(3)
    >>> out, [h] = cell(np.ones((2, 4)), [np.zeros((2, 3))])
    >>> out.shape
    (2, 3)
    """

    def __init__(
        self,
        units: int,
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
        super().__init__(
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs,
        )  # fmt: skip
        self.units = check_positive_int(self.name, "units", units)
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape: Shape) -> None:
        input_dim = known_input_dim(self, input_shape)
        self._add_kernels((input_dim, self.units), (self.units, self.units),
                          (self.units,))  # fmt: skip

    def _project(self, x: Tensor) -> Tensor:
        """`x @ kernel + bias`, for one step or all steps at once."""
        z = ops.matmul(x, self.kernel)
        return z if self.bias is None else ops.add(z, self.bias)

    def _recurrent_step(self, z: Tensor, states: Any, training: bool):
        nested = tree.is_nested(states)
        h = states[0] if nested else states
        h = self._drop_state(h, training)
        h = self.activation(z + ops.matmul(h, self.recurrent_kernel))
        return h, ([h] if nested else h)

    def call(self, inputs: Tensor, states: Any, training: bool = False):
        z = self._project(self._drop_inputs(inputs, training))
        return self._recurrent_step(z, states, training)

    # The RNN layer projects all inputs at once while `call` is this one.
    _fusable_call = call

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **self._weights_config(),
        }


@export("multikeras.layers.SimpleRNN")
@read_through(*_CELL_ARGS)
class SimpleRNN(CellLayer):
    """A fully-connected RNN: the output is fed back as the next input.

    Runs a `SimpleRNNCell` over the time steps with `ops.scan`; the input
    projection of all steps is one matmul. Weights, in order: `kernel
    (input_dim, units)`, `recurrent_kernel (units, units)`, `bias
    (units,)`.

    Args:
        units: positive int, the output size.
        activation, use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, kernel_regularizer, recurrent_regularizer,
        bias_regularizer, kernel_constraint, recurrent_constraint,
        bias_constraint, dropout, recurrent_dropout, seed: as in
            `SimpleRNNCell`.
        activity_regularizer: optional callable on the output, added to
            the loss.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as in `RNN` (all default False).

    Input shape:
        `(batch, time, features)`, with an optional `(batch, time)` mask.

    Output shape:
        `(batch, units)`, or `(batch, time, units)` with
        `return_sequences`.

    Example:
    >>> SimpleRNN(4)(np.ones((2, 5, 3))).shape
    (2, 4)
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="simple_rnn_cell",
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip
        self.input_spec = InputSpec(ndim=3)

    def get_config(self) -> Config:
        # Keras's SimpleRNN config has no `seed` (its cell's does).
        config = super().get_config()
        del config["seed"]
        return config
