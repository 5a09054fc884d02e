"""`SpatialDropout1D/2D/3D`: dropout of whole feature maps."""

from __future__ import annotations

from multikeras import random
from multikeras.api_export import export
from multikeras.backend.config import standardize_data_format
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.regularization.dropout import Dropout
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor


class _SpatialDropout(Dropout):
    """Dropout with one draw per (example, channel), shared over the
    spatial axes. Keras's spatial dropouts take no `noise_shape` and their
    config holds only `rate`, `seed`, `name`, `dtype` (and
    `data_format`)."""

    _rank = 0

    def __init__(
        self, rate: float, data_format: str | None = None,
        seed: int | None = None, name: str | None = None,
        dtype: DTypeLike = None,
    ) -> None:  # fmt: skip
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def call(self, inputs: Tensor, training: bool = False) -> Tensor:
        if not training or self.rate == 0:
            return inputs
        spatial = (1,) * self._rank
        if self.data_format == "channels_first":
            noise_shape = (None, None, *spatial)
        else:
            noise_shape = (None, *spatial, None)
        return random.dropout(
            inputs, self.rate, noise_shape=noise_shape,
            seed=self.seed_generator,
        )  # fmt: skip

    def get_config(self) -> Config:
        return {
            "rate": self.rate,
            "seed": self.seed,
            "name": self.name,
            "dtype": self.dtype,
            "data_format": self.data_format,
        }


@export("multikeras.layers.SpatialDropout1D")
class SpatialDropout1D(_SpatialDropout):
    """Dropout of whole 1D feature maps: in training each channel of each
    example is zeroed, at every time step, with probability `rate`; the
    kept channels are scaled by `1 / (1 - rate)`. Identity in inference.

    Use it instead of `Dropout` when adjacent steps are strongly
    correlated (early convolutions), where per-element dropout does not
    regularize.

    Args:
        rate: float in [0, 1), the fraction of channels to drop.
        seed: int seed of the layer's `SeedGenerator`.

    Input shape:
        `(batch, steps, channels)`.

    Output shape:
        The input's shape.

    Example:
    >>> x = np.ones((1, 3, 4), "float32")
    >>> y = SpatialDropout1D(0.5, seed=1)(x, training=True)
    >>> bool(np.all(y == y[:, :1]))  # the same mask at every step
    True

    Reference:
        Tompson et al., 2014, https://arxiv.org/abs/1411.4280
    """

    _rank = 1

    def __init__(
        self, rate: float, seed: int | None = None, name: str | None = None,
        dtype: DTypeLike = None,
    ) -> None:  # fmt: skip
        super().__init__(
            rate, data_format="channels_last", seed=seed, name=name,
            dtype=dtype,
        )  # fmt: skip

    def get_config(self) -> Config:
        config = super().get_config()
        del config["data_format"]
        return config


@export("multikeras.layers.SpatialDropout2D")
class SpatialDropout2D(_SpatialDropout):
    """Dropout of whole 2D feature maps: in training each channel of each
    example is zeroed, over all its pixels, with probability `rate`; the
    kept channels are scaled by `1 / (1 - rate)`. Identity in inference.

    Args:
        rate: float in [0, 1), the fraction of channels to drop.
        data_format: "channels_last" (channels at axis 3) or
            "channels_first" (axis 1); `image_data_format()` by default.
        seed: int seed of the layer's `SeedGenerator`.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    Output shape:
        The input's shape.

    Example:
    >>> x = np.ones((2, 3, 3, 4), "float32")
    >>> SpatialDropout2D(0.5)(x, training=True).shape
    (2, 3, 3, 4)

    Reference:
        Tompson et al., 2014, https://arxiv.org/abs/1411.4280
    """

    _rank = 2


@export("multikeras.layers.SpatialDropout3D")
class SpatialDropout3D(_SpatialDropout):
    """Dropout of whole 3D feature maps: in training each channel of each
    example is zeroed, over all its voxels, with probability `rate`; the
    kept channels are scaled by `1 / (1 - rate)`. Identity in inference.

    Args:
        rate: float in [0, 1), the fraction of channels to drop.
        data_format: "channels_last" (channels at axis 4) or
            "channels_first" (axis 1); `image_data_format()` by default.
        seed: int seed of the layer's `SeedGenerator`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        The input's shape.

    Example:
    >>> x = np.ones((2, 2, 2, 2, 3), "float32")
    >>> SpatialDropout3D(0.5)(x, training=True).shape
    (2, 2, 2, 2, 3)

    Reference:
        Tompson et al., 2014, https://arxiv.org/abs/1411.4280
    """

    _rank = 3
