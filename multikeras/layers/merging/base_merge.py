"""`Merge`: the base of layers that combine a list of tensors element-wise.

Inputs of different ranks are aligned by inserting axes after the batch
axis, then broadcast. Masks, as in Keras: the output mask is the OR of the
input masks when every input has one, and no mask otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.typing import Shape
from multikeras.typing import Tensor


def _is_shape_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(
        isinstance(s, (list, tuple)) for s in value
    )


def broadcast_shapes(name: str, shapes: Sequence[Shape]) -> Shape:
    """The element-wise result shape of `shapes` (batch axis first),
    after the smaller ranks get axes inserted after the batch axis."""
    batch = {s[0] for s in shapes if s} - {None}
    if len(batch) > 1:
        raise ValueError(
            f"Layer {name!r} cannot merge tensors with different batch "
            f"sizes. Received shapes {[tuple(s) for s in shapes]}."
        )
    rank = max(len(s) for s in shapes)
    out: list[int | None] = [1] * (rank - 1)
    for shape in shapes:
        body = list(shape[1:])
        # Missing axes are inserted after the batch axis, so the input's
        # own axes line up with the output's last ones.
        padded = [1] * (rank - len(shape)) + body
        for i, (o, d) in enumerate(zip(out, padded)):
            if d is None or o is None:
                out[i] = d if o == 1 else (o if d == 1 else None)
            elif o == 1 or o == d:
                out[i] = d
            elif d != 1:
                raise ValueError(
                    f"Layer {name!r}: inputs have incompatible shapes "
                    f"{[tuple(s) for s in shapes]} (axis {i + 1}: {o} vs "
                    f"{d})."
                )
    return (batch.pop() if batch else None, *out)


class Merge(Layer):
    """Base class of the element-wise merge layers (Add, Multiply, ...).

    Subclasses define `_merge_function(inputs, masks)`; `inputs` have equal
    ranks by then, `masks` is a list (None entries for unmasked inputs).
    """

    min_inputs = 1
    max_inputs: int | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True

    def _check_count(self, count: int) -> None:
        low, high = self.min_inputs, self.max_inputs
        if count < low or (high is not None and count > high):
            want = f"exactly {low}" if low == high else f"at least {low}"
            raise ValueError(
                f"A `{type(self).__name__}` layer ({self.name!r}) should be "
                f"called on {want} inputs. Received {count} inputs."
            )

    def build(self, input_shape: Any) -> None:
        if not _is_shape_list(input_shape):
            raise ValueError(
                f"A merge layer ({type(self).__name__} {self.name!r}) "
                "should be called on a list of tensors. Received: "
                f"input_shape={input_shape}"
            )
        self._check_count(len(input_shape))
        broadcast_shapes(self.name, input_shape)

    def _merge_function(
        self, inputs: list[Tensor], masks: list[Tensor | None]
    ) -> Tensor:
        raise NotImplementedError  # every subclass defines it

    def call(self, inputs: Any, mask: Any = None) -> Tensor:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer ({type(self).__name__} {self.name!r}) "
                f"should be called on a list of tensors. Received: "
                f"inputs of type {type(inputs).__name__}"
            )
        self._check_count(len(inputs))
        masks = list(mask) if isinstance(mask, (list, tuple)) else (
            [None] * len(inputs)
        )  # fmt: skip
        rank = max(len(x.shape) for x in inputs)
        aligned = []
        for x in inputs:
            for _ in range(rank - len(x.shape)):
                x = ops.expand_dims(x, 1)
            aligned.append(x)
        return self._merge_function(aligned, masks)

    def compute_output_shape(self, input_shape: Any) -> Shape:
        return broadcast_shapes(self.name, input_shape)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> KerasTensor:
        shapes = [tuple(x.shape) for x in args[0]]
        return KerasTensor(self.compute_output_shape(shapes),
                           self.compute_dtype)  # fmt: skip

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (list, tuple)):
            raise ValueError(
                f"Layer {self.name!r}: the mask of a merge should be a list "
                f"(one per input). Received: mask={previous_mask!r}"
            )
        if any(m is None for m in previous_mask):
            return None
        out = previous_mask[0]
        for m in previous_mask[1:]:
            out = ops.logical_or(out, m)
        return out


def expand_mask(mask: Tensor, x: Tensor) -> Tensor:
    """A `(batch, ...)` mask broadcast to `x`'s shape over its last axes."""
    while len(mask.shape) < len(x.shape):
        mask = ops.expand_dims(mask, -1)
    return ops.broadcast_to(mask, ops.shape(x))
