"""The convolutional LSTM: `ConvLSTMCell` (one step, not public, as in
Keras) and `ConvLSTM`, the base of ConvLSTM1D/2D/3D.

Both the input and the recurrent transformations are convolutions; the
state keeps the spatial shape of the output.
"""

from __future__ import annotations

import math
from typing import Any

from multikeras import activations
from multikeras import backend
from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.rnn.cell_layer import CellLayer
from multikeras.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from multikeras.layers.rnn.dropout_rnn_cell import check_positive_int
from multikeras.layers.rnn.lstm import lstm_gates
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

CELL_ARGS = (
    "filters", "kernel_size", "strides", "padding", "data_format",
    "dilation_rate", "activation", "recurrent_activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
)  # fmt: skip


def _int_tuple(layer, arg, value, rank):
    items = (value,) * rank if isinstance(value, int) else value
    try:
        items = tuple(items)
    except TypeError:
        items = ()
    if len(items) != rank or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 1
        for v in items
    ):
        raise ValueError(
            f"Layer {layer!r}: `{arg}` must be a positive int or a tuple of "
            f"{rank} positive ints. Received: {arg}={value!r}"
        )
    return items


def conv_output_length(size, kernel, stride, padding, dilation):
    if size is None:
        return None
    if padding == "same":
        return math.ceil(size / stride)
    return (size - dilation * (kernel - 1) - 1) // stride + 1


class ConvLSTMCell(DropoutRNNCell):
    """One ConvLSTM step on `(batch, *spatial, channels)` (channels_last)
    or `(batch, channels, *spatial)` inputs; states `[h, c]` of the output
    shape. Weights: `kernel (*kernel_size, channels, 4 * filters)`,
    `recurrent_kernel (*kernel_size, filters, 4 * filters)`, `bias (4 *
    filters,)`, gates in the order i, f, c, o.
    """

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
        self.rank = rank
        self.filters = check_positive_int(self.name, "filters", filters)
        self.kernel_size = _int_tuple(self.name, "kernel_size", kernel_size,
                                      rank)  # fmt: skip
        self.strides = _int_tuple(self.name, "strides", strides, rank)
        self.dilation_rate = _int_tuple(self.name, "dilation_rate",
                                        dilation_rate, rank)  # fmt: skip
        padding_name = padding.lower() if isinstance(padding, str) else None
        if padding_name not in ("valid", "same"):
            raise ValueError(
                f"Layer {self.name!r}: `padding` must be 'valid' or 'same'. "
                f"Received: padding={padding!r}"
            )
        self.padding = padding_name
        data_format = data_format or backend.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                f"Layer {self.name!r}: `data_format` must be "
                "'channels_last' or 'channels_first'. Received: "
                f"data_format={data_format!r}"
            )
        self.data_format = data_format
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.filters, self.filters]
        self.output_size = self.filters
        self._channels_last = data_format == "channels_last"

    # -------------------------------------------------------- shapes
    def output_step_shape(self, input_shape: Shape) -> Shape:
        """The output (and state) shape of one step for an input shape."""
        spatial = input_shape[1:-1] if self._channels_last else (
            input_shape[2:]
        )  # fmt: skip
        out = tuple(
            conv_output_length(n, k, s, self.padding, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides,
                                  self.dilation_rate)
        )  # fmt: skip
        if self._channels_last:
            return (input_shape[0], *out, self.filters)
        return (input_shape[0], self.filters, *out)

    def compute_output_shape(self, input_shape: Shape, states_shape=None):
        step = self.output_step_shape(input_shape)
        return step, [step, step]

    def build(self, input_shape: Shape) -> None:
        channel_axis = -1 if self._channels_last else 1
        spatial = input_shape[1:-1] if self._channels_last else (
            input_shape[2:]
        )  # fmt: skip
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"Layer {self.name!r} expects time steps of rank "
                f"{self.rank + 2} (batch, spatial dims, channels). Received "
                f"step shape {tuple(input_shape)}."
            )
        if None in spatial or input_shape[channel_axis] is None:
            raise ValueError(
                f"Layer {self.name!r} needs known spatial and channel "
                f"dimensions. Received step shape {tuple(input_shape)}."
            )
        channels = input_shape[channel_axis]
        self._input_step_shape = tuple(input_shape[1:])
        filters = self.filters
        self._add_kernels(
            (*self.kernel_size, channels, 4 * filters),
            (*self.kernel_size, filters, 4 * filters), (4 * filters,),
            bias_initializer=(
                self._forget_bias_initializer(filters)
                if self.unit_forget_bias else None
            ),
        )  # fmt: skip

    def get_initial_state(self, batch_size: int | None = None) -> list:
        shape = self.output_step_shape((batch_size, *self._input_step_shape))
        return [
            ops.zeros(shape, self.compute_dtype),
            ops.zeros(shape, self.compute_dtype),
        ]

    # ------------------------------------------------------- compute
    def _input_conv(self, x):
        z = ops.conv(
            x, self.kernel, strides=self.strides, padding=self.padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate,
        )  # fmt: skip
        if self.bias is None:
            return z
        if self._channels_last:
            return ops.add(z, self.bias)
        return ops.add(z, ops.reshape(self.bias, (-1,) + (1,) * self.rank))

    def _project_inputs(self, sequences: Tensor, training: bool) -> Tensor:
        """The input convolution of every step at once: time folded into
        the batch."""
        sequences = self._drop_sequences(sequences, training)
        shape = ops.shape(sequences)
        folded = ops.reshape(sequences, (shape[0] * shape[1], *shape[2:]))
        z = self._input_conv(folded)
        return ops.reshape(z, (shape[0], shape[1], *ops.shape(z)[1:]))

    def _recurrent_step(self, z: Tensor, states: Any, training: bool):
        h, c = states[0], states[1]
        h = self._drop_state(h, training)
        z = z + ops.conv(h, self.recurrent_kernel, strides=1,
                         padding="same", data_format=self.data_format)
        if not self._channels_last:
            z, c = ops.moveaxis(z, 1, -1), ops.moveaxis(c, 1, -1)
        h, c = lstm_gates(z, c, self.activation, self.recurrent_activation)
        if not self._channels_last:
            h, c = ops.moveaxis(h, -1, 1), ops.moveaxis(c, -1, 1)
        return h, [h, c]

    def call(self, inputs: Tensor, states: Any, training: bool = False):
        z = self._input_conv(self._drop_inputs(inputs, training))
        return self._recurrent_step(z, states, training)

    _fusable_call = call

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(
                self.recurrent_activation
            ),
            "use_bias": self.use_bias,
            "unit_forget_bias": self.unit_forget_bias,
            **self._weights_config(),
        }


