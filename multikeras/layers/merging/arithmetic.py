"""`Add`, `Subtract`, `Multiply`, `Average` and their functional forms."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.merging.base_merge import Merge
from multikeras.layers.merging.base_merge import expand_mask
from multikeras.typing import Tensor


@export("multikeras.layers.Add")
class Add(Merge):
    """Adds a list of tensors of the same (broadcastable) shape.

    Example:
    >>> np.asarray(Add()([np.ones((1, 2)), np.full((1, 2), 2.0)]))
    array([[3., 3.]], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        out = inputs[0]
        for x in inputs[1:]:
            out = ops.add(out, x)
        return out


@export("multikeras.layers.Subtract")
class Subtract(Merge):
    """Subtracts the second of two tensors from the first.

    Example:
    >>> np.asarray(Subtract()([np.ones((1, 2)), np.full((1, 2), 2.0)]))
    array([[-1., -1.]], dtype=float32)
    """

    min_inputs = max_inputs = 2

    def _merge_function(self, inputs, masks):
        return ops.subtract(inputs[0], inputs[1])


@export("multikeras.layers.Multiply")
class Multiply(Merge):
    """Multiplies a list of tensors element-wise.

    With masks on every input, masked entries count as 1 in the product
    and the output is 0 where every input is masked (Keras's rule).

    Example:
    >>> np.asarray(Multiply()([np.full((1, 2), 3.0), np.full((1, 2), 2.0)]))
    array([[6., 6.]], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        all_masked = all(m is not None for m in masks)
        out, any_kept = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = expand_mask(mask, x)
                x = ops.where(mask, x, ops.ones_like(x))
                if all_masked:
                    any_kept = mask if any_kept is None else (
                        ops.logical_or(any_kept, mask)
                    )  # fmt: skip
            out = x if out is None else ops.multiply(out, x)
        if any_kept is not None:
            out = ops.where(any_kept, out, ops.zeros_like(out))
        return out


@export("multikeras.layers.Average")
class Average(Merge):
    """The element-wise mean of a list of tensors.

    Example:
    >>> np.asarray(Average()([np.ones((1, 2)), np.full((1, 2), 2.0)]))
    array([[1.5, 1.5]], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        out = inputs[0]
        for x in inputs[1:]:
            out = ops.add(out, x)
        return ops.divide(out, ops.cast(len(inputs), out.dtype))


@export("multikeras.layers.add")
def add(inputs: list[Tensor], **kwargs: Any) -> Tensor:
    """Functional form of `Add`: `Add(**kwargs)(inputs)`.

    Example:
    >>> np.asarray(add([np.ones((1, 2)), np.ones((1, 2))]))
    array([[2., 2.]], dtype=float32)
    """
    return Add(**kwargs)(inputs)


@export("multikeras.layers.subtract")
def subtract(inputs: list[Tensor], **kwargs: Any) -> Tensor:
    """Functional form of `Subtract`: `Subtract(**kwargs)(inputs)`."""
    return Subtract(**kwargs)(inputs)


@export("multikeras.layers.multiply")
def multiply(inputs: list[Tensor], **kwargs: Any) -> Tensor:
    """Functional form of `Multiply`: `Multiply(**kwargs)(inputs)`."""
    return Multiply(**kwargs)(inputs)


@export("multikeras.layers.average")
def average(inputs: list[Tensor], **kwargs: Any) -> Tensor:
    """Functional form of `Average`: `Average(**kwargs)(inputs)`."""
    return Average(**kwargs)(inputs)
