"""`Rescaling`: `inputs * scale + offset`."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.config import image_data_format
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


def _plain(value: Any) -> Any:
    """A float, or a (nested) list for array-valued arguments, so that
    configs stay JSON-friendly and compare equal."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"expected a number or an array of numbers, got "
                        f"{value!r}")  # fmt: skip
    return array.item() if array.ndim == 0 else array.tolist()


@export("multikeras.layers.Rescaling")
class Rescaling(Layer):
    """Rescales inputs: `outputs = inputs * scale + offset`, computed in the
    layer's dtype (integer images become floats).

    Args:
        scale: float, or an array broadcast against the input (e.g. one
            factor per channel). Under a "channels_first"
            `image_data_format`, an array scale of rank < 3 is aligned
            with the channels axis.
        offset: float or array, added after scaling. Defaults to 0.0.

    Example:
    >>> x = np.array([[0, 2, 255]], "uint8")
    >>> np.asarray(Rescaling(0.5, offset=-1.0)(x)).tolist()
    [[-1.0, 0.0, 126.5]]
    """

    def __init__(self, scale: Any, offset: Any = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for arg, value in (("scale", scale), ("offset", offset)):
            try:
                _plain(value)
            except TypeError:
                raise TypeError(
                    f"Rescaling layer {self.name!r}: `{arg}` must be a "
                    f"float or an array of floats. Received: {arg}={value!r}"
                ) from None
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        dtype = self.compute_dtype
        scale = ops.cast(self.scale, dtype)
        offset = ops.cast(self.offset, dtype)
        rank = len(scale.shape)
        if rank > 0 and image_data_format() == "channels_first":
            scale = ops.reshape(scale, (*scale.shape, *(1,) * (3 - rank)))
        return ops.add(ops.multiply(ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "scale": _plain(self.scale),
            "offset": _plain(self.offset),
        }
