"""`Maximum`, `Minimum` and their functional forms."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.merging.base_merge import Merge
from multikeras.layers.merging.base_merge import expand_mask
from multikeras.typing import Tensor


def _masked_reduce(op, inputs, masks):
    """`op` folded over the inputs, skipping masked entries: a masked
    entry takes the other operand's value, so it never wins. Where every
    input is masked the first input's value is kept."""
    out, out_mask = None, None
    for x, mask in zip(inputs, masks):
        if mask is not None:
            mask = expand_mask(mask, x)
        if out is None:
            out, out_mask = x, mask
            continue
        if mask is not None:
            x = ops.where(mask, x, out)
        if out_mask is not None:
            out = ops.where(out_mask, out, x)
        if mask is not None and out_mask is not None:
            out_mask = ops.logical_or(out_mask, mask)
        else:
            out_mask = None
        out = op(out, x)
    return out


@export("multikeras.layers.Maximum")
class Maximum(Merge):
    """The element-wise maximum of a list of tensors; masked entries are
    ignored.

    Example:
    >>> np.asarray(Maximum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]))
    array([[3., 5.]], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        return _masked_reduce(ops.maximum, inputs, masks)


@export("multikeras.layers.Minimum")
class Minimum(Merge):
    """The element-wise minimum of a list of tensors; masked entries are
    ignored.

    Example:
    >>> np.asarray(Minimum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]))
    array([[1., 2.]], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        return _masked_reduce(ops.minimum, inputs, masks)


@export("multikeras.layers.maximum")
def maximum(inputs: list[Tensor], **kwargs: Any) -> Tensor:
    """Functional form of `Maximum`: `Maximum(**kwargs)(inputs)`."""
    return Maximum(**kwargs)(inputs)


@export("multikeras.layers.minimum")
def minimum(inputs: list[Tensor], **kwargs: Any) -> Tensor:
    """Functional form of `Minimum`: `Minimum(**kwargs)(inputs)`."""
    return Minimum(**kwargs)(inputs)
