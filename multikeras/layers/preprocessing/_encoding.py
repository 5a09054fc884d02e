"""Encoding integer indices as one-hot, multi-hot or count vectors, shared
by CategoryEncoding, Discretization and Hashing."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.typing import Shape
from multikeras.typing import Tensor

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def check_output_mode(layer: Any, output_mode: Any, sparse: Any,
                      modes: tuple = OUTPUT_MODES) -> None:  # fmt: skip
    """Rejects an unknown `output_mode` and `sparse=True` (multikeras
    returns dense tensors only)."""
    if output_mode not in modes:
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r}: `output_mode` "
            f"must be one of {modes}. Received: output_mode={output_mode!r}"
        )
    if sparse:
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r}: sparse outputs "
            "are not supported by multikeras (no backend has sparse "
            "tensors); use sparse=False. Received: sparse=True"
        )


def encoded_shape(input_shape: Shape, output_mode: str, depth: int) -> Shape:
    """Output shape of `encode` for indices of `input_shape`."""
    shape = tuple(input_shape)
    if output_mode == "int":
        return shape
    if not shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            shape = shape[:-1]
        return (*shape, depth)
    return (*shape[:-1], depth)


def encode(
    indices: Tensor,
    output_mode: str,
    depth: int,
    dtype: str,
    count_weights: Tensor | None = None,
) -> Tensor:
    """`indices` (ints in `[0, depth)`; others give zeros) as `dtype`
    vectors of length `depth`.

    "one_hot" encodes each index (a trailing axis of size 1 is replaced);
    "multi_hot" and "count" reduce the last axis, the sample's tokens, to
    whether (how often) each index occurs; `count_weights` weights the
    counts.
    """
    if output_mode == "int":
        return ops.cast(indices, dtype)
    if len(indices.shape) == 0:
        indices = ops.expand_dims(indices, -1)
    indices = ops.cast(indices, "int32")
    if output_mode == "one_hot":
        if len(indices.shape) > 1 and indices.shape[-1] == 1:
            indices = ops.squeeze(indices, -1)
        return ops.one_hot(indices, depth, dtype=dtype)
    if count_weights is not None:
        dtype = count_weights.dtype
    hot = ops.one_hot(indices, depth, dtype=dtype)
    if output_mode == "multi_hot":
        return ops.max(hot, axis=-2)
    if count_weights is not None:
        hot = ops.multiply(hot, ops.expand_dims(count_weights, -1))
    return ops.sum(hot, axis=-2)
