"""`GRUCell` and `GRU` (Cho et al., 2014), with `reset_after` both ways."""

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
    "units", "activation", "recurrent_activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint",
    "dropout", "recurrent_dropout", "reset_after", "seed",
)  # fmt: skip


@export("multikeras.layers.GRUCell")
class GRUCell(DropoutRNNCell):
    """One step of a GRU: the cell that `GRU` runs over time.

    Gates in Keras's order (z, r, h): `z = σ(x W_z + h U_z)`, `r = σ(x W_r
    + h U_r)`, candidate `hh = act(x W_h + r * (h U_h))` (`reset_after`,
    the default) or `act(x W_h + (r * h) U_h)`, and `h' = z h + (1 - z)
    hh`. Weights: `kernel (input_dim, 3 * units)`, `recurrent_kernel
    (units, 3 * units)`, and `bias` of shape `(2, 3 * units)` (input and
    recurrent biases) with `reset_after`, else `(3 * units,)`.

    Args:
        units: positive int, the size of the output and state.
        activation: defaults to "tanh".
        recurrent_activation: the gates' activation, default "sigmoid".
        use_bias: whether to add biases (default True).
        kernel_initializer: defaults to "glorot_uniform".
        recurrent_initializer: defaults to "orthogonal".
        bias_initializer: defaults to "zeros".
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint:
            optional callables on the weights.
        dropout: fraction of the input units dropped in training.
        recurrent_dropout: fraction of the state units dropped.
        reset_after: apply the reset gate after the recurrent matmul
            (default True, the cuDNN-compatible variant).
        seed: int seed of the dropout masks.

    Example:
    >>> cell = GRUCell(3)
    >>> out, [h] = cell(np.ones((2, 4)), [np.zeros((2, 3))])
    >>> out.shape
    (2, 3)
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
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        reset_after: bool = True,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
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
        self.reset_after = bool(reset_after)
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape: Shape) -> None:
        input_dim = known_input_dim(self, input_shape)
        units = self.units
        bias_shape = (2, 3 * units) if self.reset_after else (3 * units,)
        self._add_kernels((input_dim, 3 * units), (units, 3 * units),
                          bias_shape)  # fmt: skip

    def _input_bias(self):
        if self.bias is None:
            return None
        return self.bias[0] if self.reset_after else self.bias

    def _project(self, x: Tensor) -> Tensor:
        """`x @ kernel + input_bias`, for one step or all steps at once."""
        z = ops.matmul(x, self.kernel)
        bias = self._input_bias()
        return z if bias is None else ops.add(z, bias)

    def _recurrent_step(self, x: Tensor, states: Any, training: bool):
        nested = tree.is_nested(states)
        h_prev = states[0] if nested else states
        h = self._drop_state(h_prev, training)
        units = self.units
        x_z, x_r, x_h = ops.split(x, 3, axis=-1)
        sigma = self.recurrent_activation
        if self.reset_after:
            inner = ops.matmul(h, self.recurrent_kernel)
            if self.bias is not None:
                inner = ops.add(inner, self.bias[1])
            r_z, r_r, r_h = ops.split(inner, 3, axis=-1)
            z, r = sigma(x_z + r_z), sigma(x_r + r_r)
            candidate = self.activation(x_h + r * r_h)
        else:
            inner = ops.matmul(h, self.recurrent_kernel[:, : 2 * units])
            r_z, r_r = ops.split(inner, 2, axis=-1)
            z, r = sigma(x_z + r_z), sigma(x_r + r_r)
            r_h = ops.matmul(r * h, self.recurrent_kernel[:, 2 * units :])
            candidate = self.activation(x_h + r_h)
        h_new = z * h_prev + (1 - z) * candidate
        return h_new, ([h_new] if nested else h_new)

    def call(self, inputs: Tensor, states: Any, training: bool = False):
        x = self._project(self._drop_inputs(inputs, training))
        return self._recurrent_step(x, states, training)

    # The RNN layer projects all inputs at once while `call` is this one.
    _fusable_call = call

    def get_config(self) -> Config:
        config = {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(
                self.recurrent_activation
            ),
            "use_bias": self.use_bias,
            **self._weights_config(),
        }
        config["reset_after"] = self.reset_after
        config["seed"] = config.pop("seed")
        return config


@export("multikeras.layers.GRU")
@read_through(*_CELL_ARGS)
class GRU(CellLayer):
    """Gated Recurrent Unit layer (Cho et al., 2014).

    Runs a `GRUCell` over the time steps: the input projection of all
    steps is one matmul, the recurrence one `ops.scan`. Weights, in Keras's
    order and layout (gates z, r, h): `kernel (input_dim, 3 * units)`,
    `recurrent_kernel (units, 3 * units)`, `bias (2, 3 * units)` (or
    `(3 * units,)` when `reset_after=False`).

    Args:
        units: positive int, the output size.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, kernel_constraint,
        recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
        seed, reset_after: as in `GRUCell`.
        activity_regularizer: optional callable on the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as in `RNN` (all default False).
        use_cudnn: accepted for Keras compatibility ("auto"); the layer
            always runs its scan.

    Input shape:
        `(batch, time, features)`, with an optional `(batch, time)` mask.

    Output shape:
        `(batch, units)`, or `(batch, time, units)` with
        `return_sequences`.

    Example:
    >>> GRU(4, return_sequences=True)(np.ones((2, 5, 3))).shape
    (2, 5, 4)
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
        reset_after: bool = True,
        use_cudnn: bool | str = "auto",
        **kwargs: Any,
    ) -> None:
        cell = GRUCell(
            units, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed, implementation=kwargs.pop("implementation", 2),
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="gru_cell",
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = use_cudnn
