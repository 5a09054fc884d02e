"""`Identity`: returns its input unchanged."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.typing import Shape


@export("multikeras.layers.Identity")
class Identity(Layer):
    """Returns its input (any structure, any dtype) unchanged; its mask
    passes through. A placeholder, e.g. for a skipped block.

    Example:
    >>> np.asarray(Identity()(np.array([1, 2]))).tolist()
    [1, 2]
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        # No cast: integers and float64 pass through as they came.
        self.autocast = False

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        return tree.map_structure(
            lambda x: KerasTensor(tuple(x.shape), x.dtype), args[0]
        )
