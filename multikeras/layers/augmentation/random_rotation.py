"""`RandomRotation`: random rotations about the image center."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.augmentation.base import FILL_MODES
from multikeras.layers.augmentation.base import INTERPOLATIONS
from multikeras.layers.augmentation.base import BaseImageAugmentation
from multikeras.layers.augmentation.base import check_choice
from multikeras.layers.augmentation.base import parse_factor
from multikeras.typing import Config
from multikeras.typing import Tensor


def rotation_matrix(angle: Tensor, height: int, width: int) -> Tensor:
    """`(batch, 8)` rows for `ops.image.affine_transform` that rotate by
    `angle` (radians, shape `(batch,)`, positive counter-clockwise) about
    the image center: each output pixel samples the input point rotated
    back by `angle`."""
    cx, cy = (width - 1) / 2.0, (height - 1) / 2.0
    cos, sin = ops.cos(angle), ops.sin(angle)
    zeros = ops.zeros_like(angle)
    rows = [
        cos,
        -sin,
        cx - cx * cos + cy * sin,
        sin,
        cos,
        cy - cx * sin - cy * cos,
        zeros,
        zeros,
    ]
    return ops.stack(rows, axis=1)


@export("multikeras.layers.RandomRotation")
class RandomRotation(BaseImageAugmentation):
    """Randomly rotates images during training.

    Each image is rotated about its center by its own angle drawn
    uniformly from `[lower * 360, upper * 360]` degrees (positive is
    counter-clockwise); points that come from outside the image are filled
    by `fill_mode`. At inference the images pass through unchanged.

    Args:
        factor: a number `f` in [-1, 1] (the range `[-|f|, |f|]`), or a
            pair `(lower, upper)`, as fractions of a full turn: `0.25` means
            up to 90 degrees either way.
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
    >>> x = np.arange(4, dtype="float32").reshape(2, 2, 1)
    >>> quarter_turn = multikeras.layers.RandomRotation((0.25, 0.25))
    >>> np.asarray(quarter_turn(x, training=True))[..., 0].round(4).tolist()
    [[1.0, 3.0], [0.0, 2.0]]
    """

    def __init__(
        self,
        factor: float | tuple[float, float],
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = parse_factor(self, "factor", factor, -1.0, 1.0)
        check_choice(self, "fill_mode", fill_mode, FILL_MODES)
        check_choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """`{"angle": degrees (batch,), "rotation_matrix": (batch, 8)}`;
        None when not training."""
        if not training:
            return None
        lower, upper = self.factor
        angle = self._uniform(
            (self._batch_size(data),), lower * 360.0, upper * 360.0
        )
        height, width = self._image_size(data)
        matrix = rotation_matrix(angle * (math.pi / 180.0), height, width)
        return {"angle": angle, "rotation_matrix": matrix}

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        return ops.image.affine_transform(
            images,
            transformation["rotation_matrix"],
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "factor": self.factor,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
        }