class ConvLSTM(CellLayer):
    """An RNN over a `ConvLSTMCell`: the base of ConvLSTM1D/2D/3D."""

    def __init__(self, rank: int, filters: int, kernel_size: Any,
                 return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        layer_kwargs = {
            k: kwargs.pop(k)
            for k in ("name", "dtype", "trainable", "activity_regularizer",
                      "unroll", "zero_output_for_mask")
            if k in kwargs
        }  # fmt: skip
        cell = ConvLSTMCell(
            rank, filters, kernel_size, name="conv_lstm_cell",
            dtype=layer_kwargs.get("dtype"),
            trainable=layer_kwargs.get("trainable", True), **kwargs,
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, **layer_kwargs,
        )  # fmt: skip
        self.rank = rank
        self.input_spec = InputSpec(ndim=rank + 3)

    def build(self, sequences_shape: Shape, initial_state_shape=None) -> None:
        super().build(sequences_shape)
        self.input_spec = InputSpec(
            ndim=self.rank + 3, shape=(None, *sequences_shape[1:])
        )

    def compute_output_shape(
        self, sequences_shape: Shape, initial_state_shape=None
    ) -> Any:
        batch, steps = sequences_shape[0], sequences_shape[1]
        step = self.cell.output_step_shape((batch, *sequences_shape[2:]))
        output = (batch, steps, *step[1:]) if self.return_sequences else step
        if self.return_state:
            return (output, step, step)
        return output
