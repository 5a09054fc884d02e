"""`Masking`: marks time steps equal to a padding value as masked."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Masking")
class Masking(Layer):
    """Masks the time steps whose features all equal `mask_value`.

    For inputs `(batch, steps, features)` the output mask is
    `any(inputs != mask_value, axis=-1)`, shape `(batch, steps)`; masked
    steps are zeroed in the output. Layers that take a mask (RNNs,
    attention, pooling, merging) then skip them.

    Args:
        mask_value: the padding value. Defaults to 0.0.

    Example:
    >>> x = np.array([[[1.0, 2.0], [0.0, 0.0]]])
    >>> layer = Masking()
    >>> np.asarray(layer.compute_mask(x))
    array([[ True, False]])
    """

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(mask_value, bool) or not isinstance(
            mask_value, (int, float)
        ):
            raise ValueError(
                f"Masking layer {self.name!r}: `mask_value` must be a "
                f"number. Received: mask_value={mask_value!r}"
            )
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs: Tensor, previous_mask: Any = None) -> Any:
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs: Tensor) -> Tensor:
        keep = ops.any(
            ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True
        )
        return ops.where(keep, inputs, ops.zeros_like(inputs))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "mask_value": self.mask_value}
