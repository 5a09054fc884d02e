"""`Conv1DTranspose`, `Conv2DTranspose`, `Conv3DTranspose`: transposed
convolutions ("deconvolutions") over 1, 2 or 3 spatial dims."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.convolutional.base_conv_transpose import (
    BaseConvTranspose,
)
from multikeras.typing import ActivationLike
from multikeras.typing import InitializerLike
from multikeras.typing import TensorFn


@export(
    "multikeras.layers.Conv1DTranspose",
    "multikeras.layers.Convolution1DTranspose",
)
class Conv1DTranspose(BaseConvTranspose):
    """Transposed 1D convolution.

    Goes the opposite way of a `Conv1D`: each input entry spreads a
    kernel-sized patch over the output, `strides` apart, so the output is
    larger than the input (upsampling with learned weights).

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 1 int.
        strides: int or tuple of 1 int. Defaults to 1.
            `strides > 1` does not combine with `dilation_rate > 1`.
        padding: `"valid"` or `"same"` (any case). Per spatial dim, with
            `span = (kernel - 1) * dilation + 1`, "valid" gives
            `size * stride + max(span - stride, 0)` and "same" gives
            `size * stride`.
        output_padding: None (default), an int or a tuple of 1 int,
            each less than its stride: the output size becomes
            `(size - 1) * stride + span - 2 * pad + output_padding`, where
            `pad` is `span // 2` for "same" and 0 for "valid".
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 1 int. Defaults to 1.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        kernel_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        kernel_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape `(*kernel_size, filters, in_channels)`,
    then `bias` of shape `(filters,)`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, new_steps, filters)` (or channels first).

    Example:
    >>> layer = Conv1DTranspose(4, 3, strides=2, padding="same")
    >>> layer(np.ones((2, 5, 3), "float32")).shape
    (2, 10, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        output_padding: int | tuple[int, ...] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
            strides=strides, padding=padding, output_padding=output_padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip


@export(
    "multikeras.layers.Conv2DTranspose",
    "multikeras.layers.Convolution2DTranspose",
)
class Conv2DTranspose(BaseConvTranspose):
    """Transposed 2D convolution.

    Goes the opposite way of a `Conv2D`: each input entry spreads a
    kernel-sized patch over the output, `strides` apart, so the output is
    larger than the input (upsampling with learned weights).

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints. Defaults to (1, 1).
            `strides > 1` does not combine with `dilation_rate > 1`.
        padding: `"valid"` or `"same"` (any case). Per spatial dim, with
            `span = (kernel - 1) * dilation + 1`, "valid" gives
            `size * stride + max(span - stride, 0)` and "same" gives
            `size * stride`.
        output_padding: None (default), an int or a tuple of 2 ints,
            each less than its stride: the output size becomes
            `(size - 1) * stride + span - 2 * pad + output_padding`, where
            `pad` is `span // 2` for "same" and 0 for "valid".
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 2 ints. Defaults to (1, 1).
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        kernel_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        kernel_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape `(*kernel_size, filters, in_channels)`,
    then `bias` of shape `(filters,)`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, new_height, new_width, filters)` (or channels first).

    Example:
    >>> layer = Conv2DTranspose(4, 3, strides=2)
    >>> layer(np.ones((2, 4, 4, 3), "float32")).shape
    (2, 9, 9, 4)
    >>> layer.kernel.shape
    (3, 3, 4, 3)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        output_padding: int | tuple[int, ...] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
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
            strides=strides, padding=padding, output_padding=output_padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip


@export(
    "multikeras.layers.Conv3DTranspose",
    "multikeras.layers.Convolution3DTranspose",
)
class Conv3DTranspose(BaseConvTranspose):
    """Transposed 3D convolution.

    Goes the opposite way of a `Conv3D`: each input entry spreads a
    kernel-sized patch over the output, `strides` apart, so the output is
    larger than the input (upsampling with learned weights).

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 3 ints.
        strides: int or tuple of 3 ints. Defaults to (1, 1, 1).
            `strides > 1` does not combine with `dilation_rate > 1`.
        padding: `"valid"` or `"same"` (any case). Per spatial dim, with
            `span = (kernel - 1) * dilation + 1`, "valid" gives
            `size * stride + max(span - stride, 0)` and "same" gives
            `size * stride`.
        output_padding: None (default), an int or a tuple of 3 ints,
            each less than its stride: the output size becomes
            `(size - 1) * stride + span - 2 * pad + output_padding`, where
            `pad` is `span // 2` for "same" and 0 for "valid".
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        dilation_rate: int or tuple of 3 ints. Defaults to (1, 1, 1).
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector. Defaults to True.
        kernel_initializer: defaults to `"glorot_uniform"`.
        bias_initializer: defaults to `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers whose values are added to the loss.
        kernel_constraint, bias_constraint: optional constraints applied
            after each optimizer update.

    Weights: `kernel` of shape `(*kernel_size, filters, in_channels)`,
    then `bias` of shape `(filters,)`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (or channels first).

    Output shape:
        `(batch, new_dim1, new_dim2, new_dim3, filters)` (or channels
        first).

    Example:
    >>> layer = Conv3DTranspose(2, 2, strides=2)
    >>> layer(np.ones((1, 2, 2, 2, 3), "float32")).shape
    (1, 4, 4, 4, 2)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        output_padding: int | tuple[int, ...] | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1, 1),
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
            strides=strides, padding=padding, output_padding=output_padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip
