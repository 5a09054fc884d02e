"""`RandomBrightness`: random brightness shifts, one per image."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.augmentation.base import BaseImageAugmentation
from multikeras.layers.augmentation.base import check_value_range
from multikeras.layers.augmentation.base import parse_factor
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.layers.RandomBrightness")
class RandomBrightness(BaseImageAugmentation):
    """Randomly changes the brightness of images during training.

    Each image gets its own shift `f * (high - low)`, with `f` drawn
    uniformly from the factor's range, added to every pixel and channel;
    the result is clipped to `value_range = (low, high)`. `f = -1` gives a
    black image, `f = 1` a white one. At inference the images pass
    through unchanged.

    Args:
        factor: a number `f` in [-1, 1] (the range `[-|f|, |f|]`), or a
            pair `(lower, upper)` of numbers in [-1, 1].
        value_range: `(low, high)`, the range of the input values, e.g.
            `(0, 255)` (the default) or `(0, 1)`; outputs are clipped to
            it. Stored sorted, as a list (as Keras).
        seed: int seed of the layer's random generator, or None.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `multikeras.config.image_data_format()`.

    Input shape:
        `(height, width, channels)` or `(batch, height, width, channels)`
        (channels first: `(..., channels, height, width)`).

    Output shape:
        Same as the input.

    Example:
    >>> x = np.array([[[1.0, 2.0, 250.0]]], "float32")
    >>> brighter = multikeras.layers.RandomBrightness((0.1, 0.1))
    >>> np.asarray(brighter(x, training=True)).round(2).tolist()
    [[[26.5, 27.5, 255.0]]]
    """

    def __init__(
        self,
        factor: float | tuple[float, float],
        value_range: tuple[float, float] = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = parse_factor(self, "factor", factor, -1.0, 1.0)
        self.value_range = list(check_value_range(self, value_range))

    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """`{"rgb_delta": (batch, 1, 1, 1)}` (`(1, 1, 1)` for one image),
        the shift in input units; None when not training."""
        if not training:
            return None
        rank = len(data.shape)
        shape = (self._batch_size(data),) * (rank == 4) + (1, 1, 1)
        low, high = self.value_range
        delta = self._uniform(shape, *self.factor)
        return {"rgb_delta": delta * (high - low)}

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        delta = ops.cast(transformation["rgb_delta"], self.compute_dtype)
        low, high = self.value_range
        return ops.clip(images + delta, low, high)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
        }
