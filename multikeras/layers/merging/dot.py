"""`Dot` and `dot`: batched dot products of two tensors."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.merging.base_merge import Merge
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

_LETTERS = "bcdefghijklmnopqrstuvwxyz"


def batch_dot_equation(x_rank: int, y_rank: int, axes: tuple[int, int]) -> str:
    """The einsum for a dot of `x`'s `axes[0]` with `y`'s `axes[1]`, per
    batch element: `x`'s other axes, then `y`'s (batch excluded)."""
    letters = iter(_LETTERS)
    x = ["a"] + [next(letters) for _ in range(x_rank - 1)]
    y = ["a"] + [next(letters) for _ in range(y_rank - 1)]
    y[axes[1]] = x[axes[0]]
    out = [c for i, c in enumerate(x) if i != axes[0]]
    out += [c for i, c in enumerate(y) if i not in (0, axes[1])]
    return f"{''.join(x)},{''.join(y)}->{''.join(out)}"


@export("multikeras.layers.Dot")
class Dot(Merge):
    """The dot product of two tensors along one axis of each, per sample.

    For `x` `(batch, 3, 5)` and `y` `(batch, 10, 3)` with `axes=(1, 2)` the
    output is `(batch, 5, 10)`. A rank-1 result is reshaped to
    `(batch, 1)`. The output has no mask.

    Args:
        axes: an int (the same axis of both inputs) or a pair of ints;
            axis 0 (the batch axis) cannot be used.
        normalize: whether to L2-normalize both inputs along their dot
            axis first (the output is then the cosine similarity).

    Example:
    >>> x = np.arange(10.0).reshape(1, 5, 2)
    >>> y = np.arange(10.0, 20.0).reshape(1, 2, 5)
    >>> np.asarray(Dot(axes=(1, 2))([x, y]))
    array([[[260., 360.],
            [320., 445.]]], dtype=float32)
    """

    min_inputs = max_inputs = 2

    def __init__(
        self, axes: int | tuple[int, int], normalize: bool = False,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        if isinstance(axes, list):
            axes = tuple(axes)
        valid = isinstance(axes, int) and not isinstance(axes, bool)
        if isinstance(axes, tuple):
            valid = len(axes) == 2 and all(
                isinstance(a, int) and not isinstance(a, bool) for a in axes
            )
        if not valid:
            raise ValueError(
                f"Dot layer {self.name!r}: `axes` must be an int or a pair "
                f"of ints. Received: axes={axes!r}"
            )
        self.axes = axes
        self.normalize = normalize

    def _axes(self, ranks: tuple[int, int]) -> tuple[int, int]:
        pair = (self.axes, self.axes) if isinstance(self.axes, int) else (
            self.axes
        )  # fmt: skip
        out = []
        for axis, rank in zip(pair, ranks):
            if not -rank <= axis < rank or axis % rank == 0:
                raise ValueError(
                    f"Dot layer {self.name!r}: axes={self.axes} is invalid "
                    f"for inputs of ranks {ranks} (the batch axis 0 cannot "
                    "be contracted)."
                )
            out.append(axis % rank)
        return out[0], out[1]

    def compute_output_shape(self, input_shape: Any) -> Shape:
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer ({self.name!r}) should be called on a list "
                f"of 2 inputs. Received: input_shape={input_shape}"
            )
        s1, s2 = (tuple(s) for s in input_shape)
        if len(s1) < 2 or len(s2) < 2:
            raise ValueError(
                f"Dot layer {self.name!r} needs inputs of rank >= 2. "
                f"Received shapes {s1} and {s2}."
            )
        a1, a2 = self._axes((len(s1), len(s2)))
        if s1[a1] is not None and s2[a2] is not None and s1[a1] != s2[a2]:
            raise ValueError(
                f"Dot layer {self.name!r}: incompatible input shapes: axis "
                f"{a1} of {s1} has size {s1[a1]}, axis {a2} of {s2} has "
                f"size {s2[a2]}."
            )
        batch = s1[0] if s1[0] is not None else s2[0]
        out = [batch, *(d for i, d in enumerate(s1) if i not in (0, a1))]
        out += [d for i, d in enumerate(s2) if i not in (0, a2)]
        return tuple(out) if len(out) > 1 else (batch, 1)

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)

    def _merge_function(self, inputs, masks):
        x, y = inputs
        ranks = (len(x.shape), len(y.shape))
        a1, a2 = self._axes(ranks)
        if self.normalize:
            x = ops.normalize(x, axis=a1)
            y = ops.normalize(y, axis=a2)
        out = ops.einsum(batch_dot_equation(*ranks, (a1, a2)), x, y)
        if len(out.shape) == 1:
            out = ops.expand_dims(out, -1)
        return out

    def call(self, inputs: Any, mask: Any = None) -> Tensor:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A `Dot` layer ({self.name!r}) should be called on a list "
                f"of 2 tensors. Received: inputs of type "
                f"{type(inputs).__name__}"
            )
        self._check_count(len(inputs))
        return self._merge_function(list(inputs), [None, None])

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> KerasTensor:
        shapes = [tuple(x.shape) for x in args[0]]
        return KerasTensor(self.compute_output_shape(shapes),
                           self.compute_dtype)  # fmt: skip

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return None

    def get_config(self) -> Config:
        axes = list(self.axes) if isinstance(self.axes, tuple) else self.axes
        return {**super().get_config(), "axes": axes,
                "normalize": self.normalize}  # fmt: skip


@export("multikeras.layers.dot")
def dot(inputs: list[Tensor], axes: int | tuple[int, int] = -1,
        **kwargs: Any) -> Tensor:  # fmt: skip
    """Functional form of `Dot`: `Dot(axes, **kwargs)(inputs)`.

    Example:
    >>> dot([np.ones((2, 3)), np.ones((2, 3))], axes=1).shape
    (2, 1)
    """
    return Dot(axes=axes, **kwargs)(inputs)
