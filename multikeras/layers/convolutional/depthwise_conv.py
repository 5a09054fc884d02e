"""`DepthwiseConv1D`, `DepthwiseConv2D`: per-channel convolutions."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.convolutional.base_depthwise_conv import (
    BaseDepthwiseConv,
)
from multikeras.typing import ActivationLike
from multikeras.typing import InitializerLike
from multikeras.typing import TensorFn


@export("multikeras.layers.DepthwiseConv1D")
class DepthwiseConv1D(BaseDepthwiseConv):
    """Depthwise 1D convolution.

    Each input channel is convolved with its own `depth_multiplier`
    filters, without mixing channels; output channel
    `c * depth_multiplier + m` is channel `c`'s `m`-th filter.

    Args:
        kernel_size: int or tuple of 1 int.
        strides: int or tuple of 1 int. Defaults to 1.
        padding: `"valid"` or `"same"` (any case).
        depth_multiplier: positive int, filters per input channel.
            Defaults to 1.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 1 int. Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        depthwise_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        depthwise_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        depthwise_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape
    `(*kernel_size, in_channels, depth_multiplier)`, then `bias` of shape
    `(in_channels * depth_multiplier,)`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, new_steps, channels * depth_multiplier)` (or
        channels first).

    Example:
    >>> layer = DepthwiseConv1D(3, depth_multiplier=2)
    >>> layer(np.ones((2, 8, 4), "float32")).shape
    (2, 6, 8)
    """

    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        activation: ActivationLike = None,
        use_bias: bool = True,
        depthwise_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        depthwise_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        depthwise_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1, depth_multiplier=depth_multiplier,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip


@export("multikeras.layers.DepthwiseConv2D")
class DepthwiseConv2D(BaseDepthwiseConv):
    """Depthwise 2D convolution.

    Each input channel is convolved with its own `depth_multiplier`
    filters, without mixing channels; output channel
    `c * depth_multiplier + m` is channel `c`'s `m`-th filter.

    Args:
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints. Defaults to (1, 1).
        padding: `"valid"` or `"same"` (any case).
        depth_multiplier: positive int, filters per input channel.
            Defaults to 1.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 2 ints. Defaults to (1, 1).
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        depthwise_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        depthwise_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        depthwise_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape
    `(*kernel_size, in_channels, depth_multiplier)`, then `bias` of shape
    `(in_channels * depth_multiplier,)`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, new_height, new_width, channels * depth_multiplier)`
        (or channels first).

    Example:
    >>> layer = DepthwiseConv2D(3)
    >>> layer(np.ones((2, 6, 6, 4), "float32")).shape
    (2, 4, 4, 4)
    >>> layer.kernel.shape
    (3, 3, 4, 1)
    """

    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
        activation: ActivationLike = None,
        use_bias: bool = True,
        depthwise_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        depthwise_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        depthwise_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=2, depth_multiplier=depth_multiplier,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip
