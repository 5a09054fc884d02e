"""`ActivityRegularization`: an L1/L2 penalty on the activations."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.ActivityRegularization")
class ActivityRegularization(Layer):
    """Passes its input through and adds an activity penalty to the loss.

    The penalty is `(l1 * sum(|x|) + l2 * sum(x ** 2)) / batch_size`, the
    sums over the whole batch (Keras divides activity regularization by the
    batch size). In `fit` it is added to the training loss; after an eager
    call it is in `layer.losses`.

    Args:
        l1: float >= 0, the L1 factor (0.0).
        l2: float >= 0, the L2 factor (0.0).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = ActivityRegularization(l1=0.5)
    >>> _ = layer(np.array([[1.0, -3.0], [2.0, 0.0]], "float32"))
    >>> float(layer.losses[0])  # 0.5 * 6 / 2
    1.5
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for arg, value in (("l1", l1), ("l2", l2)):
            if isinstance(value, bool) or not isinstance(
                value, (int, float)
            ) or not value >= 0:  # fmt: skip
                raise ValueError(
                    f"ActivityRegularization layer {self.name!r}: `{arg}` "
                    f"must be a non-negative float. Received: {arg}={value!r}"
                )
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        x = inputs
        penalty = ops.convert_to_tensor(0.0, dtype=x.dtype)
        if self.l1:
            penalty = penalty + self.l1 * ops.sum(ops.absolute(x))
        if self.l2:
            penalty = penalty + self.l2 * ops.sum(ops.square(x))
        if len(x.shape) > 0:
            penalty = penalty / ops.cast(ops.shape(x)[0], penalty.dtype)
        self.add_loss(penalty)
        return inputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "l1": self.l1, "l2": self.l2}
