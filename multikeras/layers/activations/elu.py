"""`ELU` and `LeakyReLU`: fixed-parameter activation layers."""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


def check_number(layer: Layer, arg: str, value: Any, minimum=None) -> None:
    """A ValueError naming the layer and argument unless `value` is a real
    number (>= `minimum` when given)."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok and minimum is not None:
        ok = value >= minimum
    if not ok:
        bound = "" if minimum is None else f" >= {minimum}"
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r}: `{arg}` must be "
            f"a number{bound}. Received: {arg}={value!r}"
        )


@export("multikeras.layers.ELU")
class ELU(Layer):
    """Exponential linear unit: `x` for `x > 0`, else
    `alpha * (exp(x) - 1)`.

    Args:
        alpha: slope scale of the negative part. Defaults to 1.0.

    Example:
    >>> np.asarray(ELU()(np.array([-1.0, 2.0]))).round(4)
    array([-0.6321,  2.    ], dtype=float32)
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        check_number(self, "alpha", alpha)
        self.alpha = alpha
        self.supports_masking = True

    def call(self, inputs: Tensor) -> Tensor:
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "alpha": self.alpha}


@export("multikeras.layers.LeakyReLU")
class LeakyReLU(Layer):
    """Leaky rectifier: `x` for `x >= 0`, else `negative_slope * x`.

    Args:
        negative_slope: float >= 0. Defaults to 0.3 (Keras's layer
            default; the `leaky_relu` activation's is 0.2).

    Example:
    >>> np.asarray(LeakyReLU(negative_slope=0.5)(np.array([-10.0, 5.0])))
    array([-5.,  5.], dtype=float32)
    """

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any) -> None:
        if "alpha" in kwargs:
            # Keras 2's name for the slope, still accepted by Keras 3.
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        check_number(self, "negative_slope", negative_slope, minimum=0)
        self.negative_slope = negative_slope
        self.supports_masking = True

    def call(self, inputs: Tensor) -> Tensor:
        return activations.leaky_relu(
            inputs, negative_slope=self.negative_slope
        )

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "negative_slope": self.negative_slope}
