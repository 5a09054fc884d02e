"""Symbolic tensors for the Functional API, and plain shape/dtype specs."""

from multikeras.api_export import export
from multikeras.backend.common.dtypes import standardize_dtype
from multikeras.backend.common.operators import TensorOperators


class ShapeDtype:
    """A `(shape, dtype)` pair: what `eval_shape` takes and returns."""

    __slots__ = ("shape", "dtype")

    def __init__(self, shape, dtype):
        self.shape = tuple(shape)
        self.dtype = standardize_dtype(dtype)

    def __repr__(self):
        return f"ShapeDtype(shape={self.shape}, dtype={self.dtype})"


def _normalize_shape(shape):
    if shape is None:
        raise ValueError("A KerasTensor needs a shape (None dims allowed).")
    dims = []
    for d in tuple(shape):
        if d is None:
            dims.append(None)
        elif isinstance(d, int) or hasattr(d, "__index__"):
            d = int(d)
            if d < 0:
                raise ValueError(f"Negative dimension {d} in shape {shape}.")
            dims.append(d)
        else:
            raise ValueError(
                f"Shape dimensions must be ints or None. Received: {shape}"
            )
    return tuple(dims)


@export("multikeras.KerasTensor")
class KerasTensor(TensorOperators):
    """A placeholder with a shape and a dtype, from which graphs are built.

    `shape` may hold `None` for unknown dimensions. Calling an op or a layer
    on KerasTensors records a node of the graph and returns new
    KerasTensors; `multikeras.Model(inputs, outputs)` later replays it.
    """

    def __init__(self, shape, dtype="float32", name=None, sparse=False):
        self.shape = _normalize_shape(shape)
        self.dtype = standardize_dtype(dtype)
        self.name = name
        self.sparse = sparse
        self._history = None  # (node, output index) that produced it

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        return (
            f"<KerasTensor shape={self.shape}, dtype={self.dtype}{name}>"
        )

    def __bool__(self):
        raise TypeError(
            "A symbolic KerasTensor has no truth value: it stands for values "
            "that only exist when the model runs. Use ops.where or ops.cond."
        )

    def __len__(self):
        if not self.shape or self.shape[0] is None:
            raise TypeError(f"len() of a KerasTensor of shape {self.shape}.")
        return self.shape[0]

    def __iter__(self):
        raise TypeError(
            "A KerasTensor cannot be iterated; use ops.unstack or slicing."
        )

    __hash__ = object.__hash__



@export(
    "multikeras.backend.is_keras_tensor", "multikeras.utils.is_keras_tensor"
)
def is_keras_tensor(x):
    """Whether `x` is a symbolic `KerasTensor`."""
    return isinstance(x, KerasTensor)
