"""`BaseSeparableConv`: the N-D depthwise-separable convolution layer."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras import activations
from multikeras import initializers
from multikeras import ops
from multikeras.layers.convolutional import _args
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import ActivationLike
from multikeras.typing import Config
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from multikeras.backend.common.variables import Variable


class BaseSeparableConv(Layer):
    """N-D separable convolution: a depthwise convolution (each channel on
    its own) followed by a pointwise (1x1) convolution that mixes channels.

    Not public: `SeparableConv1D` and `SeparableConv2D` fix `rank`. Weights:
    `depthwise_kernel` `(*kernel_size, in_channels, depth_multiplier)`,
    `pointwise_kernel` `(1, ..., 1, in_channels * depth_multiplier,
    filters)`, then `bias` `(filters,)`.
    """

    def __init__(
        self,
        rank: int,
        depth_multiplier: int,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
            activity_regularizer=_args.get_regularizer(activity_regularizer),
            **kwargs,
        )
        self.rank = rank
        self.depth_multiplier = _args.positive_int(
            self, "depth_multiplier", depth_multiplier
        )
        self.filters = _args.positive_int(self, "filters", filters)
        self.kernel_size = _args.int_tuple(self, "kernel_size", kernel_size,
                                           rank)  # fmt: skip
        self.strides = _args.int_tuple(self, "strides", strides, rank)
        self.dilation_rate = _args.int_tuple(self, "dilation_rate",
                                             dilation_rate, rank)
        self.padding = _args.padding_arg(self, padding)
        self.data_format = _args.data_format_arg(self, data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = _args.get_regularizer(
            depthwise_regularizer
        )
        self.pointwise_regularizer = _args.get_regularizer(
            pointwise_regularizer
        )
        self.bias_regularizer = _args.get_regularizer(bias_regularizer)
        self.depthwise_constraint = _args.get_constraint(depthwise_constraint)
        self.pointwise_constraint = _args.get_constraint(pointwise_constraint)
        self.bias_constraint = _args.get_constraint(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape: Shape) -> None:
        channels = _args.known_channels(self, input_shape, self.data_format)
        self.compute_output_shape(input_shape)  # rejects a too-small input
        self.depthwise_kernel = self.add_weight(
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
            name="depthwise_kernel",
        )
        self.pointwise_kernel = self.add_weight(
            shape=(
                *(1,) * self.rank,
                channels * self.depth_multiplier,
                self.filters,
            ),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
            name="pointwise_kernel",
        )
        self.bias: Variable | None = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )
        self.input_spec = InputSpec(
            ndim=self.rank + 2,
            axes={_args.channel_axis(self.data_format): channels},
        )

    def call(self, inputs: Tensor) -> Tensor:
        outputs = ops.separable_conv(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        outputs = _args.add_bias(outputs, self.bias, self.data_format,
                                 self.rank)  # fmt: skip
        return self.activation(outputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        input_shape = tuple(input_shape)
        sizes = [
            _args.window_output_length(size, k, s, self.padding, d)
            for size, k, s, d in zip(
                _args.spatial_dims(input_shape, self.data_format),
                self.kernel_size, self.strides, self.dilation_rate,
            )
        ]  # fmt: skip
        _args.check_output_fits(self, input_shape, sizes,
                                f"kernel (kernel_size={self.kernel_size}, "
                                f"dilation_rate={self.dilation_rate})")
        return _args.with_spatial(input_shape, self.data_format, sizes,
                                  self.filters)  # fmt: skip

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": serialize_object(
                self.depthwise_initializer
            ),
            "pointwise_initializer": serialize_object(
                self.pointwise_initializer
            ),
            "bias_initializer": serialize_object(self.bias_initializer),
            "depthwise_regularizer": serialize_object(
                self.depthwise_regularizer
            ),
            "pointwise_regularizer": serialize_object(
                self.pointwise_regularizer
            ),
            "bias_regularizer": serialize_object(self.bias_regularizer),
            "activity_regularizer": serialize_object(
                self.activity_regularizer
            ),
            "depthwise_constraint": serialize_object(
                self.depthwise_constraint
            ),
            "pointwise_constraint": serialize_object(
                self.pointwise_constraint
            ),
            "bias_constraint": serialize_object(self.bias_constraint),
        }
