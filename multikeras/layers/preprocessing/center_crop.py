"""`CenterCrop`: the central `(height, width)` window of images."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.config import standardize_data_format
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.resizing import check_size
from multikeras.layers.preprocessing.resizing import image_axes
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.CenterCrop")
class CenterCrop(Layer):
    """Crops the center `(height, width)` of images, in the layer's dtype.

    An image at least as large as the target on both sides is cropped
    (the window starts at `(size - target) // 2`). A smaller one is first
    cropped to the target aspect ratio and then resized (bilinear) to the
    target, as Keras's `smart_resize` does.

    Args:
        height, width: positive ints, the output size.
        data_format: "channels_last" or "channels_first"; defaults to
            `image_data_format()`.

    Example:
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> np.asarray(CenterCrop(2, 2)(x))[0, :, :, 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """

    def __init__(self, height: int, width: int,
                 data_format: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        check_size(self, height, width)
        self.height = height
        self.width = width
        self.data_format = standardize_data_format(data_format)
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        inputs = ops.cast(inputs, self.compute_dtype)
        h_axis, w_axis = image_axes(self, inputs.shape, self.data_format)
        h_diff = inputs.shape[h_axis] - self.height
        w_diff = inputs.shape[w_axis] - self.width
        if h_diff < 0 or w_diff < 0:
            return ops.image.resize(
                inputs, (self.height, self.width),
                interpolation="bilinear", crop_to_aspect_ratio=True,
                data_format=self.data_format,
            )  # fmt: skip
        index = [slice(None)] * len(inputs.shape)
        index[h_axis] = slice(h_diff // 2, h_diff // 2 + self.height)
        index[w_axis] = slice(w_diff // 2, w_diff // 2 + self.width)
        return inputs[tuple(index)]

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        out = list(input_shape)
        h, w = image_axes(self, input_shape, self.data_format)
        out[h], out[w] = self.height, self.width
        return tuple(out)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "data_format": self.data_format,
            "height": self.height,
            "width": self.width,
        }
