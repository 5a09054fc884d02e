"""Global max and average pooling over 1, 2 or 3 spatial dims."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.pooling.base_global_pooling import BaseGlobalPooling
from multikeras.typing import Tensor


@export(
    "multikeras.layers.GlobalAveragePooling1D",
    "multikeras.layers.GlobalAvgPool1D",
)
class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over the steps of a sequence, honouring a mask.

    With a mask (e.g. from `Embedding(mask_zero=True)` or `Masking`), only
    unmasked steps are averaged; the output carries no mask. A sequence
    with every step masked gives NaN (0 / 0), as in Keras.

    Args:
        data_format: `"channels_last"` (`(batch, steps, features)`) or
            `"channels_first"` (`(batch, features, steps)`); None means
            `multikeras.config.image_data_format()`.
        keepdims: whether to keep the steps axis, with size 1. Defaults to
            False.

    Call arguments:
        inputs: a 3D tensor.
        mask: optional `(batch, steps)` bool tensor; False marks a step to
            skip.

    Output shape:
        `(batch, features)`; with `keepdims`, `(batch, 1, features)` (or
        `(batch, features, 1)` channels first).

    Example:
    >>> x = np.array([[[1.0], [3.0], [8.0]]], "float32")
    >>> mask = np.array([[True, True, False]])
    >>> np.asarray(GlobalAveragePooling1D()(x, mask=mask))
    array([[2.]], dtype=float32)
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_dimensions=1, pool_mode="average",
                         data_format=data_format, keepdims=keepdims,
                         **kwargs)  # fmt: skip
        self.supports_masking = True

    def call(self, inputs: Tensor, mask: Tensor | None = None) -> Tensor:
        if mask is None:
            return super().call(inputs)
        steps_axis = 1 if self.data_format == "channels_last" else 2
        feature_axis = 2 if self.data_format == "channels_last" else 1
        keep = ops.expand_dims(ops.cast(mask, "bool"), feature_axis)
        total = ops.sum(ops.where(keep, inputs, 0), axis=steps_axis,
                        keepdims=self.keepdims)  # fmt: skip
        count = ops.sum(ops.cast(keep, inputs.dtype), axis=steps_axis,
                        keepdims=self.keepdims)  # fmt: skip
        return ops.divide(total, count)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> None:
        return None


@export(
    "multikeras.layers.GlobalAveragePooling2D",
    "multikeras.layers.GlobalAvgPool2D",
)
class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean over the height and width of each channel.

    Args:
        data_format: `"channels_last"` (`(batch, height, width, channels)`)
            or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        keepdims: whether to keep the spatial axes, with size 1. Defaults
            to False.

    Output shape:
        `(batch, channels)`; with `keepdims`, `(batch, 1, 1, channels)` (or
        `(batch, channels, 1, 1)`).

    Example:
    >>> GlobalAveragePooling2D()(np.ones((2, 4, 5, 3), "float32")).shape
    (2, 3)
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_dimensions=2, pool_mode="average",
                         data_format=data_format, keepdims=keepdims,
                         **kwargs)  # fmt: skip


@export(
    "multikeras.layers.GlobalAveragePooling3D",
    "multikeras.layers.GlobalAvgPool3D",
)
class GlobalAveragePooling3D(BaseGlobalPooling):
    """Mean over the three spatial dims of each channel.

    Args:
        data_format: `"channels_last"`
            (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`;
            None means `multikeras.config.image_data_format()`.
        keepdims: whether to keep the spatial axes, with size 1. Defaults
            to False.

    Output shape:
        `(batch, channels)`; with `keepdims`, `(batch, 1, 1, 1, channels)`
        (or channels first).

    Example:
    >>> layer = GlobalAveragePooling3D(keepdims=True)
    >>> layer(np.ones((2, 3, 3, 3, 4), "float32")).shape
    (2, 1, 1, 1, 4)
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_dimensions=3, pool_mode="average",
                         data_format=data_format, keepdims=keepdims,
                         **kwargs)  # fmt: skip


@export(
    "multikeras.layers.GlobalMaxPooling1D",
    "multikeras.layers.GlobalMaxPool1D",
)
class GlobalMaxPooling1D(BaseGlobalPooling):
    """Maximum over the steps of a sequence.

    Args:
        data_format: `"channels_last"` (`(batch, steps, features)`) or
            `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        keepdims: whether to keep the steps axis, with size 1. Defaults to
            False.

    Output shape:
        `(batch, features)`; with `keepdims`, `(batch, 1, features)` (or
        `(batch, features, 1)`).

    Example:
    >>> x = np.array([[[1.0, 5.0], [4.0, 2.0]]], "float32")
    >>> np.asarray(GlobalMaxPooling1D()(x))
    array([[4., 5.]], dtype=float32)
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_dimensions=1, pool_mode="max",
                         data_format=data_format, keepdims=keepdims,
                         **kwargs)  # fmt: skip


@export(
    "multikeras.layers.GlobalMaxPooling2D",
    "multikeras.layers.GlobalMaxPool2D",
)
class GlobalMaxPooling2D(BaseGlobalPooling):
    """Maximum over the height and width of each channel.

    Args:
        data_format: `"channels_last"` (`(batch, height, width, channels)`)
            or `"channels_first"`; None means
            `multikeras.config.image_data_format()`.
        keepdims: whether to keep the spatial axes, with size 1. Defaults
            to False.

    Output shape:
        `(batch, channels)`; with `keepdims`, `(batch, 1, 1, channels)` (or
        `(batch, channels, 1, 1)`).

    Example:
    >>> GlobalMaxPooling2D()(np.ones((2, 4, 5, 3), "float32")).shape
    (2, 3)
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_dimensions=2, pool_mode="max",
                         data_format=data_format, keepdims=keepdims,
                         **kwargs)  # fmt: skip


@export(
    "multikeras.layers.GlobalMaxPooling3D",
    "multikeras.layers.GlobalMaxPool3D",
)
class GlobalMaxPooling3D(BaseGlobalPooling):
    """Maximum over the three spatial dims of each channel.

    Args:
        data_format: `"channels_last"`
            (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`;
            None means `multikeras.config.image_data_format()`.
        keepdims: whether to keep the spatial axes, with size 1. Defaults
            to False.

    Output shape:
        `(batch, channels)`; with `keepdims`, `(batch, 1, 1, 1, channels)`
        (or channels first).

    Example:
    >>> GlobalMaxPooling3D()(np.ones((2, 3, 3, 3, 4), "float32")).shape
    (2, 4)
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_dimensions=3, pool_mode="max",
                         data_format=data_format, keepdims=keepdims,
                         **kwargs)  # fmt: skip
