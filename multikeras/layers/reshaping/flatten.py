"""`Flatten`: collapses all but the batch dimension."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.config import standardize_data_format
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Flatten")
class Flatten(Layer):
    """Flattens each sample to one dimension: `(batch, d1, d2, ...)` ->
    `(batch, d1 * d2 * ...)`. A rank-1 input becomes `(batch, 1)`.

    Args:
        data_format: "channels_last" or "channels_first". With
            channels_first inputs the channels axis is moved last before
            flattening, so weights keep their order across data formats.
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        rank = len(inputs.shape)
        if self.data_format == "channels_first" and rank > 2:
            inputs = ops.transpose(inputs, (0, *range(2, rank), 1))
        return ops.reshape(inputs, (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        rest = input_shape[1:]
        known = [d for d in rest if d is not None]
        size = math.prod(known) if len(known) == len(rest) else None
        return (input_shape[0], size if rest else 1)

    def get_config(self) -> Config:
        return {**super().get_config(), "data_format": self.data_format}
