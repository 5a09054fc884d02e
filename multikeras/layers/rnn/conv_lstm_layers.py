"""`ConvLSTM1D`, `ConvLSTM2D`, `ConvLSTM3D`: the convolutional LSTM over
1 to 3 spatial dimensions."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.rnn.cell_layer import read_through
from multikeras.layers.rnn.conv_lstm import CELL_ARGS
from multikeras.layers.rnn.conv_lstm import ConvLSTM


@export("multikeras.layers.ConvLSTM1D")
@read_through(*CELL_ARGS)
class ConvLSTM1D(ConvLSTM):
    """1D convolutional LSTM: an LSTM whose input and recurrent
    transformations are 1D convolutions.

    Weights, in Keras's order and layout (gates i, f, c, o): `kernel
    (*kernel_size, channels, 4 * filters)`, `recurrent_kernel
    (*kernel_size, filters, 4 * filters)`, `bias (4 * filters,)`. The input
    convolution uses `strides`, `padding` and `dilation_rate`; the
    recurrent one stride 1 and "same" padding.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 1 ints.
        strides: int or tuple of 1 ints (default 1).
        padding: "valid" (default) or "same", case-insensitive.
        data_format: "channels_last" (`(batch, time, steps, channels)`)
            or "channels_first" (`(batch, time, channels, steps)`);
            defaults to `image_data_format()`.
        dilation_rate: int or tuple of 1 ints (default 1).
        activation: defaults to "tanh".
        recurrent_activation: defaults to "sigmoid".
        use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, unit_forget_bias, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint, dropout,
        recurrent_dropout, seed: as in `LSTM`.
        return_sequences, return_state, go_backwards, stateful: as in `RNN`.

    Input shape:
        `(batch, time, steps, channels)` (channels_last).

    Output shape:
        `(batch, new_steps, filters)`, or `(batch, time, new_steps,
        filters)` with `return_sequences`.

    Example:
    >>> layer = ConvLSTM1D(2, 3, padding="same")
    >>> layer(np.ones((2, 3, 5, 1))).shape
    (2, 5, 2)
    """

    def __init__(
        self,
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
        **kwargs: Any,
    ) -> None:
        super().__init__(
            1, filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, **kwargs,
        )  # fmt: skip


@export("multikeras.layers.ConvLSTM2D")
@read_through(*CELL_ARGS)
class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM: an LSTM whose input and recurrent
    transformations are 2D convolutions.

    Weights, in Keras's order and layout (gates i, f, c, o): `kernel
    (*kernel_size, channels, 4 * filters)`, `recurrent_kernel
    (*kernel_size, filters, 4 * filters)`, `bias (4 * filters,)`. The input
    convolution uses `strides`, `padding` and `dilation_rate`; the
    recurrent one stride 1 and "same" padding.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints (default 1).
        padding: "valid" (default) or "same", case-insensitive.
        data_format: "channels_last" (`(batch, time, rows, cols, channels)`)
            or "channels_first" (`(batch, time, channels, rows, cols)`);
            defaults to `image_data_format()`.
        dilation_rate: int or tuple of 2 ints (default 1).
        activation: defaults to "tanh".
        recurrent_activation: defaults to "sigmoid".
        use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, unit_forget_bias, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint, dropout,
        recurrent_dropout, seed: as in `LSTM`.
        return_sequences, return_state, go_backwards, stateful: as in `RNN`.

    Input shape:
        `(batch, time, rows, cols, channels)` (channels_last).

    Output shape:
        `(batch, new_rows, new_cols, filters)`, or with
        `return_sequences` `(batch, time, new_rows, new_cols, filters)`.

    Example:
    >>> layer = ConvLSTM2D(2, 3, padding="same")
    >>> layer(np.ones((2, 3, 4, 4, 1))).shape
    (2, 4, 4, 2)
    """

    def __init__(
        self,
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
        **kwargs: Any,
    ) -> None:
        super().__init__(
            2, filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, **kwargs,
        )  # fmt: skip


@export("multikeras.layers.ConvLSTM3D")
@read_through(*CELL_ARGS)
class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM: an LSTM whose input and recurrent
    transformations are 3D convolutions.

    Weights, in Keras's order and layout (gates i, f, c, o): `kernel
    (*kernel_size, channels, 4 * filters)`, `recurrent_kernel
    (*kernel_size, filters, 4 * filters)`, `bias (4 * filters,)`. The input
    convolution uses `strides`, `padding` and `dilation_rate`; the
    recurrent one stride 1 and "same" padding.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 3 ints.
        strides: int or tuple of 3 ints (default 1).
        padding: "valid" (default) or "same", case-insensitive.
        data_format: "channels_last" (`(batch, time, d1, d2, d3, channels)`)
            or "channels_first" (`(batch, time, channels, d1, d2, d3)`);
            defaults to `image_data_format()`.
        dilation_rate: int or tuple of 3 ints (default 1).
        activation: defaults to "tanh".
        recurrent_activation: defaults to "sigmoid".
        use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, unit_forget_bias, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint, dropout,
        recurrent_dropout, seed: as in `LSTM`.
        return_sequences, return_state, go_backwards, stateful: as in `RNN`.

    Input shape:
        `(batch, time, d1, d2, d3, channels)` (channels_last).

    Output shape:
        `(batch, new_d1, new_d2, new_d3, filters)`, or with
        `return_sequences` `(batch, time, new_d1, new_d2, new_d3,
        filters)`.

    Example:
    >>> layer = ConvLSTM3D(2, 3, padding="same")
    >>> layer(np.ones((1, 2, 3, 3, 3, 1))).shape
    (1, 3, 3, 3, 2)
    """

    def __init__(
        self,
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
        **kwargs: Any,
    ) -> None:
        super().__init__(
            3, filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, **kwargs,
        )  # fmt: skip
