"""`Conv1D`, `Conv2D`, `Conv3D`: convolutions over 1, 2 or 3 spatial dims."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.convolutional.base_conv import BaseConv
from multikeras.typing import ActivationLike
from multikeras.typing import InitializerLike
from multikeras.typing import TensorFn


@export("multikeras.layers.Conv1D", "multikeras.layers.Convolution1D")
class Conv1D(BaseConv):
    """1D convolution (e.g. temporal convolution).

    Convolves `filters` kernels over the steps of the input:
    `activation(conv1d(inputs, kernel) + bias)`.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 1 int, the window length.
        strides: int or tuple of 1 int. Defaults to 1. `strides > 1` does
            not combine with `dilation_rate > 1`.
        padding: `"valid"` (no padding), `"same"` (the output has
            `ceil(steps / strides)` steps) or `"causal"` (left padding, so
            output `t` only sees inputs up to `t`); any case.
        data_format: `"channels_last"` (`(batch, steps, channels)`) or
            `"channels_first"` (`(batch, channels, steps)`); None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 1 int, the spacing of kernel taps.
            Defaults to 1.
        groups: positive int dividing both the input channels and
            `filters`; each group of channels is convolved separately.
            Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        kernel_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        kernel_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape
    `(kernel_size, in_channels // groups, filters)`, then `bias` of shape
    `(filters,)`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, new_steps, filters)` (or channels first).

    Example:
    >>> layer = Conv1D(4, 3, padding="causal")
    >>> layer(np.ones((2, 10, 3), "float32")).shape
    (2, 10, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        groups: int = 1,
        activation: ActivationLike = None,
        use_bias: bool = True,
        kernel_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        kernel_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        kernel_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1, filters=filters, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip


@export("multikeras.layers.Conv2D", "multikeras.layers.Convolution2D")
class Conv2D(BaseConv):
    """2D convolution (e.g. spatial convolution over images).

    Convolves `filters` kernels over the rows and columns of the input:
    `activation(conv2d(inputs, kernel) + bias)`.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints, the window's height and width.
        strides: int or tuple of 2 ints. Defaults to `(1, 1)`.
            `strides > 1` does not combine with `dilation_rate > 1`.
        padding: `"valid"` (no padding) or `"same"` (the output has
            `ceil(size / strides)` entries per spatial dim); any case.
        data_format: `"channels_last"` (`(batch, height, width, channels)`)
            or `"channels_first"` (`(batch, channels, height, width)`);
            None means `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 2 ints. Defaults to `(1, 1)`.
        groups: positive int dividing both the input channels and
            `filters`. Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        kernel_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        kernel_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape
    `(*kernel_size, in_channels // groups, filters)`, then `bias` of shape
    `(filters,)`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, new_height, new_width, filters)` (or channels first).

    Example:
    >>> layer = Conv2D(8, 3, strides=2, padding="same")
    >>> layer(np.ones((2, 9, 9, 3), "float32")).shape
    (2, 5, 5, 8)
    >>> layer.kernel.shape
    (3, 3, 3, 8)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
        groups: int = 1,
        activation: ActivationLike = None,
        use_bias: bool = True,
        kernel_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        kernel_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        kernel_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=2, filters=filters, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip


@export("multikeras.layers.Conv3D", "multikeras.layers.Convolution3D")
class Conv3D(BaseConv):
    """3D convolution (e.g. over volumes or video).

    Convolves `filters` kernels over the three spatial dims of the input:
    `activation(conv3d(inputs, kernel) + bias)`.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 3 ints.
        strides: int or tuple of 3 ints. Defaults to `(1, 1, 1)`.
            `strides > 1` does not combine with `dilation_rate > 1`.
        padding: `"valid"` or `"same"` (any case).
        data_format: `"channels_last"`
            (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`
            (`(batch, channels, dim1, dim2, dim3)`); None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 3 ints. Defaults to `(1, 1, 1)`.
        groups: positive int dividing both the input channels and
            `filters`. Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        kernel_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        kernel_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape
    `(*kernel_size, in_channels // groups, filters)`, then `bias` of shape
    `(filters,)`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (or channels first).

    Output shape:
        `(batch, new_dim1, new_dim2, new_dim3, filters)` (or channels
        first).

    Example:
    >>> layer = Conv3D(2, 3)
    >>> layer(np.ones((1, 5, 5, 5, 1), "float32")).shape
    (1, 3, 3, 3, 2)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1, 1),
        groups: int = 1,
        activation: ActivationLike = None,
        use_bias: bool = True,
        kernel_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        kernel_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        kernel_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=3, filters=filters, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip
