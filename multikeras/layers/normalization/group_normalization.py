"""`GroupNormalization`: normalization over groups of channels."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.normalization._common import affine_args
from multikeras.layers.normalization._common import affine_config
from multikeras.layers.normalization._common import canonical_axes
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


@export("multikeras.layers.GroupNormalization")
class GroupNormalization(Layer):
    """Splits the channels into `groups` and normalizes each group of each
    example over its channels and all non-batch axes.

    With `groups=1` this is layer normalization over all axes; with
    `groups=-1` (one group per channel) it is instance normalization.
    `gamma` and `beta` have one value per channel.

    Args:
        groups: int, the number of groups (32), a divisor of the number of
            channels; -1 for one group per channel (set to the number of
            channels at build, as in Keras).
        axis: int, the channels axis (-1).
        epsilon: small float added to the variance (1e-3).
        center: whether to add the offset `beta` (True).
        scale: whether to multiply by `gamma` (True).
        beta_initializer, gamma_initializer: "zeros" and "ones".
        beta_regularizer, gamma_regularizer: optional weight regularizers.
        beta_constraint, gamma_constraint: optional weight constraints.

    Input shape:
        Any rank >= 2; the channels axis of known size.

    Output shape:
        The input's shape.

    Example:
    >>> layer = GroupNormalization(groups=2, epsilon=0.0)
    >>> layer(np.array([[1.0, 3.0, 2.0, 6.0]], "float32")).tolist()
    [[-1.0, 1.0, -1.0, 1.0]]

    Reference:
        Wu & He, 2018, https://arxiv.org/abs/1803.08494
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
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
        super().__init__(**kwargs)
        if isinstance(groups, bool) or not isinstance(groups, int) or (
            groups <= 0 and groups != -1
        ):  # fmt: skip
            raise ValueError(
                f"GroupNormalization layer {self.name!r}: `groups` must be "
                "a positive int, or -1 for one group per channel. "
                f"Received: groups={groups!r}"
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"GroupNormalization layer {self.name!r}: `axis` must be an "
                f"int. Received: axis={axis!r}"
            )
        self.groups = groups
        self.axis = axis
        self.epsilon = check_epsilon(self.name, epsilon)
        self.center = center
        self.scale = scale
        (
            self.beta_initializer, self.gamma_initializer,
            self.beta_regularizer, self.gamma_regularizer,
            self.beta_constraint, self.gamma_constraint,
        ) = affine_args(
            beta_initializer, gamma_initializer, beta_regularizer,
            gamma_regularizer, beta_constraint, gamma_constraint,
        )  # fmt: skip
        self.supports_masking = True
        self.autocast = False
        self.gamma: Variable | None = None
        self.beta: Variable | None = None
        self._axis = 0

    def build(self, input_shape: Shape) -> None:
        (axis,) = canonical_axes(self.name, self.axis, input_shape)
        if axis == 0:
            raise ValueError(
                f"GroupNormalization layer {self.name!r}: `axis` cannot be "
                f"the batch axis. Received: axis={self.axis}, input shape "
                f"{tuple(input_shape)}"
            )
        self._axis = axis
        (channels,) = weight_shape(input_shape, [axis])
        if self.groups == -1:
            self.groups = channels
        if channels < self.groups or channels % self.groups:
            raise ValueError(
                f"GroupNormalization layer {self.name!r}: the number of "
                f"channels ({channels}, axis {self.axis}) must be a multiple "
                f"of `groups`. Received: groups={self.groups}, input shape "
                f"{tuple(input_shape)}"
            )
        self.input_spec = InputSpec(
            ndim=len(input_shape), axes={axis: channels}
        )
        if self.scale:
            self.gamma = self.add_weight(
                shape=(channels,), name="gamma",
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, autocast=False,
            )  # fmt: skip
        if self.center:
            self.beta = self.add_weight(
                shape=(channels,), name="beta",
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, autocast=False,
            )  # fmt: skip

    def call(self, inputs: Tensor) -> Tensor:
        shape = tuple(ops.shape(inputs))
        axis, groups = self._axis, self.groups
        # (..., C, ...) -> (..., groups, C // groups, ...): the group axis
        # stays; every other non-batch axis is reduced.
        grouped_shape = (
            -1, *shape[1:axis], groups, shape[axis] // groups,
            *shape[axis + 1:],
        )  # fmt: skip
        dtype = backend.result_type(inputs.dtype, "float32")
        x = ops.reshape(ops.cast(inputs, dtype), grouped_shape)
        reduce = [i for i in range(1, len(grouped_shape)) if i != axis]
        mean, variance = ops.moments(x, axes=reduce, keepdims=True)
        inv = rsqrt(variance + self.epsilon)
        param_shape = [1] * len(grouped_shape)
        param_shape[axis] = groups
        param_shape[axis + 1] = shape[axis] // groups
        if self.gamma is not None:
            inv = inv * ops.reshape(ops.cast(self.gamma, dtype), param_shape)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + ops.reshape(ops.cast(self.beta, dtype),
                                        param_shape)  # fmt: skip
        outputs = ops.reshape(x * inv + shift, shape)
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        canonical_axes(self.name, self.axis, input_shape)
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **affine_config(self),
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**deserialize_initializers(config))
