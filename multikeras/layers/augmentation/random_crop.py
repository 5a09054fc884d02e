"""`RandomCrop`: a random window in training, a centered one otherwise."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.augmentation.base import BaseImageAugmentation
from multikeras.ops.slicing import slice as dynamic_slice
from multikeras.random.seed_generator import make_seed
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.RandomCrop")
class RandomCrop(BaseImageAugmentation):
    """Randomly crops images to `(height, width)` during training.

    In training, when the input is larger than the target on both axes,
    one window of the target size is drawn uniformly for the whole batch
    (every image of a batch is cropped at the same place, as in Keras).
    At inference, and in training when the input is not larger than the
    target on both axes, the largest centered window with the target's
    aspect ratio is cropped and resized (bilinear) to the target size.

    Args:
        height: positive int, the output height.
        width: positive int, the output width.
        seed: int seed of the layer's random generator; None draws one
            (kept in the config, as Keras does).
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `multikeras.config.image_data_format()`.

    Input shape:
        `(height, width, channels)` or `(batch, height, width, channels)`
        (channels first: `(..., channels, height, width)`), with known
        height and width.

    Output shape:
        The input shape with the target height and width.

    Example:
    >>> x = np.arange(12, dtype="float32").reshape(3, 4, 1)
    >>> layer = multikeras.layers.RandomCrop(3, 2)
    >>> np.asarray(layer(x, training=False))[..., 0].tolist()  # center
    [[1.0, 2.0], [5.0, 6.0], [9.0, 10.0]]
    >>> layer(x, training=True).shape
    (3, 2, 1)
    """

    def __init__(
        self,
        height: int,
        width: int,
        seed: int | None = None,
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        seed = make_seed() if seed is None else seed
        super().__init__(
            seed=seed, data_format=data_format, name=name, **kwargs
        )
        for arg, value in (("height", height), ("width", width)):
            if not isinstance(value, int) or isinstance(value, bool) or (
                value < 1
            ):
                raise ValueError(
                    f"RandomCrop layer {self.name!r}: `{arg}` must be a "
                    f"positive int. Received: {arg}={value!r}"
                )
        self.height = height
        self.width = width

    def _checked_size(self, images: Tensor) -> tuple[int, int]:
        h_axis, w_axis = self._spatial_axes(len(images.shape))
        height, width = images.shape[h_axis], images.shape[w_axis]
        if height is None or width is None:
            raise ValueError(
                f"RandomCrop layer {self.name!r} needs images of known "
                f"height and width. Received: images.shape={images.shape}"
            )
        return int(height), int(width)

    def get_random_transformation(
        self, data: Tensor, training: bool = True, seed: Any = None
    ) -> Any:
        """`{"top", "left", "crop_height", "crop_width"}`: the window to
        cut from the input (then resized to the target size if it differs
        from it). `top` and `left` are int32 scalars when random."""
        height, width = self._checked_size(data)
        if training and height > self.height and width > self.width:
            top = self._uniform((), 0.0, float(height - self.height + 1))
            left = self._uniform((), 0.0, float(width - self.width + 1))
            return {
                "top": ops.cast(top, "int32"),
                "left": ops.cast(left, "int32"),
                "crop_height": self.height,
                "crop_width": self.width,
            }
        # The largest window with the target's aspect ratio, centered.
        crop_height = int(float(width * self.height) / self.width)
        crop_height = max(min(height, crop_height), 1)
        crop_width = int(float(height * self.width) / self.height)
        crop_width = max(min(width, crop_width), 1)
        return {
            "top": (height - crop_height) // 2,
            "left": (width - crop_width) // 2,
            "crop_height": crop_height,
            "crop_width": crop_width,
        }

    def transform_images(
        self, images: Tensor, transformation: Any, training: bool = True
    ) -> Tensor:
        images = ops.cast(images, self.compute_dtype)
        self._checked_size(images)
        top, left = transformation["top"], transformation["left"]
        size = (transformation["crop_height"], transformation["crop_width"])
        rank = len(images.shape)
        h_axis, w_axis = self._spatial_axes(rank)
        starts: list[Any] = [0] * rank
        shape = list(images.shape)
        starts[h_axis], starts[w_axis] = top, left
        shape[h_axis], shape[w_axis] = size
        images = dynamic_slice(images, starts, tuple(shape))
        if size != (self.height, self.width):
            images = ops.image.resize(
                images, (self.height, self.width),
                data_format=self.data_format,
            )  # fmt: skip
            images = ops.cast(images, self.compute_dtype)
        return images

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        self._check_images(input_shape)
        shape = list(input_shape)
        h_axis, w_axis = self._spatial_axes(len(shape))
        shape[h_axis], shape[w_axis] = self.height, self.width
        return tuple(shape)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
        }
