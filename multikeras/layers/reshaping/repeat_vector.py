"""`RepeatVector`: repeats a vector `n` times along a new time axis."""

from __future__ import annotations

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


@export("multikeras.layers.RepeatVector")
class RepeatVector(Layer):
    """Repeats each sample `n` times: `(batch, features)` ->
    `(batch, n, features)`.

    Args:
        n: positive int, the number of repetitions.

    Example:
    >>> RepeatVector(3)(np.ones((2, 4))).shape
    (2, 3, 4)
    """

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not is_int(n) or n < 1:
            raise ValueError(
                f"RepeatVector layer {self.name!r}: `n` must be a positive "
                f"int. Received: n={n!r}"
            )
        self.n = n
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], self.n, input_shape[1])

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), inputs.dtype
        )

    def get_config(self) -> Config:
        return {**super().get_config(), "n": self.n}
