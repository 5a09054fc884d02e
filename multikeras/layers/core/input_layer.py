"""`Input` and `InputLayer`: the entry points of a Functional graph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import backend
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.ops.node import Node
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.InputLayer")
class InputLayer(Layer):
    """Holds a model input: a KerasTensor with a batch shape and dtype.

    Args:
        shape: the shape without the batch dimension, e.g. `(784,)`.
        batch_size: optional fixed batch size.
        dtype: the input dtype (floatx if None).
        batch_shape: the full shape including the batch dim (instead of
            `shape` and `batch_size`).
        name: the layer's (and the input's) name.
    """

    def __init__(
        self,
        shape: int | Sequence[int | None] | None = None,
        batch_size: int | None = None,
        dtype: DTypeLike = None,
        sparse: bool | None = None,
        batch_shape: Sequence[int | None] | None = None,
        input_tensor: KerasTensor | None = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, dtype=dtype, **kwargs)
        if sparse:
            raise ValueError(
                "InputLayer: multikeras has no sparse tensors. Received: "
                "sparse=True"
            )
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(
                    "InputLayer: `input_tensor` must be a KerasTensor. "
                    f"Received: {input_tensor!r}"
                )
            batch_shape = input_tensor.shape
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "InputLayer: pass `shape` or `batch_shape`, not both. "
                f"Received: shape={shape}, batch_shape={batch_shape}"
            )
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "InputLayer needs a `shape` (without the batch "
                    "dimension), e.g. Input(shape=(784,))."
                )
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size, *shape)
        self.batch_shape: Shape = tuple(batch_shape)
        self.optional = optional
        self.sparse = False
        self.built = True
        output = KerasTensor(self.batch_shape, dtype=self.dtype, name=self.name)
        Node(self, (), {}, output)
        self.output = output

    @property
    def dtype(self) -> str:
        return self._dtype

    def call(self, inputs: Tensor) -> Tensor:
        return inputs

    def get_config(self) -> Config:
        return {
            "batch_shape": self.batch_shape,
            "dtype": self.dtype,
            "sparse": False,
            "name": self.name,
        }


@export("multikeras.Input", "multikeras.layers.Input")
def Input(
    shape: int | Sequence[int | None] | None = None,
    batch_size: int | None = None,
    dtype: DTypeLike = None,
    sparse: bool | None = None,
    batch_shape: Sequence[int | None] | None = None,
    name: str | None = None,
    tensor: KerasTensor | None = None,
    optional: bool = False,
) -> KerasTensor:
    """A symbolic model input (a KerasTensor) for the Functional API.

    Args:
        shape: the shape without the batch dimension, e.g. `(32,)`.
        batch_size: optional static batch size.
        dtype: the input's dtype (floatx if None).
        batch_shape: full shape with the batch dimension.
        name: the input's name; `fit` matches dict data to it.

    Example:
    >>> x = Input(shape=(4,))
    >>> x.shape
    (None, 4)
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=backend.standardize_dtype(dtype),
        sparse=sparse,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        optional=optional,
    )
    return layer.output
