"""`Activation`: applies an activation function."""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.typing import ActivationLike
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Activation")
class Activation(Layer):
    """Applies `activation` (a name or a callable) to its input.

    Example:
    >>> layer = Activation("relu")
    >>> np.asarray(layer(np.array([-1.0, 2.0])))
    array([0., 2.], dtype=float32)
    """

    def __init__(self, activation: ActivationLike, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs: Tensor) -> Tensor:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "activation": activations.serialize(self.activation),
        }
