"""`BaseGlobalPooling`: reduces all spatial dims with a max or a mean."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import _args
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


class BaseGlobalPooling(Layer):
    """Pools over every spatial dim at once.

    Not public: the GlobalMax/AveragePooling1D/2D/3D layers fix
    `pool_dimensions` and `pool_mode`.
    """

    def __init__(
        self,
        pool_dimensions: int,
        pool_mode: str = "max",
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.data_format = _args.data_format_arg(self, data_format)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def _spatial_axes(self) -> tuple[int, ...]:
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.pool_dimensions))

    def call(self, inputs: Tensor) -> Tensor:
        reduce = ops.max if self.pool_mode == "max" else ops.mean
        return reduce(inputs, axis=self._spatial_axes(),
                      keepdims=self.keepdims)  # fmt: skip

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        input_shape = tuple(input_shape)
        channels = input_shape[_args.channel_axis(self.data_format)]
        if not self.keepdims:
            return (input_shape[0], channels)
        return _args.with_spatial(input_shape, self.data_format,
                                  (1,) * self.pool_dimensions, channels)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "data_format": self.data_format,
            "keepdims": self.keepdims,
        }
