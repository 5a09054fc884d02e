"""`Resizing`: resize images to a fixed height and width."""

from __future__ import annotations

from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.backend.config import standardize_data_format
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5",
                  "area")  # fmt: skip


def check_size(layer: Layer, height: Any, width: Any) -> None:
    """Height and width must be positive ints; the error names both."""
    for arg, value in (("height", height), ("width", width)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(
                f"{type(layer).__name__} layer {layer.name!r}: `{arg}` must "
                f"be a positive int. Received: {arg}={value!r}"
            )


def image_axes(layer: Layer, shape: Shape, data_format: str) -> tuple:
    """The (height, width) axes of an image batch (rank 4) or image
    (rank 3) of `shape`."""
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r} expects images of "
            "rank 3 (one image) or 4 (a batch). Received: input shape "
            f"{tuple(shape)}"
        )
    if data_format == "channels_first":
        return (len(shape) - 2, len(shape) - 1)
    return (len(shape) - 3, len(shape) - 2)


@export("multikeras.layers.Resizing")
class Resizing(Layer):
    """Resizes images to `(height, width)` with `ops.image.resize`.

    Integer images keep their dtype (values are rounded and saturated);
    float images come out in the layer's dtype.

    Args:
        height, width: positive ints, the output size.
        interpolation: "bilinear" (default), "nearest", "bicubic",
            "lanczos3", "lanczos5" or "area".
        crop_to_aspect_ratio: if True, first crop the largest centered
            window with the target aspect ratio (no distortion).
            Defaults to False.
        pad_to_aspect_ratio: if True, first pad the short side evenly to
            the target aspect ratio. Defaults to False.
        fill_mode: how padding is filled; only "constant".
        fill_value: the padding value. Defaults to 0.0.
        antialias: low-pass filter when downsampling. Defaults to False.
        data_format: "channels_last" or "channels_first"; defaults to
            `image_data_format()`.

    Input shape:
        `(batch, height, width, channels)` or `(height, width, channels)`
        (channels first: `(batch, channels, height, width)`, ...).

    Example:
    >>> Resizing(4, 6)(np.ones((2, 8, 8, 3), "float32")).shape
    (2, 4, 6, 3)
    """

    def __init__(
        self,
        height: int,
        width: int,
        interpolation: str = "bilinear",
        crop_to_aspect_ratio: bool = False,
        pad_to_aspect_ratio: bool = False,
        fill_mode: str = "constant",
        fill_value: float = 0.0,
        antialias: bool = False,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        check_size(self, height, width)
        if interpolation not in INTERPOLATIONS:
            raise ValueError(
                f"Resizing layer {self.name!r}: `interpolation` must be one "
                f"of {INTERPOLATIONS}. Received: "
                f"interpolation={interpolation!r}"
            )
        if fill_mode != "constant":
            raise ValueError(
                f"Resizing layer {self.name!r}: only fill_mode='constant' "
                f"is supported. Received: fill_mode={fill_mode!r}"
            )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                f"Resizing layer {self.name!r}: `crop_to_aspect_ratio` and "
                "`pad_to_aspect_ratio` cannot both be True."
            )
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)
        self.data_format = standardize_data_format(data_format)
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        image_axes(self, inputs.shape, self.data_format)
        return ops.image.resize(
            inputs,
            (self.height, self.width),
            interpolation=self.interpolation,
            antialias=self.antialias,
            crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        out = list(input_shape)
        h, w = image_axes(self, input_shape, self.data_format)
        out[h], out[w] = self.height, self.width
        return tuple(out)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        dtype = backend.standardize_dtype(inputs.dtype)
        if backend.is_float_dtype(dtype):
            dtype = self.compute_dtype
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), dtype
        )

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "data_format": self.data_format,
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
        }
