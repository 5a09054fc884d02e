"""`RandomZoom`: random zooms in or out about the image center."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.augmentation.base import FILL_MODES
from multikeras.layers.augmentation.base import INTERPOLATIONS
from multikeras.layers.augmentation.base import BaseImageAugmentation
from multikeras.layers.augmentation.base import check_choice
from multikeras.layers.augmentation.base import parse_factor
from multikeras.layers.augmentation.base import plain_factor
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.layers.RandomZoom")
class RandomZoom(BaseImageAugmentation):
    """Randomly zooms images in or out during training.

    Each image gets its own zoom `z = 1 + f`, with `f` drawn uniformly
    from the factor's range: output pixel `(x, y)` samples the input at
    `c + z * (p - c)` about the center `c`, so `f > 0` zooms out (the
    image shrinks, the border is filled by `fill_mode`) and `f < 0` zooms
    in. Without `width_factor` one draw zooms both axes (the aspect ratio
    is kept). At inference the images pass through unchanged.

    Args:
        height_factor: a number `f` in (-1, 1] (the range `[-|f|, |f|]`)
            or a pair `(lower, upper)` for the vertical zoom.
        width_factor: the same for the horizontal zoom, or None (the
            default) to zoom both axes by the vertical draw.
        fill_mode: how points outside the input are filled: `"reflect"`
            (the default, `d c b a | a b c d | d c b a`), `"wrap"`,
            `"constant"` (with `fill_value`) or `"nearest"`.
        interpolation: `"bilinear"` (the default) or `"nearest"`.
        seed: int seed of the layer's random generator, or None.
        fill_value: the value outside the image for `"constant"`.
            Defaults to 0.0.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `multikeras.config.image_data_format()`.

    Input shape:
        `(height, width, channels)` or `(batch, height, width, channels)`
        (channels first: `(..., channels, height, width)`).

    Output shape:
        Same as the input.

    Example:
    >>> x = np.random.default_rng(0).random((2, 8, 8, 3))
    >>> multikeras.layers.RandomZoom(0.5, 0.2)(x).shape
    (2, 8, 8, 3)
    """

    def __init__(
        self,
        height_factor: float | tuple[float, float],
        width_factor: float | tuple[float, float] | None = None,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        # A zoom of 1 + f must stay positive: f > -1.
        self.height_lower, self.height_upper = parse_factor(
            self, "height_factor", height_factor, -1.0, 1.0, low_open=True
        )
        if width_factor is not None:
            self.width_lower, self.width_upper = parse_factor(
                self, "width_factor", width_factor, -1.0, 1.0, low_open=True
            )
        check_choice(self, "fill_mode", fill_mode, FILL_MODES)
        check_choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self.height_factor = plain_factor(height_factor)
        self.width_factor = plain_factor(width_factor)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """`{"height_zoom": (batch, 1), "width_zoom": (batch, 1)}`, the
        zooms `1 + f`; None when not training."""
        if not training:
            return None
        shape = (self._batch_size(data), 1)
        height_zoom = self._uniform(
            shape, 1.0 + self.height_lower, 1.0 + self.height_upper
        )
        width_zoom = height_zoom
        if self.width_factor is not None:
            width_zoom = self._uniform(
                shape, 1.0 + self.width_lower, 1.0 + self.width_upper
            )
        return {"height_zoom": height_zoom, "width_zoom": width_zoom}

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        height, width = self._image_size(images)
        zy = ops.convert_to_tensor(transformation["height_zoom"])[:, 0]
        zx = ops.convert_to_tensor(transformation["width_zoom"])[:, 0]
        zeros = ops.zeros_like(zx)
        matrix = ops.stack(
            [zx, zeros, (width - 1) / 2.0 * (1.0 - zx),
             zeros, zy, (height - 1) / 2.0 * (1.0 - zy),
             zeros, zeros],
            axis=1,
        )  # fmt: skip
        return ops.image.affine_transform(
            images,
            matrix,
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "fill_value": self.fill_value,
        }
