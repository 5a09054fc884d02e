"""`Dense`: `activation(inputs @ kernel + bias)`."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras import activations
from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.core import lora
from multikeras.layers.core._objects import get_callable
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
        lora_rank: if set, LoRA is enabled when the layer is built: the
            kernel is frozen and a trainable low-rank update
            `(lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b` is
            added to it (see `enable_lora`).
        lora_alpha: scale of the LoRA update (defaults to `lora_rank`).
        quantization_config: must be None (quantized kernels are not
            provided).

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
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            activity_regularizer=get_callable(
                "regularizers", activity_regularizer
            ),
            **kwargs,
        )
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
        self.kernel_regularizer = get_callable(
            "regularizers", kernel_regularizer
        )
        self.bias_regularizer = get_callable("regularizers", bias_regularizer)
        self.kernel_constraint = get_callable("constraints", kernel_constraint)
        self.bias_constraint = get_callable("constraints", bias_constraint)
        lora.check_lora_args(self.name, lora_rank, lora_alpha)
        lora.check_quantization_config(self.name, quantization_config)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = quantization_config
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
        self._kernel = self.add_weight(
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
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self) -> Tensor:
        """The kernel in use: the stored one, plus the LoRA update."""
        if not self.built:
            raise AttributeError(
                f"Dense layer {self.name!r} has no kernel before it is "
                "built."
            )
        return lora.adapted(self, self._kernel, "lora_kernel")

    def enable_lora(
        self,
        rank: int,
        lora_alpha: float | None = None,
        a_initializer: InitializerLike = "he_uniform",
        b_initializer: InitializerLike = "zeros",
    ) -> None:
        """Freezes the kernel and adds trainable LoRA factors
        `lora_kernel_a` `(input_dim, rank)` and `lora_kernel_b`
        `(rank, units)`."""
        lora.enable_lora(
            self, "_kernel", "lora_kernel", rank, lora_alpha,
            a_initializer, b_initializer,
            constraint=self.kernel_constraint,
            regularizer=self.kernel_regularizer,
        )  # fmt: skip

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
            "quantization_config": None,
            **lora.lora_config(self),
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        for key in ("kernel_initializer", "bias_initializer"):
            if isinstance(config.get(key), dict):
                config[key] = initializers.deserialize(config[key])
        return cls(**config)
