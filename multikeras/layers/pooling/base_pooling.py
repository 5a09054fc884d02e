"""`BasePooling`: max or average over sliding windows, 1D to 3D."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import _args
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


class BasePooling(Layer):
    """Pools `pool_size` windows, `strides` apart, with the max or mean.

    Not public: the Max/AveragePooling1D/2D/3D layers fix
    `pool_dimensions` and `pool_mode`.
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None,
        pool_dimensions: int,
        pool_mode: str = "max",
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pool_size = _args.int_tuple(self, "pool_size", pool_size,
                                         pool_dimensions)  # fmt: skip
        self.strides = (
            self.pool_size if strides is None
            else _args.int_tuple(self, "strides", strides, pool_dimensions)
        )  # fmt: skip
        self.pool_mode = pool_mode
        self.padding = _args.padding_arg(self, padding)
        self.data_format = _args.data_format_arg(self, data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def call(self, inputs: Tensor) -> Tensor:
        pool = ops.max_pool if self.pool_mode == "max" else ops.average_pool
        return pool(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        input_shape = tuple(input_shape)
        sizes = [
            _args.window_output_length(size, p, s, self.padding)
            for size, p, s in zip(
                _args.spatial_dims(input_shape, self.data_format),
                self.pool_size, self.strides,
            )
        ]  # fmt: skip
        _args.check_output_fits(self, input_shape, sizes,
                                f"pool window (pool_size={self.pool_size})")
        channels = input_shape[_args.channel_axis(self.data_format)]
        return _args.with_spatial(input_shape, self.data_format, sizes,
                                  channels)  # fmt: skip

    def build(self, input_shape: Shape) -> None:
        self.compute_output_shape(input_shape)  # rejects a too-small input

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }
