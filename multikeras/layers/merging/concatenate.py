"""`Concatenate` and `concatenate`."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.merging.base_merge import Merge
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Concatenate")
class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`; all other axes must
    match.

    With masks, each input's mask (all True for an unmasked input) is
    broadcast to the input's shape, the masks are concatenated like the
    inputs, and the output mask is their `any` over the last axis.

    Args:
        axis: the concatenation axis. Defaults to -1.

    Example:
    >>> out = Concatenate(axis=1)([np.zeros((2, 3)), np.ones((2, 4))])
    >>> out.shape
    (2, 7)
    """

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(
                f"Concatenate layer {self.name!r}: `axis` must be an int. "
                f"Received: axis={axis!r}"
            )
        self.axis = axis

    def compute_output_shape(self, input_shape: Any) -> Shape:
        shapes = [tuple(s) for s in input_shape]
        ranks = {len(s) for s in shapes}
        if len(ranks) != 1:
            raise ValueError(
                f"Concatenate layer {self.name!r} needs inputs of one rank. "
                f"Received: input_shape={shapes}"
            )
        rank = ranks.pop()
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Concatenate layer {self.name!r}: axis={self.axis} is out "
                f"of range for inputs of rank {rank}. Received: "
                f"input_shape={shapes}"
            )
        axis = self.axis % rank
        out: list[int | None] = list(shapes[0])
        for i in range(rank):
            sizes = [s[i] for s in shapes]
            if i == axis:
                out[i] = None if None in sizes else sum(sizes)  # type: ignore
                continue
            known = {d for d in sizes if d is not None}
            if len(known) > 1:
                raise ValueError(
                    f"Concatenate layer {self.name!r} requires inputs with "
                    "matching shapes except for the concatenation axis "
                    f"{self.axis}. Received: input_shape={shapes}"
                )
            out[i] = known.pop() if known else None
        return tuple(out)

    def build(self, input_shape: Any) -> None:
        if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(s, (list, tuple)) for s in input_shape
        ):
            raise ValueError(
                f"A `Concatenate` layer ({self.name!r}) should be called on "
                f"a list of tensors. Received: input_shape={input_shape}"
            )
        self.compute_output_shape(input_shape)

    def call(self, inputs: Any, mask: Any = None) -> Tensor:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A `Concatenate` layer ({self.name!r}) should be called on "
                "a list of tensors. Received: inputs of type "
                f"{type(inputs).__name__}"
            )
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> KerasTensor:
        shapes = [tuple(x.shape) for x in args[0]]
        return KerasTensor(self.compute_output_shape(shapes),
                           self.compute_dtype)  # fmt: skip

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (list, tuple)) or len(
            previous_mask
        ) != len(inputs):
            raise ValueError(
                f"Concatenate layer {self.name!r}: expected one mask per "
                f"input ({len(inputs)}). Received: mask={previous_mask!r}"
            )
        if all(m is None for m in previous_mask):
            return None
        full = []
        for x, m in zip(inputs, previous_mask):
            if m is None:
                full.append(ops.ones_like(x, dtype="bool"))
                continue
            while len(m.shape) < len(x.shape):
                m = ops.expand_dims(m, -1)
            full.append(ops.logical_or(m, ops.zeros_like(x, dtype="bool")))
        return ops.any(ops.concatenate(full, axis=self.axis), axis=-1)

    def get_config(self) -> Config:
        return {**super().get_config(), "axis": self.axis}


@export("multikeras.layers.concatenate")
def concatenate(inputs: list[Tensor], axis: int = -1, **kwargs: Any) -> Tensor:
    """Functional form of `Concatenate`: `Concatenate(axis)(inputs)`.

    Example:
    >>> concatenate([np.zeros((2, 3)), np.ones((2, 1))]).shape
    (2, 4)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
