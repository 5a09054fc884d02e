"""Adaptive max and average pooling over 1, 2 or 3 spatial dims."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@export("multikeras.layers.AdaptiveAveragePooling1D")
class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """Mean over adaptive bins: a fixed output size, any input size.

    Along a spatial dim of size `n`, output entry `i` pools inputs
    `floor(i * n / out)` to `ceil((i + 1) * n / out) - 1`, so bins may
    overlap and differ in size by one.

    Args:
        output_size: int or tuple of 1 int, the output's spatial shape.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, output_size, channels)` (or channels first).

    Example:
    >>> x = np.arange(5.0, dtype="float32").reshape(1, 5, 1)
    >>> np.asarray(AdaptiveAveragePooling1D(3)(x))[0, :, 0]
    array([0.5, 2. , 3.5], dtype=float32)
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(output_size, pool_dimensions=1,
                         pool_mode="average", data_format=data_format,
                         **kwargs)  # fmt: skip


@export("multikeras.layers.AdaptiveAveragePooling2D")
class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Mean over adaptive bins: a fixed output size, any input size.

    Along a spatial dim of size `n`, output entry `i` pools inputs
    `floor(i * n / out)` to `ceil((i + 1) * n / out) - 1`, so bins may
    overlap and differ in size by one.

    Args:
        output_size: int or tuple of 2 ints, the output's spatial shape.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, *output_size, channels)` (or channels first).

    Example:
    >>> AdaptiveAveragePooling2D((2, 3))(np.ones((2, 7, 9, 4))).shape
    (2, 2, 3, 4)
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(output_size, pool_dimensions=2,
                         pool_mode="average", data_format=data_format,
                         **kwargs)  # fmt: skip


@export("multikeras.layers.AdaptiveAveragePooling3D")
class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Mean over adaptive bins: a fixed output size, any input size.

    Along a spatial dim of size `n`, output entry `i` pools inputs
    `floor(i * n / out)` to `ceil((i + 1) * n / out) - 1`, so bins may
    overlap and differ in size by one.

    Args:
        output_size: int or tuple of 3 ints, the output's spatial shape.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (or channels first).

    Output shape:
        `(batch, *output_size, channels)` (or channels first).

    Example:
    >>> AdaptiveAveragePooling3D(2)(np.ones((1, 5, 4, 3, 2))).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(output_size, pool_dimensions=3,
                         pool_mode="average", data_format=data_format,
                         **kwargs)  # fmt: skip


@export("multikeras.layers.AdaptiveMaxPooling1D")
class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Maximum over adaptive bins: a fixed output size, any input size.

    Along a spatial dim of size `n`, output entry `i` pools inputs
    `floor(i * n / out)` to `ceil((i + 1) * n / out) - 1`, so bins may
    overlap and differ in size by one.

    Args:
        output_size: int or tuple of 1 int, the output's spatial shape.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, steps, channels)` (or channels first).

    Output shape:
        `(batch, output_size, channels)` (or channels first).

    Example:
    >>> x = np.array([3.0, 1.0, 4.0, 1.0, 5.0], "float32").reshape(1, 5, 1)
    >>> np.asarray(AdaptiveMaxPooling1D(2)(x))[0, :, 0]
    array([4., 5.], dtype=float32)
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(output_size, pool_dimensions=1,
                         pool_mode="max", data_format=data_format,
                         **kwargs)  # fmt: skip


@export("multikeras.layers.AdaptiveMaxPooling2D")
class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """Maximum over adaptive bins: a fixed output size, any input size.

    Along a spatial dim of size `n`, output entry `i` pools inputs
    `floor(i * n / out)` to `ceil((i + 1) * n / out) - 1`, so bins may
    overlap and differ in size by one.

    Args:
        output_size: int or tuple of 2 ints, the output's spatial shape.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, height, width, channels)` (or channels first).

    Output shape:
        `(batch, *output_size, channels)` (or channels first).

    Example:
    >>> AdaptiveMaxPooling2D(2)(np.ones((2, 7, 9, 4))).shape
    (2, 2, 2, 4)
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(output_size, pool_dimensions=2,
                         pool_mode="max", data_format=data_format,
                         **kwargs)  # fmt: skip


@export("multikeras.layers.AdaptiveMaxPooling3D")
class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """Maximum over adaptive bins: a fixed output size, any input size.

    Along a spatial dim of size `n`, output entry `i` pools inputs
    `floor(i * n / out)` to `ceil((i + 1) * n / out) - 1`, so bins may
    overlap and differ in size by one.

    Args:
        output_size: int or tuple of 3 ints, the output's spatial shape.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (or channels first).

    Output shape:
        `(batch, *output_size, channels)` (or channels first).

    Example:
    >>> AdaptiveMaxPooling3D((1, 2, 2))(np.ones((1, 5, 4, 3, 2))).shape
    (1, 1, 2, 2, 2)
    """

    def __init__(
        self,
        output_size: int | tuple[int, ...],
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(output_size, pool_dimensions=3,
                         pool_mode="max", data_format=data_format,
                         **kwargs)  # fmt: skip
