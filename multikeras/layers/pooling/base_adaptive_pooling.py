"""`BaseAdaptivePooling`: pools to a fixed output size, 1D to 3D."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import _args
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


class BaseAdaptivePooling(Layer):
    """Pools each spatial dim into `output_size` bins, whatever its size.

    Not public: the AdaptiveMax/AveragePooling1D/2D/3D layers fix
    `pool_dimensions` and `pool_mode`. Along a dim of size `n`, output
    entry `i` pools inputs `floor(i * n / out)` to
    `ceil((i + 1) * n / out) - 1` (PyTorch's bins).
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        pool_dimensions: int,
        pool_mode: str = "max",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.output_size = _args.int_tuple(self, "output_size", output_size,
                                           pool_dimensions)  # fmt: skip
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.data_format = _args.data_format_arg(self, data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def call(self, inputs: Tensor) -> Tensor:
        pool = (
            ops.adaptive_max_pool if self.pool_mode == "max"
            else ops.adaptive_average_pool
        )  # fmt: skip
        return pool(inputs, output_size=self.output_size,
                    data_format=self.data_format)  # fmt: skip

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        input_shape = tuple(input_shape)
        channels = input_shape[_args.channel_axis(self.data_format)]
        return _args.with_spatial(input_shape, self.data_format,
                                  self.output_size, channels)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "output_size": self.output_size,
            "data_format": self.data_format,
        }
