"""`Dense`: `activation(inputs @ kernel + bias)`."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras import activations
from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
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
    from typing_extensions import Self

    from multikeras.backend.common.variables import Variable


@export("multikeras.layers.Dense")
class Dense(Layer):
    """A densely connected layer: `activation(dot(inputs, kernel) + bias)`.

    The kernel has shape `(input_dim, units)`; inputs of rank > 2 are
    multiplied along their last axis.

    Args:
        units: positive int, the output dimension.
        activation: activation name or callable (None: linear).
        use_bias: whether to add a bias vector.
        kernel_initializer: defaults to "glorot_uniform".
        bias_initializer: defaults to "zeros".
        kernel_regularizer, bias_regularizer: optional callables on the
            weights whose values are added to the loss.
        kernel_constraint, bias_constraint: optional callables applied to
            the weights after each optimizer update.

    Input shape:
        `(batch_size, ..., input_dim)`.

    Output shape:
        `(batch_size, ..., units)`.

    Example:
    >>> layer = Dense(3)
    >>> layer(np.ones((2, 4))).shape
    (2, 3)
    """

    def __init__(
        self,
        units: int,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units < 1:
            raise ValueError(
                f"Dense layer {self.name!r}: `units` must be a positive int. "
                f"Received: units={units!r}"
            )
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Dense layer {self.name!r} needs a known last input "
                f"dimension to create its kernel. Received input shape "
                f"{tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )
        self.bias: Variable | None = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        outputs = ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (*input_shape[:-1], self.units)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": serialize_object(self.kernel_initializer),
            "bias_initializer": serialize_object(self.bias_initializer),
            "kernel_regularizer": serialize_object(self.kernel_regularizer),
            "bias_regularizer": serialize_object(self.bias_regularizer),
            "kernel_constraint": serialize_object(self.kernel_constraint),
            "bias_constraint": serialize_object(self.bias_constraint),
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        for key in ("kernel_initializer", "bias_initializer"):
            if isinstance(config.get(key), dict):
                config[key] = initializers.deserialize(config[key])
        return cls(**config)
