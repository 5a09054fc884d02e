"""`BatchNormalization`: normalizes with batch statistics in training and
with their moving averages in inference."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
from typing import Any

from multikeras import backend
from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common import scopes
from multikeras.initializers import Initializer
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.normalization._common import affine_args
from multikeras.layers.normalization._common import affine_config
from multikeras.layers.normalization._common import canonical_axes
from multikeras.layers.normalization._common import check_epsilon
from multikeras.layers.normalization._common import deserialize_initializers
from multikeras.layers.normalization._common import weight_shape
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self

    from multikeras.backend.common.variables import Variable

_RENORM_KEYS = ("rmax", "rmin", "dmax")


class _SqrtOf(Initializer):
    """`sqrt` of another initializer's values: the moving standard
    deviations of batch renormalization start at `sqrt(moving_variance)`."""

    def __init__(self, initializer: Any) -> None:
        self.initializer = initializer

    def __call__(self, shape: Any, dtype: Any = None) -> Tensor:
        return ops.sqrt(self.initializer(shape, dtype=dtype))

    def get_config(self) -> Config:
        return {"initializer": serialize_object(self.initializer)}


@export("multikeras.layers.BatchNormalization")
class BatchNormalization(Layer):
    """Normalizes its inputs to zero mean and unit variance per feature.

    In training (`fit`, or `training=True`) the layer normalizes with the
    mean and variance of the current batch, taken over every axis but
    `axis`, and updates moving averages of them:

    - `moving_mean = moving_mean * momentum + mean(batch) * (1 - momentum)`
    - `moving_var = moving_var * momentum + var(batch) * (1 - momentum)`

    In inference it uses the moving averages. Either way the output is
    `gamma * (x - mean) / sqrt(var + epsilon) + beta`. The moving
    statistics are non-trainable variables, updated inside the compiled
    training step. Rows the trainer added to pad a short last batch do not
    count in the batch statistics. With `trainable=False` the layer runs in
    inference mode even in training, as in Keras.

    Args:
        axis: int, the features axis (-1 by default).
        momentum: float in [0, 1], the moving averages' momentum (0.99).
        epsilon: small float added to the variance (1e-3).
        center: whether to add the offset `beta` (True).
        scale: whether to multiply by `gamma` (True).
        beta_initializer, gamma_initializer: "zeros" and "ones".
        moving_mean_initializer, moving_variance_initializer: "zeros" and
            "ones".
        beta_regularizer, gamma_regularizer: optional weight regularizers.
        beta_constraint, gamma_constraint: optional weight constraints.
        synchronized: accepted for Keras compatibility. Under JAX, a batch
            sharded across devices already gives global statistics inside
            the compiled step (Keras only allows True on TensorFlow).
        renorm: whether to use batch renormalization (Ioffe, 2017), which
            adds the non-trainable `moving_stddev`, `renorm_mean` and
            `renorm_stddev` weights.
        renorm_clipping: with `renorm`, a dict with optional float keys
            "rmax", "rmin" and "dmax" clipping the corrections `r` and `d`.
        renorm_momentum: momentum of the renorm statistics (0.99).

    Call arguments:
        inputs: a tensor of any rank.
        training: whether to use (and update) batch statistics.
        mask: optional boolean tensor of the inputs' shape without `axis`;
            only unmasked entries count in the batch statistics.

    Input shape:
        Any; the size of `axis` must be known.

    Output shape:
        The input's shape.

    Weights:
        `gamma`, `beta` (trainable), `moving_mean`, `moving_variance`
        (non-trainable), each of shape `(input_shape[axis],)`.

    Example:
    >>> layer = BatchNormalization()
    >>> x = np.array([[0.0, 2.0], [2.0, 6.0]], "float32")
    >>> np.round(np.asarray(layer(x, training=True)), 2).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    >>> [round(float(v), 3) for v in layer.moving_mean.numpy()]
    [0.01, 0.04]

    References:
        Ioffe & Szegedy, 2015, https://arxiv.org/abs/1502.03167;
        Ioffe, 2017 (renormalization), https://arxiv.org/abs/1702.03275.
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: InitializerLike = "zeros",
        gamma_initializer: InitializerLike = "ones",
        moving_mean_initializer: InitializerLike = "zeros",
        moving_variance_initializer: InitializerLike = "ones",
        beta_regularizer: TensorFn | None = None,
        gamma_regularizer: TensorFn | None = None,
        beta_constraint: TensorFn | None = None,
        gamma_constraint: TensorFn | None = None,
        renorm: bool = False,
        renorm_clipping: dict[str, float] | None = None,
        renorm_momentum: float = 0.99,
        synchronized: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"BatchNormalization layer {self.name!r}: `axis` must be an "
                f"int. Received: axis={axis!r}"
            )
        for arg, value in (("momentum", momentum),
                           ("renorm_momentum", renorm_momentum)):
            if isinstance(value, bool) or not isinstance(
                value, (int, float)
            ) or not 0 <= value <= 1:  # fmt: skip
                raise ValueError(
                    f"BatchNormalization layer {self.name!r}: `{arg}` must "
                    f"be a float in [0, 1]. Received: {arg}={value!r}"
                )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = check_epsilon(self.name, epsilon)
        self.center = center
        self.scale = scale
        self.synchronized = synchronized
        (
            self.beta_initializer, self.gamma_initializer,
            self.beta_regularizer, self.gamma_regularizer,
            self.beta_constraint, self.gamma_constraint,
        ) = affine_args(
            beta_initializer, gamma_initializer, beta_regularizer,
            gamma_regularizer, beta_constraint, gamma_constraint,
        )  # fmt: skip
        self.moving_mean_initializer = initializers.get(
            moving_mean_initializer
        )
        self.moving_variance_initializer = initializers.get(
            moving_variance_initializer
        )
        self.renorm = renorm
        if renorm:
            renorm_clipping = dict(renorm_clipping or {})
            _check_renorm_clipping(self.name, renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = float(renorm_momentum)
        self.supports_masking = True
        self.gamma: Variable | None = None
        self.beta: Variable | None = None
        self._axis = 0
        self._reduction_axes: list[int] = []

    def build(self, input_shape: Shape) -> None:
        (axis,) = canonical_axes(self.name, self.axis, input_shape)
        self._axis = axis
        self._reduction_axes = [
            i for i in range(len(input_shape)) if i != axis
        ]
        shape = weight_shape(input_shape, [axis])
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, name="gamma",
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, autocast=False,
            )  # fmt: skip
        if self.center:
            self.beta = self.add_weight(
                shape=shape, name="beta",
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, autocast=False,
            )  # fmt: skip
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean",
            initializer=self.moving_mean_initializer, trainable=False,
            autocast=False,
        )  # fmt: skip
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance",
            initializer=self.moving_variance_initializer, trainable=False,
            autocast=False,
        )  # fmt: skip
        if self.renorm:
            stddev_init = _SqrtOf(self.moving_variance_initializer)
            self.moving_stddev = self.add_weight(
                shape=shape, name="moving_stddev", initializer=stddev_init,
                trainable=False, autocast=False,
            )  # fmt: skip
            self.renorm_mean = self.add_weight(
                shape=shape, name="renorm_mean",
                initializer=self.moving_mean_initializer, trainable=False,
                autocast=False,
            )  # fmt: skip
            self.renorm_stddev = self.add_weight(
                shape=shape, name="renorm_stddev", initializer=stddev_init,
                trainable=False, autocast=False,
            )  # fmt: skip
        self.input_spec = InputSpec(
            ndim=len(input_shape), axes={axis: input_shape[axis]}
        )

    def call(
        self, inputs: Tensor, training: bool | None = None,
        mask: Tensor | None = None,
    ) -> Tensor:  # fmt: skip
        if mask is not None and len(mask.shape) != len(inputs.shape) - 1:
            raise ValueError(
                f"BatchNormalization layer {self.name!r}: the mask must "
                "have one dimension less than the inputs. Received: "
                f"mask.shape={tuple(mask.shape)}, "
                f"inputs.shape={tuple(inputs.shape)}"
            )
        # Half-precision statistics overflow: compute in float32 at least.
        dtype = backend.result_type(inputs.dtype, "float32")
        inputs = ops.cast(inputs, dtype)
        gamma = None if self.gamma is None else ops.cast(self.gamma, dtype)
        beta = None if self.beta is None else ops.cast(self.beta, dtype)
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if self.renorm:
                gamma, beta = self._renorm_transform(
                    mean, variance, gamma, beta
                )
            else:
                self._update_moving(self.moving_mean, mean, self.momentum)
                self._update_moving(
                    self.moving_variance, variance, self.momentum
                )
        else:
            mean = ops.cast(self.moving_mean, dtype)
            variance = ops.cast(self.moving_variance, dtype)
        outputs = ops.batch_normalization(
            inputs, mean, variance, axis=self._axis, offset=beta,
            scale=gamma, epsilon=self.epsilon,
        )  # fmt: skip
        return ops.cast(outputs, self.compute_dtype)

    @staticmethod
    def _update_moving(variable, value, momentum):
        current = ops.cast(variable, value.dtype)
        variable.assign(current * momentum + value * (1.0 - momentum))

    def _moments(self, inputs, mask):
        """Per-feature mean and variance over the unmasked entries (and the
        real rows of a padded batch)."""
        weights = None
        if mask is not None:
            weights = ops.cast(ops.expand_dims(mask, self._axis), inputs.dtype)
        padding = scopes.get_padding_mask()
        if padding is not None and tuple(padding.shape) == (
            inputs.shape[0],
        ):  # fmt: skip
            rows = ops.reshape(
                ops.cast(padding, inputs.dtype),
                (-1,) + (1,) * (len(inputs.shape) - 1),
            )
            weights = rows if weights is None else weights * rows
        if weights is None:
            return ops.moments(
                inputs, axes=self._reduction_axes,
                synchronized=self.synchronized,
            )  # fmt: skip
        weights = ops.broadcast_to(weights, ops.shape(inputs))
        axes = self._reduction_axes
        # Keras divides by `count + epsilon()`, so that a fully masked
        # feature gives 0 rather than NaN; kept for equal numbers.
        count = ops.sum(weights, axis=axes, keepdims=True)
        count = count + backend.epsilon()
        mean = ops.sum(inputs * weights, axis=axes, keepdims=True) / count
        variance = ops.sum(
            ops.square(inputs - mean) * weights, axis=axes, keepdims=True
        ) / count
        size = inputs.shape[self._axis]
        return ops.reshape(mean, (size,)), ops.reshape(variance, (size,))

    def _renorm_transform(self, mean, variance, gamma, beta):
        """The scale and offset of batch renormalization, which folds the
        corrections `r`, `d` into `gamma`, `beta`; updates the renorm and
        moving statistics."""
        dtype = mean.dtype
        stddev = ops.sqrt(variance + self.epsilon)
        renorm_mean = ops.cast(self.renorm_mean, dtype)
        renorm_stddev = ops.cast(self.renorm_stddev, dtype)
        # Guard the division early in training.
        safe_stddev = ops.maximum(renorm_stddev, math.sqrt(self.epsilon))
        r = stddev / safe_stddev
        d = (mean - renorm_mean) / safe_stddev
        clipping = self.renorm_clipping or {}
        if clipping.get("rmin") is not None:
            r = ops.maximum(r, clipping["rmin"])
        if clipping.get("rmax") is not None:
            r = ops.minimum(r, clipping["rmax"])
        if clipping.get("dmax") is not None:
            d = ops.clip(d, -clipping["dmax"], clipping["dmax"])
        r, d = ops.stop_gradient(r), ops.stop_gradient(d)
        # (x_hat * r + d) * gamma + beta == x_hat * (r gamma) + (d gamma
        # + beta).
        new_gamma = r if gamma is None else r * gamma
        new_beta = d if gamma is None else d * gamma
        if beta is not None:
            new_beta = new_beta + beta

        self._update_moving(self.renorm_mean, mean, self.renorm_momentum)
        self._update_moving(self.renorm_stddev, stddev, self.renorm_momentum)
        self._update_moving(self.moving_mean, mean, self.momentum)
        moving_stddev = ops.cast(self.moving_stddev, dtype)
        moving_stddev = (
            moving_stddev * self.momentum + stddev * (1.0 - self.momentum)
        )
        self.moving_stddev.assign(moving_stddev)
        # relu: rounding must not make the variance negative.
        self.moving_variance.assign(
            ops.relu(ops.square(moving_stddev) - self.epsilon)
        )
        return new_gamma, new_beta

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        canonical_axes(self.name, self.axis, input_shape)
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **affine_config(self),
            "moving_mean_initializer": serialize_object(
                self.moving_mean_initializer
            ),
            "moving_variance_initializer": serialize_object(
                self.moving_variance_initializer
            ),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**deserialize_initializers(config))


def _check_renorm_clipping(name: str, clipping: dict[str, float]) -> None:
    unknown = set(clipping) - set(_RENORM_KEYS)
    if unknown:
        raise ValueError(
            f"BatchNormalization layer {name!r}: unknown keys "
            f"{sorted(unknown)} in `renorm_clipping`; the keys are "
            f"{list(_RENORM_KEYS)}. Received: renorm_clipping={clipping}"
        )
    rmax, rmin, dmax = (clipping.get(k) for k in _RENORM_KEYS)
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            f"BatchNormalization layer {name!r}: `renorm_clipping` needs "
            f"rmax >= rmin. Received: rmax={rmax}, rmin={rmin}"
        )
    if dmax is not None and dmax < 0:
        raise ValueError(
            f"BatchNormalization layer {name!r}: `renorm_clipping` needs "
            f"dmax >= 0. Received: dmax={dmax}"
        )
