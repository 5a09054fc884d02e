"""`BaseConvTranspose`: the N-D transposed convolution layer."""

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


class BaseConvTranspose(Layer):
    """N-D transposed convolution: the gradient of a convolution with
    respect to its input, `activation(conv_transpose(x, kernel) + bias)`.

    Not public: `Conv1DTranspose`, `Conv2DTranspose` and `Conv3DTranspose`
    fix `rank`. The kernel has shape `(*kernel_size, filters, in_channels)`.
    """

    def __init__(
        self,
        rank: int,
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
            activity_regularizer=_args.get_regularizer(activity_regularizer),
            **kwargs,
        )
        self.rank = rank
        self.filters = _args.positive_int(self, "filters", filters)
        self.kernel_size = _args.int_tuple(self, "kernel_size", kernel_size,
                                           rank)  # fmt: skip
        self.strides = _args.int_tuple(self, "strides", strides, rank)
        self.dilation_rate = _args.int_tuple(self, "dilation_rate",
                                             dilation_rate, rank)
        self.padding = _args.padding_arg(self, padding)
        self.output_padding: tuple[int, ...] | None = None
        if output_padding is not None:
            self.output_padding = _args.int_tuple(
                self, "output_padding", output_padding, rank, minimum=0
            )
            for extra, stride in zip(self.output_padding, self.strides):
                if extra >= stride:
                    raise ValueError(
                        f"{_args.describe(self)}: each entry of "
                        f"`output_padding` must be less than the matching "
                        f"entry of `strides`. Received: output_padding="
                        f"{self.output_padding}, strides={self.strides}"
                    )
        self.data_format = _args.data_format_arg(self, data_format)
        _args.check_strides_and_dilation(self, self.strides,
                                         self.dilation_rate)  # fmt: skip
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = _args.get_regularizer(kernel_regularizer)
        self.bias_regularizer = _args.get_regularizer(bias_regularizer)
        self.kernel_constraint = _args.get_constraint(kernel_constraint)
        self.bias_constraint = _args.get_constraint(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape: Shape) -> None:
        channels = _args.known_channels(self, input_shape, self.data_format)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
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
        outputs = ops.conv_transpose(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        outputs = _args.add_bias(outputs, self.bias, self.data_format,
                                 self.rank)  # fmt: skip
        return self.activation(outputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        input_shape = tuple(input_shape)
        extras = self.output_padding or (None,) * self.rank
        sizes = [
            _args.transpose_output_length(size, k, s, self.padding, e, d)
            for size, k, s, e, d in zip(
                _args.spatial_dims(input_shape, self.data_format),
                self.kernel_size, self.strides, extras, self.dilation_rate,
            )
        ]  # fmt: skip
        return _args.with_spatial(input_shape, self.data_format, sizes,
                                  self.filters)  # fmt: skip

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": serialize_object(self.kernel_initializer),
            "bias_initializer": serialize_object(self.bias_initializer),
            "kernel_regularizer": serialize_object(self.kernel_regularizer),
            "bias_regularizer": serialize_object(self.bias_regularizer),
            "activity_regularizer": serialize_object(
                self.activity_regularizer
            ),
            "kernel_constraint": serialize_object(self.kernel_constraint),
            "bias_constraint": serialize_object(self.bias_constraint),
        }
