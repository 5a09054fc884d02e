"""`TimeDistributed`: applies a layer to every time step of a sequence."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.call_conventions import call_signature
from multikeras.layers.core.wrapper import Wrapper
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.TimeDistributed")
class TimeDistributed(Wrapper):
    """Applies the same layer (same weights) to every time step.

    Axis 1 of the input is time. The steps are folded into the batch, so
    the wrapped layer runs once on `(batch * time, ...)`: vectorized, not a
    loop over steps. A `(batch, time)` mask is passed on, folded alike, to
    a layer whose `call` takes `mask`.

    Args:
        layer: the `Layer` applied to each step.

    Input shape:
        `(batch, time, ...)`, rank >= 3.

    Output shape:
        `(batch, time, ...)` with the wrapped layer's per-step output
        shape.

    Example:
    >>> layer = TimeDistributed(multikeras.layers.Dense(2))
    >>> layer(np.ones((4, 3, 5))).shape
    (4, 3, 2)
    """

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "TimeDistributed: `layer` must be a multikeras Layer. "
                f"Received: layer={layer!r}"
            )
        super().__init__(layer, **kwargs)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)

    def _child_shape(self, input_shape: Shape) -> Shape:
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                f"TimeDistributed layer {self.name!r} needs inputs of rank "
                f">= 3, (batch, time, ...). Received input shape "
                f"{input_shape}."
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape: Any = None) -> None:
        child = self._child_shape(input_shape)
        if not self.layer.built:
            self.layer.build(child)
            self.layer.built = True

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        child = self.layer.compute_output_shape(
            self._child_shape(input_shape)
        )
        return (child[0], input_shape[1], *child[1:])

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return previous_mask

    def call(
        self,
        inputs: Tensor,
        training: bool | None = None,
        mask: Tensor | None = None,
    ) -> Tensor:
        shape = ops.shape(inputs)
        batch, steps = shape[0], shape[1]
        kwargs: dict[str, Any] = {}
        signature = call_signature(self.layer)
        if mask is not None:
            mask_shape = tuple(mask.shape)
            if len(mask_shape) < 2 or tuple(mask_shape[:2]) != (batch, steps):
                raise ValueError(
                    f"TimeDistributed layer {self.name!r}: the mask must "
                    f"start with (batch, time) = {(batch, steps)} like the "
                    f"inputs. Received mask shape {mask_shape}, input shape "
                    f"{tuple(shape)}."
                )
            if signature.accepts_mask:
                kwargs["mask"] = ops.reshape(
                    mask, (batch * steps, *mask_shape[2:])
                )
        if signature.accepts_training and training is not None:
            kwargs["training"] = training
        folded = ops.reshape(inputs, (batch * steps, *shape[2:]))
        outputs = self.layer(folded, **kwargs)
        return ops.reshape(outputs, (batch, steps, *ops.shape(outputs)[1:]))
