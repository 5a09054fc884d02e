"""`ZeroPadding1D/2D/3D`: add zeros at the borders of the spatial axes."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.backend.config import standardize_data_format
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.reshaping._args import pair
from multikeras.layers.reshaping._args import pairs
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


class _ZeroPadding(Layer):
    """Shared code of the padding layers: `self._pairs` holds one
    `(before, after)` pair per spatial axis."""

    _rank = 0

    def __init__(self, padding: Any, data_format: str | None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        cls = type(self).__name__
        self._pairs: tuple[tuple[int, int], ...]
        if self._rank == 1:
            self._pairs = (pair(cls, "padding", padding),)
            self.padding: Any = self._pairs[0]
        else:
            self._pairs = pairs(cls, "padding", padding, self._rank)
            self.padding = self._pairs
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank + 2)
        self.built = True

    def _spatial_axes(self) -> range:
        if self.data_format == "channels_first":
            return range(2, self._rank + 2)
        return range(1, self._rank + 1)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        out = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs):
            size = out[axis]
            if size is not None:
                out[axis] = size + before + after
        return tuple(out)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), inputs.dtype
        )

    def call(self, inputs: Tensor) -> Tensor:
        widths = [(0, 0)] * len(inputs.shape)
        for axis, widths_of_axis in zip(self._spatial_axes(), self._pairs):
            widths[axis] = widths_of_axis
        return ops.pad(inputs, widths)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "padding": self.padding,
            "data_format": self.data_format,
        }


@export("multikeras.layers.ZeroPadding1D")
class ZeroPadding1D(_ZeroPadding):
    """Pads a sequence with zeros along its time axis.

    Args:
        padding: int, or tuple of 2 ints `(before, after)`: how many zero
            steps to add at the start and at the end. Defaults to 1.
        data_format: "channels_last" (`(batch, steps, features)`, the
            default) or "channels_first" (`(batch, features, steps)`).

    Example:
    >>> ZeroPadding1D(padding=(1, 2))(np.ones((2, 3, 4))).shape
    (2, 6, 4)
    """

    _rank = 1

    def __init__(self, padding: Any = 1, data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(padding, data_format, **kwargs)


@export("multikeras.layers.ZeroPadding2D")
class ZeroPadding2D(_ZeroPadding):
    """Pads images with zeros along height and width.

    Args:
        padding: int (the same on every side), tuple of 2 ints (symmetric
            `(height, width)` padding), or tuple of 2 tuples of 2 ints
            `((top, bottom), (left, right))`. Defaults to `(1, 1)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `image_data_format()`.

    Example:
    >>> ZeroPadding2D(((1, 0), (2, 3)))(np.ones((2, 4, 4, 1))).shape
    (2, 5, 9, 1)
    """

    _rank = 2

    def __init__(self, padding: Any = (1, 1), data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(padding, data_format, **kwargs)


@export("multikeras.layers.ZeroPadding3D")
class ZeroPadding3D(_ZeroPadding):
    """Pads volumes with zeros along their three spatial axes.

    Args:
        padding: int, tuple of 3 ints (symmetric padding per axis), or
            tuple of 3 tuples of 2 ints. Defaults to
            `((1, 1), (1, 1), (1, 1))`.
        data_format: "channels_last" or "channels_first"; defaults to
            `image_data_format()`.

    Example:
    >>> ZeroPadding3D(1)(np.ones((1, 2, 2, 2, 3))).shape
    (1, 4, 4, 4, 3)
    """

    _rank = 3

    def __init__(self, padding: Any = ((1, 1), (1, 1), (1, 1)),
                 data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(padding, data_format, **kwargs)
