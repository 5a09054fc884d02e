"""`LSTMCell` and `LSTM` (Hochreiter & Schmidhuber, 1997)."""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras import ops
from multikeras.api_export import export
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
    "units", "activation", "recurrent_activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
)  # fmt: skip


def lstm_gates(z, c, activation, recurrent_activation):
    """The LSTM update from the gates' pre-activations `z` (gate order
    i, f, c, o along the last axis) and the previous carry `c`."""
    i, f, g, o = ops.split(z, 4, axis=-1)
    c = recurrent_activation(f) * c + recurrent_activation(i) * activation(g)
    h = recurrent_activation(o) * activation(c)
    return h, c


@export("multikeras.layers.LSTMCell")
class LSTMCell(DropoutRNNCell):
    """One step of an LSTM: the cell that `LSTM` runs over time.

    With the gates' pre-activations `z = x @ kernel + h @ recurrent_kernel
    + bias` split as (i, f, c, o): `c' = σ(f) c + σ(i) act(z_c)`,
    `h' = σ(o) act(c')`, where σ is `recurrent_activation`. Weights, in
    Keras's order and layout: `kernel (input_dim, 4 * units)`,
    `recurrent_kernel (units, 4 * units)`, `bias (4 * units,)`.

    Args:
        units: positive int, the size of the output and of both states.
        activation: defaults to "tanh".
        recurrent_activation: the gates' activation, default "sigmoid".
        use_bias: whether to add a bias (default True).
        kernel_initializer: defaults to "glorot_uniform".
        recurrent_initializer: defaults to "orthogonal".
        bias_initializer: defaults to "zeros".
        unit_forget_bias: initialize the forget gate's bias to ones
            (default True).
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint:
            optional callables on the weights.
        dropout: fraction of the input units dropped in training.
        recurrent_dropout: fraction of the state units dropped.
        seed: int seed of the dropout masks.

    Call arguments:
        inputs: `(batch, input_dim)`; states: `[h, c]`, each
        `(batch, units)`; training: enables dropout. Returns
        `(h, [h, c])`.

    Example:
    >>> cell = LSTMCell(3)
    >>> h0 = np.zeros((2, 3))
    >>> out, [h, c] = cell(np.ones((2, 4)), [h0, h0])
    >>> out.shape, c.shape
    ((2, 3), (2, 3))
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
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
        # Keras's choice among equivalent computations; one here.
        self.implementation = kwargs.pop("implementation", 2)
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
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape: Shape) -> None:
        input_dim = known_input_dim(self, input_shape)
        units = self.units
        self._add_kernels(
            (input_dim, 4 * units), (units, 4 * units), (4 * units,),
            bias_initializer=(
                self._forget_bias_initializer(units)
                if self.unit_forget_bias else None
            ),
        )  # fmt: skip

    def _project(self, x: Tensor) -> Tensor:
        """`x @ kernel + bias`, for one step or all steps at once."""
        z = ops.matmul(x, self.kernel)
        return z if self.bias is None else ops.add(z, self.bias)

    def _recurrent_step(self, z: Tensor, states: Any, training: bool):
        h, c = states[0], states[1]
        h = self._drop_state(h, training)
        z = z + ops.matmul(h, self.recurrent_kernel)
        h, c = lstm_gates(z, c, self.activation, self.recurrent_activation)
        return h, [h, c]

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
            "recurrent_activation": activations.serialize(
                self.recurrent_activation
            ),
            "use_bias": self.use_bias,
            "unit_forget_bias": self.unit_forget_bias,
            **self._weights_config(),
        }


@export("multikeras.layers.LSTM")
@read_through(*_CELL_ARGS)
class LSTM(CellLayer):
    """Long Short-Term Memory layer (Hochreiter, 1997).

    Runs an `LSTMCell` over the time steps: the input projection of all
    steps is one matmul, the recurrence one `ops.scan` (`jax.lax.scan`).
    Weights, in Keras's order and layout (gates i, f, c, o): `kernel
    (input_dim, 4 * units)`, `recurrent_kernel (units, 4 * units)`, `bias
    (4 * units,)`, so weights copied from a Keras LSTM give the same
    outputs.

    Args:
        units: positive int, the output size.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, unit_forget_bias,
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint, dropout,
        recurrent_dropout, seed: as in `LSTMCell`.
        activity_regularizer: optional callable on the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as in `RNN` (all default False). With `return_state` the
            output is `(output, h, c)`.
        use_cudnn: accepted for Keras compatibility ("auto"); the layer
            always runs its scan, which XLA compiles for every device.

    Input shape:
        `(batch, time, features)`, with an optional `(batch, time)` mask.

    Output shape:
        `(batch, units)`, or `(batch, time, units)` with
        `return_sequences`.

    Example:
    >>> output, h, c = LSTM(4, return_state=True)(np.ones((2, 5, 3)))
    >>> output.shape, c.shape
    ((2, 4), (2, 4))
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        use_cudnn: bool | str = "auto",
        **kwargs: Any,
    ) -> None:
        cell = LSTMCell(
            units, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            implementation=kwargs.pop("implementation", 2),
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="lstm_cell",
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = use_cudnn
