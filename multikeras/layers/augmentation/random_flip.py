"""`RandomFlip`: random left-right and/or top-bottom flips."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.augmentation.base import BaseImageAugmentation
from multikeras.layers.augmentation.base import check_choice
from multikeras.typing import Config
from multikeras.typing import Tensor

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


@export("multikeras.layers.RandomFlip")
class RandomFlip(BaseImageAugmentation):
    """Randomly flips images during training.

    Each image is flipped with probability 1/2. With
    `"horizontal_and_vertical"`, one draw per image decides both flips (as
    in Keras), so an image is either kept or rotated by 180 degrees. At
    inference (`training=False`, `predict`, `evaluate`) the images pass
    through unchanged. Integer images are cast to the layer's float dtype.

    Args:
        mode: `"horizontal"` (left-right), `"vertical"` (top-bottom) or
            `"horizontal_and_vertical"` (the default).
        seed: int seed of the layer's random generator, or None.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `multikeras.config.image_data_format()`.

    Input shape:
        `(height, width, channels)` or `(batch, height, width, channels)`
        (channels first: `(..., channels, height, width)`).

    Output shape:
        Same as the input.

    Example:
    >>> x = np.arange(4, dtype="float32").reshape(1, 1, 4, 1)
    >>> layer = multikeras.layers.RandomFlip("horizontal", seed=1)
    >>> y = np.asarray(layer(x, training=True))[0, 0, :, 0].tolist()
    >>> y in ([0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0])
    True
    """

    def __init__(
        self,
        mode: str = HORIZONTAL_AND_VERTICAL,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        check_choice(
            self, "mode", mode, (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)
        )
        self.mode = mode

    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """`{"flips": bool tensor}`, one entry per image, broadcastable
        against the images; None when not training."""
        if not training:
            return None
        rank = len(data.shape)
        shape = (self._batch_size(data),) * (rank == 4) + (1, 1, 1)
        return {"flips": ops.less_equal(self._uniform(shape, 0.0, 1.0), 0.5)}

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        flips = transformation["flips"]
        h_axis, w_axis = self._spatial_axes(len(images.shape))
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = ops.where(flips, ops.flip(images, axis=w_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = ops.where(flips, ops.flip(images, axis=h_axis), images)
        return images

    def get_config(self) -> Config:
        return {**super().get_config(), "mode": self.mode}
