"""`MaxPooling1D`, `MaxPooling2D`, `MaxPooling3D`: maximum over sliding
windows."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.pooling.base_pooling import BasePooling


@export("multikeras.layers.MaxPooling1D", "multikeras.layers.MaxPool1D")
class MaxPooling1D(BasePooling):
    """Max pooling over 1 spatial dim.

    Takes the maximum of each `pool_size` window, `strides` apart.

    Args:
        pool_size: int or tuple of 1 int, the window. Defaults to 2.
        strides: int, tuple of 1 int, or None (default: `pool_size`).
        padding: `"valid"` (no padding) or `"same"` (the output has
            `ceil(size / strides)` entries per spatial dim); any case.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, pooled_steps, channels)` (or channels first).

    Example:
    >>> x = np.array([1.0, 3.0, 2.0, 5.0, 4.0], "float32").reshape(1, 5, 1)
    >>> np.asarray(MaxPooling1D(2, strides=1)(x))[0, :, 0]
    array([3., 3., 5., 5.], dtype=float32)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...] = 2,
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size, strides, pool_dimensions=1, pool_mode="max",
            padding=padding, data_format=data_format, name=name, **kwargs,
        )


@export("multikeras.layers.MaxPooling2D", "multikeras.layers.MaxPool2D")
class MaxPooling2D(BasePooling):
    """Max pooling over 2 spatial dims.

    Takes the maximum of each `pool_size` window, `strides` apart.

    Args:
        pool_size: int or tuple of 2 ints, the window. Defaults to (2, 2).
        strides: int, tuple of 2 ints, or None (default: `pool_size`).
        padding: `"valid"` (no padding) or `"same"` (the output has
            `ceil(size / strides)` entries per spatial dim); any case.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, pooled_height, pooled_width, channels)` (or channels first).

    Example:
    >>> x = np.arange(16.0, dtype="float32").reshape(1, 4, 4, 1)
    >>> np.asarray(MaxPooling2D()(x))[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]], dtype=float32)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...] = (2, 2),
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size, strides, pool_dimensions=2, pool_mode="max",
            padding=padding, data_format=data_format, name=name, **kwargs,
        )


@export("multikeras.layers.MaxPooling3D", "multikeras.layers.MaxPool3D")
class MaxPooling3D(BasePooling):
    """Max pooling over 3 spatial dims.

    Takes the maximum of each `pool_size` window, `strides` apart.

    Args:
        pool_size: int or tuple of 3 ints, the window. Defaults to (2, 2, 2).
        strides: int, tuple of 3 ints, or None (default: `pool_size`).
        padding: `"valid"` (no padding) or `"same"` (the output has
            `ceil(size / strides)` entries per spatial dim); any case.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (or channels first).

    Output shape:
        `(batch, pooled_dim1, pooled_dim2, pooled_dim3, channels)` (or
        channels first).

    Example:
    >>> MaxPooling3D()(np.ones((1, 4, 4, 4, 2), "float32")).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...] = (2, 2, 2),
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size, strides, pool_dimensions=3, pool_mode="max",
            padding=padding, data_format=data_format, name=name, **kwargs,
        )
