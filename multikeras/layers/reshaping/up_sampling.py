"""`UpSampling1D/2D/3D`: repeat (or interpolate) along the spatial axes."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.backend.config import standardize_data_format
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.reshaping._args import int_tuple
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5",
                   "area")  # fmt: skip


class _UpSampling(Layer):
    """Shared code: `self._factors` holds one factor per spatial axis;
    nearest upsampling repeats entries along each axis."""

    _rank = 0

    def __init__(self, size: Any, data_format: str | None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self._factors = int_tuple(type(self).__name__, "size", size,
                                  self._rank)  # fmt: skip
        self.size: Any = self._factors
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank + 2)
        self.built = True

    def _spatial_axes(self) -> range:
        if self.data_format == "channels_first" and self._rank > 1:
            return range(2, self._rank + 2)
        return range(1, self._rank + 1)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        out = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self._factors):
            size = out[axis]
            if size is not None:
                out[axis] = size * factor
        return tuple(out)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), inputs.dtype
        )

    def call(self, inputs: Tensor) -> Tensor:
        for axis, factor in zip(self._spatial_axes(), self._factors):
            if factor > 1:
                inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs


@export("multikeras.layers.UpSampling1D")
class UpSampling1D(_UpSampling):
    """Repeats each time step `size` times.

    Args:
        size: positive int, the upsampling factor. Defaults to 2.

    Input shape:
        `(batch_size, steps, features)`.

    Output shape:
        `(batch_size, steps * size, features)`.

    Example:
    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2)
    >>> np.asarray(UpSampling1D(2)(x))[0].tolist()
    [[0.0, 1.0], [0.0, 1.0], [2.0, 3.0], [2.0, 3.0]]
    """

    _rank = 1

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(size, None, **kwargs)
        self.size = self._factors[0]

    def get_config(self) -> Config:
        return {**super().get_config(), "size": self.size}


@export("multikeras.layers.UpSampling2D")
class UpSampling2D(_UpSampling):
    """Upsamples images by `size` along height and width.

    "nearest" repeats rows and columns; the other interpolations resize
    with `ops.image.resize` to `(height * size[0], width * size[1])`.

    Args:
        size: int or tuple of 2 ints, the factors for rows and columns.
            Defaults to `(2, 2)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `image_data_format()`.
        interpolation: "nearest" (default), "bilinear", "bicubic",
            "lanczos3", "lanczos5" or "area".

    Example:
    >>> UpSampling2D((2, 3))(np.ones((1, 2, 2, 3))).shape
    (1, 4, 6, 3)
    """

    _rank = 2

    def __init__(self, size: Any = (2, 2), data_format: str | None = None,
                 interpolation: str = "nearest",
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(size, data_format, **kwargs)
        method = interpolation.lower() if isinstance(
            interpolation, str) else interpolation  # fmt: skip
        if method not in _INTERPOLATIONS:
            raise ValueError(
                f"UpSampling2D layer {self.name!r}: `interpolation` must be "
                f"one of {_INTERPOLATIONS}. Received: "
                f"interpolation={interpolation!r}"
            )
        self.interpolation = method

    def call(self, inputs: Tensor) -> Tensor:
        if self.interpolation == "nearest":
            return super().call(inputs)
        axes = self._spatial_axes()
        size = tuple(inputs.shape[a] * f
                     for a, f in zip(axes, self._factors))  # fmt: skip
        return ops.image.resize(
            inputs, size, interpolation=self.interpolation,
            data_format=self.data_format,
        )  # fmt: skip

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "size": self.size,
            "data_format": self.data_format,
            "interpolation": self.interpolation,
        }


@export("multikeras.layers.UpSampling3D")
class UpSampling3D(_UpSampling):
    """Repeats the entries of volumes `size` times along each spatial axis.

    Args:
        size: int or tuple of 3 ints, the factors. Defaults to
            `(2, 2, 2)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `image_data_format()`.

    Example:
    >>> UpSampling3D(2)(np.ones((1, 1, 2, 3, 4))).shape
    (1, 2, 4, 6, 4)
    """

    _rank = 3

    def __init__(self, size: Any = (2, 2, 2), data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(size, data_format, **kwargs)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "size": self.size,
            "data_format": self.data_format,
        }
