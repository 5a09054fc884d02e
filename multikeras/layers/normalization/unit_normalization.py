"""`UnitNormalization`: scales each example to unit L2 norm."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.layers.normalization._common import check_axis_arg
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.UnitNormalization")
class UnitNormalization(Layer):
    """Divides each example by its L2 norm over `axis`:
    `x / max(sqrt(sum(x ** 2, axis)), 1e-12)`.

    Args:
        axis: int or list of ints, the axes whose joint L2 norm becomes 1
            (-1).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> y = UnitNormalization()(np.array([[3.0, 4.0]], "float32"))
    >>> [round(float(v), 3) for v in np.asarray(y)[0]]
    [0.6, 0.8]
    """

    def __init__(self, axis: int | list[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = check_axis_arg(self.name, axis)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        _check_axes(self, len(inputs.shape), tuple(inputs.shape))
        return ops.normalize(inputs, axis=self.axis, order=2, epsilon=1e-12)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        _check_axes(self, len(input_shape), input_shape)
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "axis": self.axis}


def _check_axes(layer: UnitNormalization, rank: int, shape: Shape) -> None:
    axes = [layer.axis] if isinstance(layer.axis, int) else layer.axis
    for axis in axes:
        if not -rank <= axis < rank:
            raise ValueError(
                f"UnitNormalization layer {layer.name!r}: axis {axis} is "
                f"out of bounds for an input of rank {rank}. Received: "
                f"axis={layer.axis!r}, input shape {tuple(shape)}"
            )
