"""`Cropping1D/2D/3D`: remove rows/columns/planes at the borders of the
spatial axes."""

from __future__ import annotations

from typing import Any

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


class _Cropping(Layer):
    """Shared code of the cropping layers: `self.cropping` holds one
    `(start, end)` pair per spatial axis."""

    _rank = 0

    def __init__(self, cropping: Any, data_format: str | None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        cls = type(self).__name__
        self._pairs: tuple[tuple[int, int], ...]
        if self._rank == 1:
            # 1D: an int crops both ends, two ints are (start, end).
            self._pairs = (pair(cls, "cropping", cropping),)
            self.cropping: Any = self._pairs[0]
        else:
            self._pairs = pairs(cls, "cropping", cropping, self._rank)
            self.cropping = self._pairs
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank + 2)
        self.built = True

    def _spatial_axes(self) -> range:
        if self.data_format == "channels_first" and self._rank > 1:
            return range(2, self._rank + 2)
        return range(1, self._rank + 1)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        out = list(input_shape)
        for axis, (start, end) in zip(self._spatial_axes(), self._pairs):
            size = input_shape[axis]
            if size is None:
                continue
            if start + end >= size:
                raise ValueError(
                    f"{type(self).__name__} layer {self.name!r}: "
                    f"cropping={self.cropping} removes all of axis {axis} "
                    f"of an input of shape {tuple(input_shape)}. The "
                    "cropping of each axis must be less than its size."
                )
            out[axis] = size - start - end
        return tuple(out)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), inputs.dtype
        )

    def call(self, inputs: Tensor) -> Tensor:
        self.compute_output_shape(tuple(inputs.shape))  # checks the sizes
        index = [slice(None)] * len(inputs.shape)
        for axis, (start, end) in zip(self._spatial_axes(), self._pairs):
            index[axis] = slice(start, inputs.shape[axis] - end)
        return inputs[tuple(index)]

    def get_config(self) -> Config:
        config = {**super().get_config(), "cropping": self.cropping}
        if self._rank > 1:
            config["data_format"] = self.data_format
        return config


@export("multikeras.layers.Cropping1D")
class Cropping1D(_Cropping):
    """Crops a sequence along its time axis.

    Args:
        cropping: int, or tuple of 2 ints `(start, end)`: how many steps
            to remove at the start and at the end. Defaults to `(1, 1)`.

    Input shape:
        `(batch_size, axis_to_crop, features)`.

    Output shape:
        `(batch_size, cropped_axis, features)`.

    Example:
    >>> Cropping1D(cropping=(1, 2))(np.ones((2, 5, 3))).shape
    (2, 2, 3)
    """

    _rank = 1

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any) -> None:
        super().__init__(cropping, None, **kwargs)


@export("multikeras.layers.Cropping2D")
class Cropping2D(_Cropping):
    """Crops images along height and width.

    Args:
        cropping: int (the same on every side), tuple of 2 ints
            (symmetric `(height, width)` crops), or tuple of 2 tuples of 2
            ints `((top, bottom), (left, right))`. Defaults to
            `((0, 0), (0, 0))`.
        data_format: "channels_last" (`(batch, height, width, channels)`)
            or "channels_first" (`(batch, channels, height, width)`);
            defaults to `image_data_format()`.

    Example:
    >>> Cropping2D(((2, 2), (4, 4)))(np.ones((2, 28, 28, 3))).shape
    (2, 24, 20, 3)
    """

    _rank = 2

    def __init__(self, cropping: Any = ((0, 0), (0, 0)),
                 data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(cropping, data_format, **kwargs)


@export("multikeras.layers.Cropping3D")
class Cropping3D(_Cropping):
    """Crops volumes along their three spatial axes.

    Args:
        cropping: int, tuple of 3 ints (symmetric crops per axis), or
            tuple of 3 tuples of 2 ints `((d1_start, d1_end), ...)`.
            Defaults to `((1, 1), (1, 1), (1, 1))`.
        data_format: "channels_last" (`(batch, d1, d2, d3, channels)`) or
            "channels_first"; defaults to `image_data_format()`.

    Example:
    >>> Cropping3D(((1, 1), (0, 1), (2, 0)))(np.ones((2, 4, 4, 4, 1))).shape
    (2, 2, 3, 2, 1)
    """

    _rank = 3

    def __init__(self, cropping: Any = ((1, 1), (1, 1), (1, 1)),
                 data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(cropping, data_format, **kwargs)
