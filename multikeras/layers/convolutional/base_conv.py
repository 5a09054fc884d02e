"""`BaseConv`: the N-D convolution layer that Conv1D/2D/3D specialize."""

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


class BaseConv(Layer):
    """N-D convolution: `activation(conv(inputs, kernel) + bias)`.

    Not public: `Conv1D`, `Conv2D` and `Conv3D` fix `rank`. The kernel has
    shape `(*kernel_size, in_channels // groups, filters)`; with
    `groups > 1` the input channels are split into `groups` blocks, each
    convolved with its own `filters // groups` filters.
    """

    def __init__(
        self,
        rank: int,
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
            activity_regularizer=_args.get_regularizer(activity_regularizer),
            **kwargs,
        )
        self.rank = rank
        self.filters = _args.positive_int(self, "filters", filters)
        self.groups = _args.positive_int(self, "groups", groups)
        if self.filters % self.groups:
            raise ValueError(
                f"{_args.describe(self)}: the number of filters must be "
                f"divisible by the number of groups. Received: "
                f"filters={filters}, groups={groups}"
            )
        self.kernel_size = _args.int_tuple(self, "kernel_size", kernel_size,
                                           rank)  # fmt: skip
        self.strides = _args.int_tuple(self, "strides", strides, rank)
        self.dilation_rate = _args.int_tuple(self, "dilation_rate",
                                             dilation_rate, rank)
        allowed = ("valid", "same", "causal") if rank == 1 else (
            "valid", "same")  # fmt: skip
        self.padding = _args.padding_arg(self, padding, allowed)
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
        if channels % self.groups:
            raise ValueError(
                f"{_args.describe(self)}: the number of input channels must "
                f"be divisible by the number of groups. Received: "
                f"groups={self.groups}, input channels={channels} (input "
                f"shape {tuple(input_shape)})"
            )
        self.compute_output_shape(input_shape)  # rejects a too-small input
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels // self.groups, self.filters),
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

    def _causal_pad(self, inputs: Tensor) -> Tensor:
        """Left-pads the time axis so output `t` sees inputs `<= t` only."""
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        time_axis = 1 if self.data_format == "channels_last" else 2
        pads = [[0, 0], [0, 0], [0, 0]]
        pads[time_axis] = [left, 0]
        return ops.pad(inputs, pads)

    def call(self, inputs: Tensor) -> Tensor:
        padding = self.padding
        if padding == "causal":
            inputs = self._causal_pad(inputs)
            padding = "valid"
        outputs = ops.conv(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=padding,
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
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
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
