"""NumPy-like ops of the NumPy backend.

Inputs arrive with promoted dtypes (see `multikeras.ops`); each function
keeps that dtype, as the JAX backend does.
"""

import numpy as np

from multikeras.backend.numpy.core import np_dtype

__all__ = [
    "abs", "add", "subtract", "multiply", "divide", "floor_divide", "mod",
    "power", "negative", "sqrt", "square", "exp", "log", "log1p", "expm1",
    "sin", "cos", "tanh", "sign", "floor", "ceil", "round", "maximum",
    "minimum", "clip", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_not", "isnan",
    "isfinite", "where", "matmul", "einsum", "sum", "mean", "max", "min",
    "prod", "var", "any", "all", "argmax", "argmin", "cumsum", "reshape",
    "transpose", "concatenate", "stack", "expand_dims", "squeeze",
    "broadcast_to", "tile", "take", "get_item", "take_along_axis", "arange", "zeros",
    "ones", "full", "eye", "sort",
]  # fmt: skip

abs = np.abs
add = np.add
subtract = np.subtract
multiply = np.multiply
negative = np.negative
sqrt = np.sqrt
square = np.square
exp = np.exp
log = np.log
log1p = np.log1p
expm1 = np.expm1
sin = np.sin
cos = np.cos
tanh = np.tanh
sign = np.sign
floor = np.floor
ceil = np.ceil
maximum = np.maximum
minimum = np.minimum
equal = np.equal
not_equal = np.not_equal
less = np.less
less_equal = np.less_equal
greater = np.greater
greater_equal = np.greater_equal
logical_and = np.logical_and
logical_or = np.logical_or
logical_not = np.logical_not
isnan = np.isnan
isfinite = np.isfinite
matmul = np.matmul


def divide(x1, x2):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.true_divide(x1, x2)


def floor_divide(x1, x2):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.floor_divide(x1, x2)


def mod(x1, x2):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.mod(x1, x2)


def power(x1, x2):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(x1, x2)


def round(x, decimals=0):
    return np.round(x, decimals)


def clip(x, x_min, x_max):
    return np.clip(x, x_min, x_max)


def where(condition, x1, x2):
    return np.where(condition, x1, x2)


def einsum(subscripts, *operands):
    return np.einsum(subscripts, *operands, optimize=True)


def _reduce(fn, x, axis, keepdims):
    x = np.asarray(x)
    return np.asarray(fn(x, axis=axis, keepdims=keepdims), dtype=x.dtype)


def sum(x, axis=None, keepdims=False):
    return _reduce(np.sum, x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    return _reduce(np.mean, x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    return _reduce(np.max, x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    return _reduce(np.min, x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _reduce(np.prod, x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _reduce(np.var, x, axis, keepdims)


def any(x, axis=None, keepdims=False):
    return np.asarray(np.any(x, axis=axis, keepdims=keepdims))


def all(x, axis=None, keepdims=False):
    return np.asarray(np.all(x, axis=axis, keepdims=keepdims))


def argmax(x, axis=None, keepdims=False):
    return np.argmax(x, axis=axis, keepdims=keepdims).astype("int32")


def argmin(x, axis=None, keepdims=False):
    return np.argmin(x, axis=axis, keepdims=keepdims).astype("int32")


def cumsum(x, axis=None):
    x = np.asarray(x)
    return np.cumsum(x, axis=axis, dtype=x.dtype)


def reshape(x, newshape):
    return np.reshape(x, newshape)


def transpose(x, axes=None):
    return np.transpose(x, axes)


def concatenate(xs, axis=0):
    return np.concatenate(xs, axis=axis)


def stack(xs, axis=0):
    return np.stack(xs, axis=axis)


def expand_dims(x, axis):
    return np.expand_dims(x, axis)


def squeeze(x, axis=None):
    return np.squeeze(x, axis=axis)


def broadcast_to(x, shape):
    return np.broadcast_to(x, shape)


def tile(x, repeats):
    return np.tile(x, repeats)


def take(x, indices, axis=None):
    # JAX clamps out-of-range indices; the reference does the same.
    x = np.asarray(x)
    size = x.size if axis is None else x.shape[axis]
    indices = np.asarray(indices)
    indices = np.where(indices < 0, indices + size, indices)
    return np.take(x, np.clip(indices, 0, size - 1), axis=axis)


def get_item(x, key):
    return x[key]


def take_along_axis(x, indices, axis=None):
    return np.take_along_axis(x, indices, axis=axis)


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    return np.arange(start, stop, step, dtype=np_dtype(dtype))


def zeros(shape, dtype=None):
    return np.zeros(shape, dtype=np_dtype(dtype))


def ones(shape, dtype=None):
    return np.ones(shape, dtype=np_dtype(dtype))


def full(shape, fill_value, dtype=None):
    return np.full(shape, fill_value, dtype=np_dtype(dtype))


def eye(N, M=None, k=0, dtype=None):
    return np.eye(N, M, k, dtype=np_dtype(dtype))


def sort(x, axis=-1):
    return np.sort(x, axis=axis)
