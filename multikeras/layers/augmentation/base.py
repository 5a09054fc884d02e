"""The shared frame of the random image augmentation layers.

Every augmentation layer draws its random parameters from its own
`SeedGenerator` (so each compiled training step draws new ones), then
applies them to a single image (rank 3) or a batch (rank 4), in either
data format. It is active when `training` is true, which is its call's
default as in Keras: a plain call augments, and `predict`/`evaluate` (or
`training=False`) pass the images through unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend.config import standardize_data_format
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

# What Keras's geometric augmentations accept.
FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_factor(
    layer: Layer,
    arg: str,
    factor: Any,
    low: float,
    high: float,
    low_open: bool = False,
) -> tuple[float, float]:
    """`(lower, upper)` from a number `f` (giving `(-|f|, |f|)`) or a pair
    (sorted), each value checked to lie in `[low, high]` (`(low, high]`
    with `low_open`)."""
    interval = f"{'(' if low_open else '['}{low}, {high}]"

    def in_range(value):
        above = value > low if low_open else value >= low
        return above and value <= high

    if isinstance(factor, (tuple, list)):
        values = list(factor)
        ok = len(values) == 2 and all(_is_number(v) for v in values)
        ok = ok and all(in_range(v) for v in values)
        if ok:
            lower, upper = sorted(float(v) for v in values)
            return lower, upper
    elif _is_number(factor) and in_range(factor):
        return -abs(float(factor)), abs(float(factor))
    raise ValueError(
        f"{type(layer).__name__} layer {layer.name!r}: `{arg}` must be a "
        f"number or a pair of numbers in {interval}. Received: "
        f"{arg}={factor!r}"
    )


def plain_factor(factor: Any) -> Any:
    """A factor as given, a list stored as a tuple (so that a config read
    back from JSON equals the original)."""
    return tuple(factor) if isinstance(factor, (list, tuple)) else factor


def check_choice(layer: Layer, arg: str, value: Any, choices: Sequence[Any]):
    if value not in choices:
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r}: `{arg}` must be "
            f"one of {list(choices)}. Received: {arg}={value!r}"
        )


def check_seed(layer: Layer, seed: Any) -> None:
    if seed is not None and (
        not isinstance(seed, int) or isinstance(seed, bool) or seed < 0
    ):
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r}: `seed` must be a "
            f"non-negative int or None. Received: seed={seed!r}"
        )


def check_value_range(layer: Layer, value_range: Any) -> tuple[float, float]:
    """`(low, high)` from a pair of numbers with `low < high` (sorted)."""
    if (
        isinstance(value_range, (tuple, list))
        and len(value_range) == 2
        and all(_is_number(v) for v in value_range)
        and value_range[0] != value_range[1]
    ):
        low, high = sorted(value_range)
        return low, high
    raise ValueError(
        f"{type(layer).__name__} layer {layer.name!r}: `value_range` must "
        "be a pair of two different numbers `(low, high)`, e.g. (0, 255) "
        f"or (0, 1). Received: value_range={value_range!r}"
    )


class BaseImageAugmentation(Layer):
    """A layer that applies a random transformation to images.

    Subclasses implement `get_random_transformation` (draws the random
    parameters for a batch of images) and `transform_images` (applies them
    with no randomness of its own), so a test or a user can apply known
    parameters.

    Args:
        seed: int seed of the layer's `SeedGenerator`, or None.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `multikeras.config.image_data_format()`.
    """

    def __init__(
        self,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        check_seed(self, seed)
        self.seed = seed
        self.data_format = standardize_data_format(data_format)
        self.generator = SeedGenerator(seed)
        self.supports_masking = False
        self.built = True

    # --------------------------------------------------- shape helpers
    def _check_images(self, shape: Sequence[int | None]) -> None:
        if len(shape) not in (3, 4):
            raise ValueError(
                f"{type(self).__name__} layer {self.name!r} expects one "
                "image (rank 3) or a batch of images (rank 4), in "
                f"{self.data_format} format. Received: images.shape="
                f"{tuple(shape)}"
            )

    def _spatial_axes(self, rank: int) -> tuple[int, int]:
        """The height and width axes of an image (rank 3) or batch."""
        first = 0 if rank == 3 else 1
        if self.data_format == "channels_first":
            first += 1
        return first, first + 1

    def _batch_size(self, images: Tensor) -> int:
        return 1 if len(images.shape) == 3 else int(images.shape[0])

    def _image_size(self, images: Tensor) -> tuple[int, int]:
        h_axis, w_axis = self._spatial_axes(len(images.shape))
        return int(images.shape[h_axis]), int(images.shape[w_axis])

    def _uniform(self, shape: Sequence[int], low: float, high: float):
        """One draw from the layer's generator (float32, as Keras)."""
        from multikeras import random

        return random.uniform(
            tuple(shape), low, high, dtype="float32", seed=self.generator
        )

    # ------------------------------------------------ the transformation
    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """The random parameters for `data` (None when not training)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement get_random_transformation"
        )

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        """`images` transformed by `transformation` (from
        `get_random_transformation`), in the layer's compute dtype."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement transform_images"
        )

    def call(self, data: Tensor, training: bool = True) -> Tensor:
        if isinstance(data, dict):
            raise TypeError(
                f"{type(self).__name__} layer {self.name!r} takes a tensor of "
                "images (rank 3 or 4); a dict of images, labels, bounding "
                f"boxes is not supported. Received keys: {sorted(data)}"
            )
        images = ops.convert_to_tensor(data)
        self._check_images(images.shape)
        transformation = self.get_random_transformation(
            images, training=training
        )
        return self.transform_images(images, transformation, training)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        self._check_images(input_shape)
        return tuple(input_shape)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "data_format": self.data_format,
            "seed": self.seed,
        }
