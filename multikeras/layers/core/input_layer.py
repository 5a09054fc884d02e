"""`Input` and `InputLayer`: the entry points of a Functional graph."""

from multikeras import backend
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.ops.node import Node


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
        shape=None,
        batch_size=None,
        dtype=None,
        sparse=None,
        batch_shape=None,
        input_tensor=None,
        optional=False,
        name=None,
        **kwargs,
    ):
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
        self.batch_shape = tuple(batch_shape)
        self.optional = optional
        self.sparse = False
        self.built = True
        output = KerasTensor(self.batch_shape, dtype=self.dtype, name=self.name)
        Node(self, (), {}, output)
        self.output = output

    @property
    def dtype(self):
        return self._dtype

    def call(self, inputs):
        return inputs

    def get_config(self):
        return {
            "batch_shape": self.batch_shape,
            "dtype": self.dtype,
            "sparse": False,
            "name": self.name,
        }


@export("multikeras.Input", "multikeras.layers.Input")
def Input(
    shape=None,
    batch_size=None,
    dtype=None,
    sparse=None,
    batch_shape=None,
    name=None,
    tensor=None,
    optional=False,
):
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
