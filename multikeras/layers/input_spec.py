"""`InputSpec`: what a layer accepts, checked with errors that teach."""

from __future__ import annotations

from collections.abc import Sequence

from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import TensorTree


@export("multikeras.InputSpec", "multikeras.layers.InputSpec")
class InputSpec:
    """Rank, dtype and fixed axes a layer expects of an input.

    Args:
        dtype: expected dtype, or None.
        shape: a full expected shape (None for free dims), or None.
        ndim, min_ndim, max_ndim: constraints on the rank.
        axes: dict `{axis: size}` of dimensions with a fixed size.
    """

    def __init__(
        self,
        dtype: DTypeLike = None,
        shape: Sequence[int | None] | None = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: dict[int, int | None] | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ) -> None:
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def expected_shape(self) -> str:
        """A readable description of accepted shapes, e.g. `shape (..., 4)`."""
        if self.shape is not None:
            return f"shape {self.shape}"
        rank = self.ndim or (
            max(-min(self.axes, default=0), self.min_ndim or 0)
        )
        if self.axes and all(a < 0 for a in self.axes):
            dims = ["None"] * rank
            for axis, size in self.axes.items():
                dims[axis] = str(size)
            lead = "" if self.ndim is not None else "..., "
            dims = dims[-max(-a for a in self.axes) :] if lead else dims
            return f"shape ({lead}{', '.join(dims)})"
        parts = []
        if self.ndim is not None:
            parts.append(f"rank {self.ndim}")
        if self.min_ndim is not None:
            parts.append(f"rank >= {self.min_ndim}")
        if self.max_ndim is not None:
            parts.append(f"rank <= {self.max_ndim}")
        return ", ".join(parts) or "any shape"

    def get_config(self) -> Config:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }


def assert_input_compatibility(
    input_spec: InputSpec | Sequence[InputSpec | None] | None,
    inputs: TensorTree,
    layer_name: str,
) -> None:
    """Raises a ValueError naming the layer and both shapes on a mismatch."""
    if input_spec is None:
        return
    specs = tree.flatten(input_spec)
    flat_inputs = tree.flatten(inputs)
    if len(specs) > 1 and len(specs) != len(flat_inputs):
        raise ValueError(
            f"Layer {layer_name!r} expects {len(specs)} inputs, but it "
            f"received {len(flat_inputs)}."
        )
    for index, (spec, x) in enumerate(zip(specs, flat_inputs)):
        if spec is None or not hasattr(x, "shape"):
            continue
        shape = tuple(x.shape)
        rank = len(shape)

        def fail(problem, spec=spec, shape=shape, index=index):
            raise ValueError(
                f"Input {index} of layer {layer_name!r} is incompatible with "
                f"the layer: {problem}. Expected: {spec.expected_shape()}; "
                f"received: shape {shape}."
            )

        if spec.ndim is not None and rank != spec.ndim:
            fail(f"expected rank {spec.ndim}, found rank {rank}")
        if spec.min_ndim is not None and rank < spec.min_ndim:
            fail(f"expected rank >= {spec.min_ndim}, found rank {rank}")
        if spec.max_ndim is not None and rank > spec.max_ndim:
            fail(f"expected rank <= {spec.max_ndim}, found rank {rank}")
        for axis, size in spec.axes.items():
            if size is None:
                continue
            if not -rank <= axis < rank:
                fail(f"expected an axis {axis} of size {size}")
            if shape[axis] is not None and shape[axis] != size:
                fail(
                    f"expected axis {axis} to have size {size}, found "
                    f"{shape[axis]}"
                )
        if spec.shape is not None:
            for expected, actual in zip(spec.shape, shape):
                if None not in (expected, actual) and expected != actual:
                    fail("the dimensions differ")
