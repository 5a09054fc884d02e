"""`AveragePooling1D`, `AveragePooling2D`, `AveragePooling3D`: mean over sliding
windows."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.pooling.base_pooling import BasePooling


@export("multikeras.layers.AveragePooling1D", "multikeras.layers.AvgPool1D")
class AveragePooling1D(BasePooling):
    """Average pooling over 1 spatial dim.

    Takes the mean of each `pool_size` window, `strides` apart. With
    "same" padding a window averages only its real entries (the
    padding is not counted).

    Args:
        pool_size: int or tuple of 1 int, the window.
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
    >>> x = np.array([1.0, 3.0, 2.0, 6.0], "float32").reshape(1, 4, 1)
    >>> np.asarray(AveragePooling1D(2)(x))[0, :, 0]
    array([2., 4.], dtype=float32)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size, strides, pool_dimensions=1, pool_mode="average",
            padding=padding, data_format=data_format, name=name, **kwargs,
        )


@export("multikeras.layers.AveragePooling2D", "multikeras.layers.AvgPool2D")
class AveragePooling2D(BasePooling):
    """Average pooling over 2 spatial dims.

    Takes the mean of each `pool_size` window, `strides` apart. With
    "same" padding a window averages only its real entries (the
    padding is not counted).

    Args:
        pool_size: int or tuple of 2 ints, the window.
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
    >>> np.asarray(AveragePooling2D(2)(x))[0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size, strides, pool_dimensions=2, pool_mode="average",
            padding=padding, data_format=data_format, name=name, **kwargs,
        )


@export("multikeras.layers.AveragePooling3D", "multikeras.layers.AvgPool3D")
class AveragePooling3D(BasePooling):
    """Average pooling over 3 spatial dims.

    Takes the mean of each `pool_size` window, `strides` apart. With
    "same" padding a window averages only its real entries (the
    padding is not counted).

    Args:
        pool_size: int or tuple of 3 ints, the window.
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
    >>> AveragePooling3D(2)(np.ones((1, 4, 4, 4, 2), "float32")).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size, strides, pool_dimensions=3, pool_mode="average",
            padding=padding, data_format=data_format, name=name, **kwargs,
        )
