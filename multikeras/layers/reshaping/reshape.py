"""`Reshape`: gives each sample a new shape."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.layers.reshaping._args import is_int
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Reshape")
class Reshape(Layer):
    """Reshapes each sample to `target_shape` (the batch size is kept).

    Args:
        target_shape: tuple of ints, the shape of one sample (without the
            batch dimension). One entry may be -1: it is inferred from the
            sample size.

    Input shape:
        `(batch_size, ...)`, any shape with as many values per sample as
        `target_shape`.

    Output shape:
        `(batch_size, *target_shape)`.

    Example:
    >>> x = multikeras.Input(shape=(12,))
    >>> Reshape((3, 4))(x).shape
    (None, 3, 4)
    >>> Reshape((-1, 2, 2))(x).shape
    (None, 3, 2, 2)
    """

    def __init__(self, target_shape: Sequence[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        try:
            shape: tuple[Any, ...] = tuple(target_shape)
        except TypeError:
            shape = (None,)
        if (
            not all(is_int(d) and (d > 0 or d == -1) for d in shape)
            or shape.count(-1) > 1
        ):
            raise ValueError(
                f"Reshape layer {self.name!r}: `target_shape` must be a "
                "tuple of positive ints with at most one -1. Received: "
                f"target_shape={target_shape!r}"
            )
        self.target_shape = shape
        self.built = True

    def _sample_shape(self, input_shape: Shape) -> tuple[int | None, ...]:
        """`target_shape` with its -1 resolved (None when unknown)."""
        rest = input_shape[1:]
        size = None if None in rest else math.prod(
            d for d in rest if d is not None
        )
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            fits = size is None or size % known == 0
            inferred = None if size is None else size // known
            out = tuple(inferred if d == -1 else d for d in self.target_shape)
        else:
            fits = size is None or size == known
            out = self.target_shape
        if not fits:
            raise ValueError(
                f"Reshape layer {self.name!r}: an input of shape "
                f"{tuple(input_shape)} ({size} values per sample) cannot be "
                f"reshaped to target_shape={self.target_shape}."
            )
        return out

    def call(self, inputs: Tensor) -> Tensor:
        shape = self._sample_shape(tuple(inputs.shape))
        return ops.reshape(inputs, (inputs.shape[0], *shape))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], *self._sample_shape(tuple(input_shape)))

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), inputs.dtype
        )

    def get_config(self) -> Config:
        return {**super().get_config(), "target_shape": self.target_shape}
