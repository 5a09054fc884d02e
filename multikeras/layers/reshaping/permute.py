"""`Permute`: reorders the non-batch axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.reshaping._args import is_int
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Permute")
class Permute(Layer):
    """Permutes the axes of each sample (the batch axis stays first).

    Args:
        dims: tuple of ints, a permutation of `1, ..., rank - 1`; axis
            numbers start at 1 (0 is the batch axis). `(2, 1)` swaps the
            two axes of a rank-3 input.

    Input shape:
        `(batch_size, d1, ..., dn)` with `n == len(dims)`.

    Output shape:
        `(batch_size, d[dims[0]], ..., d[dims[n-1]])`.

    Example:
    >>> x = multikeras.Input(shape=(10, 64))
    >>> Permute((2, 1))(x).shape
    (None, 64, 10)
    """

    def __init__(self, dims: Sequence[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        try:
            perm: tuple[Any, ...] = tuple(dims)
        except TypeError:
            perm = (None,)
        if not all(is_int(d) for d in perm) or sorted(perm) != list(
            range(1, len(perm) + 1)
        ):
            raise ValueError(
                f"Permute layer {self.name!r}: `dims` must be a permutation "
                "of 1, ..., n (axis 0 is the batch axis). Received: "
                f"dims={perm!r}"
            )
        self.dims = perm
        self.input_spec = InputSpec(ndim=len(perm) + 1)
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        return ops.transpose(inputs, (0, *self.dims))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), inputs.dtype
        )

    def get_config(self) -> Config:
        return {**super().get_config(), "dims": self.dims}
