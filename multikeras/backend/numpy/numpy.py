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
    "broadcast_to", "tile", "take", "get_item", "take_along_axis", "arange",
    "zeros", "ones", "full", "eye", "sort",
]  # fmt: skip


def _quiet():
    # NumPy warns where JAX quietly returns inf or nan (log(0), sqrt(-1),
    # exp overflow); the reference gives the same IEEE values, quietly.
    return np.errstate(divide="ignore", invalid="ignore", over="ignore")


# Thin wrappers rather than aliases: the contract fixes the argument
# names (np's own are positional-only or differ).


def abs(x):
    return np.abs(x)


def add(x1, x2):
    return np.add(x1, x2)


def subtract(x1, x2):
    return np.subtract(x1, x2)


def multiply(x1, x2):
    return np.multiply(x1, x2)


def negative(x):
    return np.negative(x)


def sqrt(x):
    with _quiet():
        return np.sqrt(x)


def square(x):
    return np.square(x)


def exp(x):
    with _quiet():
        return np.exp(x)


def log(x):
    with _quiet():
        return np.log(x)


def log1p(x):
    with _quiet():
        return np.log1p(x)


def expm1(x):
    with _quiet():
        return np.expm1(x)


def sin(x):
    return np.sin(x)


def cos(x):
    return np.cos(x)


def tanh(x):
    return np.tanh(x)


def sign(x):
    return np.sign(x)


def floor(x):
    return np.floor(x)


def ceil(x):
    return np.ceil(x)


def maximum(x1, x2):
    return np.maximum(x1, x2)


def minimum(x1, x2):
    return np.minimum(x1, x2)


def equal(x1, x2):
    return np.equal(x1, x2)


def not_equal(x1, x2):
    return np.not_equal(x1, x2)


def less(x1, x2):
    return np.less(x1, x2)


def less_equal(x1, x2):
    return np.less_equal(x1, x2)


def greater(x1, x2):
    return np.greater(x1, x2)


def greater_equal(x1, x2):
    return np.greater_equal(x1, x2)


def logical_and(x1, x2):
    return np.logical_and(x1, x2)


def logical_or(x1, x2):
    return np.logical_or(x1, x2)


def logical_not(x):
    return np.logical_not(x)


def isnan(x):
    return np.isnan(x)


def isfinite(x):
    return np.isfinite(x)


def matmul(x1, x2):
    return np.matmul(x1, x2)


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
