"""`Wrapper`: the base of layers that wrap another layer."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Shape

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.layers.Wrapper")
class Wrapper(Layer):
    """Base class of layers that wrap another layer (`TimeDistributed`,
    `Bidirectional`, ...): it holds `layer`, builds it, tracks its
    weights, and serializes it inside its own config.

    Subclasses override `call` to change how the wrapped layer is applied;
    this base applies it unchanged (Keras's base class cannot be called).

    Args:
        layer: the wrapped `Layer`.

    Example:
    >>> wrapper = Wrapper(multikeras.layers.Dense(2))
    >>> wrapper(np.ones((1, 3))).shape
    (1, 2)
    >>> len(wrapper.weights)
    2
    """

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{type(self).__name__}: `layer` must be a multikeras "
                f"Layer. Received: layer={layer!r} (of type "
                f"{type(layer).__name__})."
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = layer.supports_masking

    def build(self, input_shape: Any = None) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True

    def call(self, *args: Any, **kwargs: Any) -> Any:
        return self.layer(*args, **kwargs)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if not self.layer.supports_masking:
            return None
        return self.layer.compute_mask(inputs, previous_mask)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> Config:
        return {**super().get_config(), "layer": serialize_object(self.layer)}

    @classmethod
    def from_config(
        cls, config: Config, custom_objects: dict[str, Any] | None = None
    ) -> Self:
        from multikeras.layers import deserialize

        config = dict(config)
        layer = config.pop("layer")
        if isinstance(layer, dict):
            layer = deserialize(layer, custom_objects=custom_objects)
        return cls(layer, **config)
