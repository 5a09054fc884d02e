"""`PReLU`: a leaky rectifier whose slopes are learned."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.core._objects import get_callable
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.layers.PReLU")
class PReLU(Layer):
    """Parametric ReLU: `x` for `x >= 0`, else `alpha * x`, with `alpha` a
    trainable weight of the input's shape (batch axis excluded).

    Args:
        alpha_initializer: defaults to "Zeros" (starts as a ReLU).
        alpha_regularizer: optional penalty on `alpha`.
        alpha_constraint: optional constraint on `alpha`.
        shared_axes: input axes (1-based, the batch axis being 0) along
            which one slope is shared, e.g. `[1, 2]` for one slope per
            channel of `(batch, height, width, channels)` images.

    Example:
    >>> layer = PReLU(alpha_initializer=multikeras.initializers.Constant(0.1),
    ...               shared_axes=[1])
    >>> np.asarray(layer(np.array([[[-2.0, 3.0], [4.0, -5.0]]])))
    array([[[-0.2,  3. ],
            [ 4. , -0.5]]], dtype=float32)
    >>> layer.weights[0].shape
    (1, 2)
    """

    def __init__(
        self,
        alpha_initializer: InitializerLike = "Zeros",
        alpha_regularizer: TensorFn | None = None,
        alpha_constraint: TensorFn | None = None,
        shared_axes: int | list[int] | tuple[int, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = get_callable(
            "regularizers", alpha_regularizer
        )
        self.alpha_constraint = get_callable("constraints", alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        for axis in self.shared_axes or ():
            if not isinstance(axis, int) or isinstance(axis, bool) or (
                axis == 0
            ):
                raise ValueError(
                    f"PReLU layer {self.name!r}: `shared_axes` must hold "
                    "non-batch axis indices (ints other than 0). Received: "
                    f"shared_axes={shared_axes!r}"
                )

    def build(self, input_shape: Shape) -> None:
        rank = len(input_shape)
        param_shape: list[Any] = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not -rank < axis < rank:
                raise ValueError(
                    f"PReLU layer {self.name!r}: shared axis {axis} is out "
                    f"of range for an input of shape {tuple(input_shape)}."
                )
            param_shape[axis % rank - 1] = 1
        if None in param_shape:
            raise ValueError(
                f"PReLU layer {self.name!r}: the input axes that are not "
                "shared must have known sizes to create `alpha`. Received "
                f"input shape {tuple(input_shape)}; share the unknown "
                "axes with `shared_axes`."
            )
        self.alpha = self.add_weight(
            shape=tuple(param_shape),
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
            name="alpha",
        )
        # Every axis that has its own slopes is fixed from now on (Keras
        # fixes them only when some axis is shared).
        shared = {a % rank for a in self.shared_axes or ()}
        axes = {i: input_shape[i] for i in range(1, rank) if i not in shared}
        self.input_spec = InputSpec(ndim=rank, axes=axes)

    def call(self, inputs: Tensor) -> Tensor:
        positive = ops.relu(inputs)
        negative = ops.multiply(-self.alpha, ops.relu(ops.negative(inputs)))
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "alpha_initializer": serialize_object(self.alpha_initializer),
            "alpha_regularizer": serialize_object(self.alpha_regularizer),
            "alpha_constraint": serialize_object(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        if isinstance(config.get("alpha_initializer"), dict):
            config["alpha_initializer"] = initializers.deserialize(
                config["alpha_initializer"]
            )
        return cls(**config)
