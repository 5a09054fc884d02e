"""`RMSNormalization`: scaling by the inverse root mean square."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.layers.normalization._common import canonical_axes
from multikeras.layers.normalization._common import check_axis_arg
from multikeras.layers.normalization._common import check_epsilon
from multikeras.layers.normalization._common import weight_shape
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.RMSNormalization")
class RMSNormalization(Layer):
    """Root-mean-square normalization:
    `x / sqrt(mean(x ** 2, axis) + epsilon) * scale`, per example.

    Unlike `LayerNormalization` the input is not centred and there is no
    offset. The trainable `scale` has the shape of the normalized axes and
    starts at ones.

    Args:
        axis: int or list of ints, the axes to normalize over (-1). After
            building, `axis` is a sorted list, as in Keras.
        epsilon: small float added to the mean square (1e-6).

    Input shape:
        Any, the normalized axes of known size.

    Output shape:
        The input's shape.

    Example:
    >>> layer = RMSNormalization(epsilon=0.0)
    >>> x = np.array([[3.0, -3.0, 3.0, 3.0]], "float32")
    >>> np.asarray(layer(x)).tolist()
    [[1.0, -1.0, 1.0, 1.0]]

    Reference:
        Zhang & Sennrich, 2019, https://arxiv.org/abs/1910.07467
    """

    def __init__(
        self, axis: int | list[int] = -1, epsilon: float = 1e-6,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.axis: int | list[int] = check_axis_arg(self.name, axis)
        self.epsilon = check_epsilon(self.name, epsilon)
        self._axes: list[int] = []

    def build(self, input_shape: Shape) -> None:
        axes = canonical_axes(self.name, self.axis, input_shape)
        order = sorted(range(len(axes)), key=lambda i: axes[i])
        given = [self.axis] if isinstance(self.axis, int) else self.axis
        self.axis = [given[i] for i in order]
        self._axes = sorted(axes)
        self.scale = self.add_weight(
            shape=weight_shape(input_shape, self._axes), name="scale",
            initializer="ones",
        )  # fmt: skip

    def call(self, x: Tensor) -> Tensor:
        rank = len(x.shape)
        shape = [x.shape[i] if i in self._axes else 1 for i in range(rank)]
        outputs = ops.rms_normalization(
            x, scale=ops.reshape(self.scale, shape), axis=self._axes,
            epsilon=self.epsilon,
        )  # fmt: skip
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        canonical_axes(self.name, self.axis, input_shape)
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
        }
