"""`RandomContrast`: random contrast changes, one factor per image."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.augmentation.base import BaseImageAugmentation
from multikeras.layers.augmentation.base import check_value_range
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.layers.RandomContrast")
class RandomContrast(BaseImageAugmentation):
    """Randomly changes the contrast of images during training.

    Each image gets its own contrast factor `c`, drawn uniformly from
    `[1 - lower, 1 + upper]`; each channel of it becomes
    `(x - mean) * c + mean`, with `mean` the channel's mean over the
    image, and the result is clipped to `value_range`. At inference the
    images pass through unchanged.

    Args:
        factor: a number `f` in [0, 1] (`lower = upper = f`, as Keras
            documents), or a pair `(lower, upper)` of numbers in [0, 1].
        value_range: `(low, high)`, the range of the input values, e.g.
            `(0, 255)` (the default) or `(0, 1)`; outputs are clipped to
            it.
        seed: int seed of the layer's random generator, or None.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `multikeras.config.image_data_format()`.

    Input shape:
        `(height, width, channels)` or `(batch, height, width, channels)`
        (channels first: `(..., channels, height, width)`).

    Output shape:
        Same as the input.

    Example:
    >>> x = np.array([[[0.0], [100.0]]], "float32")  # mean 50
    >>> layer = multikeras.layers.RandomContrast(0.5)  # c in [0.5, 1.5]
    >>> y = np.asarray(layer(x, training=True))
    >>> bool(np.all(np.abs(y - 50.0) <= 75.0))
    True
    >>> fixed = {"contrast_factor": np.full((1, 1, 1), 2.0, "float32")}
    >>> np.asarray(layer.transform_images(x, fixed))[0, :, 0].tolist()
    [0.0, 150.0]
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
        self.factor = _contrast_factor(self, factor)
        self._low, self._high = check_value_range(self, value_range)
        self.value_range = tuple(value_range)

    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """`{"contrast_factor": (batch, 1, 1, 1)}` (`(1, 1, 1)` for one
        image); None when not training."""
        if not training:
            return None
        rank = len(data.shape)
        shape = (self._batch_size(data),) * (rank == 4) + (1, 1, 1)
        lower, upper = self.factor
        return {"contrast_factor": self._uniform(shape, 1 - lower, 1 + upper)}

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        factor = ops.cast(
            transformation["contrast_factor"], self.compute_dtype
        )
        h_axis, w_axis = self._spatial_axes(len(images.shape))
        mean = ops.mean(images, axis=(h_axis, w_axis), keepdims=True)
        outputs = (images - mean) * factor + mean
        return ops.clip(outputs, self._low, self._high)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
        }


def _contrast_factor(layer: RandomContrast, factor: Any) -> tuple:
    """`(lower, upper)` in [0, 1] from a number or a pair."""
    def ok(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and (
            0 <= v <= 1
        )

    if ok(factor):
        return float(factor), float(factor)
    if isinstance(factor, (tuple, list)) and len(factor) == 2 and all(
        ok(v) for v in factor
    ):
        lower, upper = (float(v) for v in factor)
        return lower, upper
    raise ValueError(
        f"RandomContrast layer {layer.name!r}: `factor` must be a number "
        "or a pair of numbers `(lower, upper)` in [0, 1] (the contrast "
        f"factor is drawn from [1 - lower, 1 + upper]). Received: "
        f"factor={factor!r}"
    )
