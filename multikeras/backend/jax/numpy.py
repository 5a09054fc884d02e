"""NumPy-like ops of the JAX backend, over jax.numpy.

Inputs arrive with promoted dtypes (see `multikeras.ops`), so these are
direct calls; argument names follow the contract.
"""

import jax.numpy as jnp

from multikeras.backend.jax.core import jax_dtype

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

# Thin wrappers rather than aliases: the contract fixes the argument
# names (jnp's own are positional-only or differ).


def abs(x):
    return jnp.abs(x)


def add(x1, x2):
    return jnp.add(x1, x2)


def subtract(x1, x2):
    return jnp.subtract(x1, x2)


def multiply(x1, x2):
    return jnp.multiply(x1, x2)


def floor_divide(x1, x2):
    return jnp.floor_divide(x1, x2)


def mod(x1, x2):
    return jnp.mod(x1, x2)


def power(x1, x2):
    return jnp.power(x1, x2)


def negative(x):
    return jnp.negative(x)


def sqrt(x):
    return jnp.sqrt(x)


def square(x):
    return jnp.square(x)


def exp(x):
    return jnp.exp(x)


def log(x):
    return jnp.log(x)


def log1p(x):
    return jnp.log1p(x)


def expm1(x):
    return jnp.expm1(x)


def sin(x):
    return jnp.sin(x)


def cos(x):
    return jnp.cos(x)


def tanh(x):
    return jnp.tanh(x)


def sign(x):
    return jnp.sign(x)


def floor(x):
    return jnp.floor(x)


def ceil(x):
    return jnp.ceil(x)


def maximum(x1, x2):
    return jnp.maximum(x1, x2)


def minimum(x1, x2):
    return jnp.minimum(x1, x2)


def equal(x1, x2):
    return jnp.equal(x1, x2)


def not_equal(x1, x2):
    return jnp.not_equal(x1, x2)


def less(x1, x2):
    return jnp.less(x1, x2)


def less_equal(x1, x2):
    return jnp.less_equal(x1, x2)


def greater(x1, x2):
    return jnp.greater(x1, x2)


def greater_equal(x1, x2):
    return jnp.greater_equal(x1, x2)


def logical_and(x1, x2):
    return jnp.logical_and(x1, x2)


def logical_or(x1, x2):
    return jnp.logical_or(x1, x2)


def logical_not(x):
    return jnp.logical_not(x)


def isnan(x):
    return jnp.isnan(x)


def isfinite(x):
    return jnp.isfinite(x)


def matmul(x1, x2):
    return jnp.matmul(x1, x2)


def divide(x1, x2):
    return jnp.true_divide(x1, x2)


def round(x, decimals=0):
    return jnp.round(x, decimals)


def clip(x, x_min, x_max):
    return jnp.clip(x, x_min, x_max)


def where(condition, x1, x2):
    return jnp.where(condition, x1, x2)


def einsum(subscripts, *operands):
    return jnp.einsum(subscripts, *operands)


def sum(x, axis=None, keepdims=False):
    return jnp.sum(x, axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return jnp.mean(x, axis=axis, keepdims=keepdims)


def max(x, axis=None, keepdims=False):
    return jnp.max(x, axis=axis, keepdims=keepdims)


def min(x, axis=None, keepdims=False):
    return jnp.min(x, axis=axis, keepdims=keepdims)


def prod(x, axis=None, keepdims=False):
    return jnp.prod(x, axis=axis, keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    return jnp.var(x, axis=axis, keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return jnp.any(x, axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return jnp.all(x, axis=axis, keepdims=keepdims)


def argmax(x, axis=None, keepdims=False):
    return jnp.argmax(x, axis=axis, keepdims=keepdims).astype("int32")


def argmin(x, axis=None, keepdims=False):
    return jnp.argmin(x, axis=axis, keepdims=keepdims).astype("int32")


def cumsum(x, axis=None):
    return jnp.cumsum(x, axis=axis)


def reshape(x, newshape):
    return jnp.reshape(x, newshape)


def transpose(x, axes=None):
    return jnp.transpose(x, axes)


def concatenate(xs, axis=0):
    return jnp.concatenate(xs, axis=axis)


def stack(xs, axis=0):
    return jnp.stack(xs, axis=axis)


def expand_dims(x, axis):
    return jnp.expand_dims(x, axis)


def squeeze(x, axis=None):
    return jnp.squeeze(x, axis=axis)


def broadcast_to(x, shape):
    return jnp.broadcast_to(x, shape)


def tile(x, repeats):
    return jnp.tile(x, repeats)


def take(x, indices, axis=None):
    # Out-of-range indices are clamped, as in the NumPy backend (jnp.take
    # would fill them with NaN); negative ones count from the end first.
    size = x.size if axis is None else x.shape[axis]
    indices = jnp.asarray(indices)
    indices = jnp.where(indices < 0, indices + size, indices)
    return jnp.take(x, indices, axis=axis, mode="clip")


def get_item(x, key):
    return x[key]


def take_along_axis(x, indices, axis=None):
    return jnp.take_along_axis(x, indices, axis=axis)


def arange(start, stop=None, step=1, dtype=None):
    return jnp.arange(start, stop, step, dtype=jax_dtype(dtype))


def zeros(shape, dtype=None):
    return jnp.zeros(shape, dtype=jax_dtype(dtype))


def ones(shape, dtype=None):
    return jnp.ones(shape, dtype=jax_dtype(dtype))


def full(shape, fill_value, dtype=None):
    return jnp.full(shape, fill_value, dtype=jax_dtype(dtype))


def eye(N, M=None, k=0, dtype=None):
    return jnp.eye(N, M, k, dtype=jax_dtype(dtype))


def sort(x, axis=-1):
    return jnp.sort(x, axis=axis)
