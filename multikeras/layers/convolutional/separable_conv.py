"""`SeparableConv1D`, `SeparableConv2D`: depthwise then pointwise
convolutions."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.convolutional.base_separable_conv import (
    BaseSeparableConv,
)
from multikeras.typing import ActivationLike
from multikeras.typing import InitializerLike
from multikeras.typing import TensorFn


@export(
    "multikeras.layers.SeparableConv1D",
    "multikeras.layers.SeparableConvolution1D",
)
class SeparableConv1D(BaseSeparableConv):
    """Depthwise-separable 1D convolution.

    A depthwise convolution (each input channel with its own
    `depth_multiplier` filters) followed by a pointwise (kernel size 1)
    convolution mixing the channels into `filters` outputs: fewer weights
    than a full convolution of the same kernel size.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 1 int, the depthwise window.
        strides: int or tuple of 1 int. Defaults to 1.
        padding: `"valid"` or `"same"` (any case).
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 1 int. Defaults to 1.
        depth_multiplier: positive int, depthwise filters per input
            channel. Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        depthwise_initializer, pointwise_initializer: default to
            `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer: optional regularizers whose values are
            added to the loss.
        depthwise_constraint, pointwise_constraint, bias_constraint:
            optional constraints applied after each optimizer update.

    Weights: `depthwise_kernel` of shape
    `(*kernel_size, in_channels, depth_multiplier)`, `pointwise_kernel` of
    shape `(1, in_channels * depth_multiplier, filters)`, then `bias` of
    shape `(filters,)`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, new_steps, filters)` (or channels first).

    Example:
    >>> layer = SeparableConv1D(5, 3, padding="same")
    >>> layer(np.ones((2, 8, 4), "float32")).shape
    (2, 8, 5)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        depth_multiplier: int = 1,
        activation: ActivationLike = None,
        use_bias: bool = True,
        depthwise_initializer: InitializerLike = "glorot_uniform",
        pointwise_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        depthwise_regularizer: TensorFn | None = None,
        pointwise_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        depthwise_constraint: TensorFn | None = None,
        pointwise_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1, depth_multiplier=depth_multiplier, filters=filters,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip


@export(
    "multikeras.layers.SeparableConv2D",
    "multikeras.layers.SeparableConvolution2D",
)
class SeparableConv2D(BaseSeparableConv):
    """Depthwise-separable 2D convolution.

    A depthwise convolution (each input channel with its own
    `depth_multiplier` filters) followed by a pointwise (kernel size 1)
    convolution mixing the channels into `filters` outputs: fewer weights
    than a full convolution of the same kernel size.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints, the depthwise window.
        strides: int or tuple of 2 ints. Defaults to (1, 1).
        padding: `"valid"` or `"same"` (any case).
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 2 ints. Defaults to (1, 1).
        depth_multiplier: positive int, depthwise filters per input
            channel. Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        depthwise_initializer, pointwise_initializer: default to
            `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer: optional regularizers whose values are
            added to the loss.
        depthwise_constraint, pointwise_constraint, bias_constraint:
            optional constraints applied after each optimizer update.

    Weights: `depthwise_kernel` of shape
    `(*kernel_size, in_channels, depth_multiplier)`, `pointwise_kernel` of
    shape `(1, 1, in_channels * depth_multiplier, filters)`, then `bias` of
    shape `(filters,)`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, new_height, new_width, filters)` (or channels first).

    Example:
    >>> layer = SeparableConv2D(8, 3, depth_multiplier=2)
    >>> layer(np.ones((2, 6, 6, 4), "float32")).shape
    (2, 4, 4, 8)
    >>> layer.pointwise_kernel.shape
    (1, 1, 8, 8)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
        depth_multiplier: int = 1,
        activation: ActivationLike = None,
        use_bias: bool = True,
        depthwise_initializer: InitializerLike = "glorot_uniform",
        pointwise_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        depthwise_regularizer: TensorFn | None = None,
        pointwise_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        depthwise_constraint: TensorFn | None = None,
        pointwise_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=2, depth_multiplier=depth_multiplier, filters=filters,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip
