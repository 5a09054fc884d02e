"""`ReLU`: the rectifier with an optional cap, leak and threshold."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.activations.elu import check_number
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.ReLU")
class ReLU(Layer):
    """Rectified linear unit with Keras's three options:

    ```
    f(x) = max_value                          if x >= max_value
    f(x) = x                                  if threshold <= x < max_value
    f(x) = negative_slope * (x - threshold)   otherwise
    ```

    Args:
        max_value: float >= 0, the cap (None: no cap). Defaults to None.
        negative_slope: float >= 0, the slope below the threshold.
            Defaults to 0.0.
        threshold: float >= 0, where the rectifier starts. Defaults to 0.0.

    Example:
    >>> layer = ReLU(max_value=10, negative_slope=0.5)
    >>> np.asarray(layer(np.array([-10.0, -5.0, 0.0, 5.0, 20.0])))
    array([-5. , -2.5,  0. ,  5. , 10. ], dtype=float32)
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if max_value is not None:
            check_number(self, "max_value", max_value, minimum=0)
        check_number(self, "negative_slope", negative_slope, minimum=0)
        check_number(self, "threshold", threshold, minimum=0)
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True

    def call(self, inputs: Tensor) -> Tensor:
        x = inputs
        if (
            self.max_value is None and not self.negative_slope
            and not self.threshold
        ):  # fmt: skip
            return ops.relu(x)
        above = ops.greater(x, self.threshold)
        below = ops.multiply(
            ops.subtract(x, self.threshold),
            ops.cast(self.negative_slope, x.dtype),
        )
        out = ops.where(above, x, below)
        if self.max_value is not None:
            out = ops.minimum(out, ops.cast(self.max_value, x.dtype))
        return out

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }
