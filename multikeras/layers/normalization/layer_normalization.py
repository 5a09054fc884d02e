"""`LayerNormalization`: per-example normalization over feature axes."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING
from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.layers.normalization._common import affine_args
from multikeras.layers.normalization._common import affine_config
from multikeras.layers.normalization._common import canonical_axes
from multikeras.layers.normalization._common import check_axis_arg
from multikeras.layers.normalization._common import check_epsilon
from multikeras.layers.normalization._common import deserialize_initializers
from multikeras.layers.normalization._common import weight_shape
from multikeras.ops.math.special import rsqrt
from multikeras.typing import Config
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self

    from multikeras.backend.common.variables import Variable


@export("multikeras.layers.LayerNormalization")
class LayerNormalization(Layer):
    """Normalizes each example over `axis` to zero mean and unit variance,
    then scales by `gamma` and shifts by `beta`:
    `gamma * (x - mean) / sqrt(var + epsilon) + beta`, the statistics
    taken per example over the axes in `axis`.

    `gamma` and `beta` have the shape of the normalized axes.

    Args:
        axis: int or list of ints, the axes to normalize over (-1). After
            building, `axis` is a sorted list, as in Keras.
        epsilon: small float added to the variance (1e-3).
        center: whether to add the offset `beta` (True).
        scale: whether to multiply by `gamma` (True).
        beta_initializer, gamma_initializer: "zeros" and "ones".
        beta_regularizer, gamma_regularizer: optional weight regularizers.
        beta_constraint, gamma_constraint: optional weight constraints.
        rms_scaling: deprecated in Keras (it warns): divides by the
            standard deviation without centring, creating only `gamma`.
            Use `RMSNormalization` for RMS normalization.

    Input shape:
        Any, the normalized axes of known size.

    Output shape:
        The input's shape.

    Example:
    >>> x = np.array([[1.0, 3.0], [2.0, 6.0]], "float32")
    >>> np.asarray(LayerNormalization(epsilon=0.0)(x)).tolist()
    [[-1.0, 1.0], [-1.0, 1.0]]

    Reference:
        Ba et al., 2016, https://arxiv.org/abs/1607.06450
    """

    def __init__(
        self,
        axis: int | list[int] = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: InitializerLike = "zeros",
        gamma_initializer: InitializerLike = "ones",
        beta_regularizer: TensorFn | None = None,
        gamma_regularizer: TensorFn | None = None,
        beta_constraint: TensorFn | None = None,
        gamma_constraint: TensorFn | None = None,
        **kwargs: Any,
    ) -> None:
        rms_scaling = bool(kwargs.pop("rms_scaling", False))
        if rms_scaling:
            warnings.warn(
                "LayerNormalization: `rms_scaling=True` is deprecated (as "
                "in Keras): it divides by the standard deviation, not the "
                "root mean square. Use `RMSNormalization` instead.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.axis: int | list[int] = check_axis_arg(self.name, axis)
        self.epsilon = check_epsilon(self.name, epsilon)
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        (
            self.beta_initializer, self.gamma_initializer,
            self.beta_regularizer, self.gamma_regularizer,
            self.beta_constraint, self.gamma_constraint,
        ) = affine_args(
            beta_initializer, gamma_initializer, beta_regularizer,
            gamma_regularizer, beta_constraint, gamma_constraint,
        )  # fmt: skip
        self.supports_masking = True
        # Statistics in the input's precision, not the layer's dtype.
        self.autocast = False
        self.gamma: Variable | None = None
        self.beta: Variable | None = None
        self._axes: list[int] = []

    def build(self, input_shape: Shape) -> None:
        axes = canonical_axes(self.name, self.axis, input_shape)
        order = sorted(range(len(axes)), key=lambda i: axes[i])
        given = [self.axis] if isinstance(self.axis, int) else self.axis
        self.axis = [given[i] for i in order]
        self._axes = sorted(axes)
        shape = weight_shape(input_shape, self._axes)
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                shape=shape, name="gamma",
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, autocast=False,
            )  # fmt: skip
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                shape=shape, name="beta",
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, autocast=False,
            )  # fmt: skip

    def call(self, inputs: Tensor) -> Tensor:
        if self.rms_scaling:
            # The deprecated mode: x / sqrt(var + epsilon) * gamma.
            x = ops.cast(inputs, backend.result_type(inputs.dtype, "float32"))
            variance = ops.var(x, axis=self._axes, keepdims=True)
            outputs = x * rsqrt(variance + self.epsilon)
            outputs = outputs * ops.cast(self._param(self.gamma, x), x.dtype)
        else:
            outputs = ops.layer_normalization(
                inputs, self._param(self.gamma, inputs),
                self._param(self.beta, inputs), axis=self._axes,
                epsilon=self.epsilon,
            )  # fmt: skip
        return ops.cast(outputs, self.compute_dtype)

    def _param(self, weight, inputs):
        """`weight` broadcastable against `inputs` (size-1 other axes)."""
        if weight is None:
            return None
        rank = len(inputs.shape)
        shape = [
            inputs.shape[i] if i in self._axes else 1 for i in range(rank)
        ]
        return ops.reshape(weight, shape)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        canonical_axes(self.name, self.axis, input_shape)
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            **affine_config(self),
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**deserialize_initializers(config))
