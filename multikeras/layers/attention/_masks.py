"""Masks shared by the attention layers: causal and sliding-window masks,
their combination with the Keras masks of the inputs, and the masked
softmax of the explicit (non-fused) attention path."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from collections.abc import Sequence

from multikeras import backend
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask
from multikeras.backend.common.masking import set_keras_mask
from multikeras.ops.math.special import logsumexp
from multikeras.typing import Tensor


def causal_mask(query_length: int, key_length: int) -> Tensor:
    """`(1, T, S)` bool: query `i` sees keys `j <= i`."""
    rows = ops.reshape(ops.arange(query_length, dtype="int32"), (-1, 1))
    cols = ops.reshape(ops.arange(key_length, dtype="int32"), (1, -1))
    return ops.expand_dims(ops.greater_equal(rows, cols), 0)


def sliding_window_mask(
    query_length: int, key_length: int, window: int
) -> Tensor:
    """`(1, T, S)` bool: query `i` sees keys with `|i - j| < window`."""
    rows = ops.reshape(ops.arange(query_length, dtype="int32"), (-1, 1))
    cols = ops.reshape(ops.arange(key_length, dtype="int32"), (1, -1))
    near = ops.less(ops.abs(ops.subtract(rows, cols)), window)
    return ops.expand_dims(near, 0)


def _and(a, b):
    return b if a is None else ops.logical_and(a, b)


def combine_masks(
    query_length: int,
    key_length: int,
    query_mask: Tensor | None = None,
    value_mask: Tensor | None = None,
    key_mask: Tensor | None = None,
    attention_mask: Tensor | None = None,
    use_causal_mask: bool = False,
    sliding_window: int | None = None,
) -> Tensor | None:
    """The `(B, T, S)` bool attention mask (or None) that Keras's
    MultiHeadAttention derives: the query mask as `(B, T, 1)`, the value and
    key masks as `(B, 1, S)`, the causal and sliding-window masks as
    `(1, T, S)`, and the explicit `attention_mask`, all AND-ed together."""
    mask = None
    if query_mask is not None:
        mask = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
    for source_mask in (value_mask, key_mask):
        if source_mask is not None:
            mask = _and(mask, ops.expand_dims(ops.cast(source_mask, "bool"),
                                              -2))  # fmt: skip
    if use_causal_mask:
        mask = _and(mask, causal_mask(query_length, key_length))
    if sliding_window is not None:
        mask = _and(
            mask, sliding_window_mask(query_length, key_length, sliding_window)
        )
    if attention_mask is not None:
        attention_mask = ops.cast(attention_mask, "bool")
        mask = attention_mask if mask is None else ops.logical_and(
            attention_mask, mask
        )
    return mask


def expand_mask(mask: Tensor, rank: int, num_attention_axes: int) -> Tensor:
    """Inserts axes into `mask` (`(B, <T dims>, <S dims>)`) before its
    attention axes until it has `rank` axes, so it broadcasts against
    scores laid out `(B, <other dims>, heads, <T dims>, <S dims>)`."""
    axis = -2 * num_attention_axes - 1
    while len(mask.shape) < rank:
        mask = ops.expand_dims(mask, axis)
    return mask


def _large_negative(dtype: str) -> float:
    # Keras's choice: -1e9, or -3e4 where float16 cannot hold -1e9.
    return -3e4 if backend.standardize_dtype(dtype) == "float16" else -1e9


def masked_softmax(
    scores: Tensor, mask: Tensor | None, axes: Sequence[int]
) -> Tensor:
    """Softmax of `scores` over `axes` with masked entries excluded.

    As Keras's `Softmax` layer with a mask: masked logits become a large
    negative number before the softmax, and masked probabilities are then
    set to 0, so a row with every key masked is all zeros.
    """
    axes = tuple(axes)
    if mask is not None:
        scores = ops.where(mask, scores, _large_negative(scores.dtype))
    if len(axes) == 1:
        probs = ops.softmax(scores, axis=axes[0])
    else:
        probs = ops.exp(
            ops.subtract(scores, logsumexp(scores, axis=axes,
                                               keepdims=True))
        )  # fmt: skip
    if mask is not None:
        probs = ops.where(mask, probs, ops.zeros((), probs.dtype))
    return probs


@contextlib.contextmanager
def masks_detached(*tensors: Tensor) -> Iterator[None]:
    """Inside the block the given tensors carry no Keras mask.

    The attention layers consume their inputs' masks themselves; their
    projection sublayers must not see them (a sublayer that does not
    support masking would warn). The masks are put back on exit, so the
    caller's tensors are left as they were.
    """
    unique = list({id(t): t for t in tensors if t is not None}.values())
    masks = [get_keras_mask(t) for t in unique]
    for t, m in zip(unique, masks):
        if m is not None:
            set_keras_mask(t, None)
    try:
        yield
    finally:
        for t, m in zip(unique, masks):
            if m is not None:
                set_keras_mask(t, m)
