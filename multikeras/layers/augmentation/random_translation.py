"""`RandomTranslation`: random shifts along height and width."""

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


@export("multikeras.layers.RandomTranslation")
class RandomTranslation(BaseImageAugmentation):
    """Randomly translates images during training.

    Each image is shifted by its own offsets: `dy * height` rows down and
    `dx * width` columns right, with `dy` drawn uniformly from the height
    range and `dx` from the width range (a negative value shifts up or
    left). Points that come from outside the image are filled by
    `fill_mode`. At inference the images pass through unchanged.

    Args:
        height_factor: a number `f` in [-1, 1] (the range `[-|f|, |f|]`)
            or a pair `(lower, upper)`: fractions of the height.
        width_factor: the same for the width.
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
    >>> x = np.arange(1.0, 5.0, dtype="float32").reshape(1, 4, 1)
    >>> one_right = multikeras.layers.RandomTranslation(
    ...     0.0, (0.25, 0.25), fill_mode="constant")
    >>> np.asarray(one_right(x, training=True))[0, :, 0].tolist()
    [0.0, 1.0, 2.0, 3.0]
    """

    def __init__(
        self,
        height_factor: float | tuple[float, float],
        width_factor: float | tuple[float, float],
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.height_lower, self.height_upper = parse_factor(
            self, "height_factor", height_factor, -1.0, 1.0
        )
        self.width_lower, self.width_upper = parse_factor(
            self, "width_factor", width_factor, -1.0, 1.0
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
        """`{"translations": (batch, 2)}`: the shift right and down of
        each image, in pixels; None when not training."""
        if not training:
            return None
        batch = self._batch_size(data)
        height, width = self._image_size(data)
        dy = self._uniform((batch, 1), self.height_lower, self.height_upper)
        dx = self._uniform((batch, 1), self.width_lower, self.width_upper)
        return {
            "translations": ops.concatenate([dx * width, dy * height], axis=1)
        }

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        shifts = ops.convert_to_tensor(transformation["translations"])
        ones = ops.ones_like(shifts[:, 0])
        zeros = ops.zeros_like(ones)
        # An output pixel samples the input pixel it came from: (x - dx,
        # y - dy).
        matrix = ops.stack(
            [ones, zeros, -shifts[:, 0], zeros, ones, -shifts[:, 1],
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
