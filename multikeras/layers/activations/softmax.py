"""`Softmax`: normalized exponentials, with an optional mask."""

from __future__ import annotations

from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


def _large_negative(dtype: str) -> float:
    # -1e9 overflows float16; Keras uses -3e4 there.
    return -3e4 if backend.standardize_dtype(dtype) == "float16" else -1e9


@export("multikeras.layers.Softmax")
class Softmax(Layer):
    """Softmax over `axis`: `exp(x) / sum(exp(x), axis)`.

    Args:
        axis: int or list of ints, the axis (axes) normalized over.
            Defaults to -1.

    Call arguments:
        inputs: the logits.
        mask: optional boolean mask broadcastable to `inputs` (each of its
            dims 1 or equal to the input's); False positions get a large
            negative logit (-1e9, -3e4 in float16) and output 0.

    Example:
    >>> np.asarray(Softmax()(np.array([1.0, 2.0, 1.0]))).round(4)
    array([0.2119, 0.5761, 0.2119], dtype=float32)
    """

    def __init__(self, axis: int | list[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        axes = axis if isinstance(axis, (list, tuple)) else [axis]
        if not axes or not all(
            isinstance(a, int) and not isinstance(a, bool) for a in axes
        ):
            raise ValueError(
                f"Softmax layer {self.name!r}: `axis` must be an int or a "
                f"non-empty list of ints. Received: axis={axis!r}"
            )
        self.axis = list(axis) if isinstance(axis, tuple) else axis
        self.supports_masking = True

    def _check_mask(self, inputs: Tensor, mask: Tensor) -> None:
        in_shape, m_shape = tuple(inputs.shape), tuple(mask.shape)
        ok = len(m_shape) <= len(in_shape) and all(
            m in (None, 1) or i is None or m == i
            for m, i in zip(m_shape[::-1], in_shape[::-1])
        )
        if not ok:
            raise ValueError(
                f"Softmax layer {self.name!r}: the mask must broadcast to "
                "the inputs (each mask dim 1 or equal to the input's, no "
                f"extra dims). Received: inputs.shape={in_shape}, "
                f"mask.shape={m_shape}"
            )

    def call(self, inputs: Tensor, mask: Tensor | None = None) -> Tensor:
        if mask is not None:
            self._check_mask(inputs, mask)
            if backend.standardize_dtype(mask.dtype) != "bool":
                mask = ops.greater(mask, 0.5)
            inputs = ops.where(
                mask, inputs, _large_negative(inputs.dtype)
            )
        if isinstance(self.axis, list) and len(self.axis) > 1:
            outputs = ops.exp(
                inputs
                - ops.math.logsumexp(inputs, axis=self.axis, keepdims=True)
            )
        else:
            axis = self.axis[0] if isinstance(self.axis, list) else self.axis
            outputs = ops.softmax(inputs, axis=axis)
        if mask is not None:
            # A fully masked row would otherwise come out uniform.
            outputs = ops.where(mask, outputs, ops.zeros_like(outputs))
        return outputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "axis": self.axis}
