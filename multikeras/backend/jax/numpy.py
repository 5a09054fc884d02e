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
    "broadcast_to", "tile", "take", "get_item", "take_along_axis", "arange", "zeros",
    "ones", "full", "eye", "sort",
]  # fmt: skip

abs = jnp.abs
add = jnp.add
subtract = jnp.subtract
multiply = jnp.multiply
floor_divide = jnp.floor_divide
mod = jnp.mod
power = jnp.power
negative = jnp.negative
sqrt = jnp.sqrt
square = jnp.square
exp = jnp.exp
log = jnp.log
log1p = jnp.log1p
expm1 = jnp.expm1
sin = jnp.sin
cos = jnp.cos
tanh = jnp.tanh
sign = jnp.sign
floor = jnp.floor
ceil = jnp.ceil
maximum = jnp.maximum
minimum = jnp.minimum
equal = jnp.equal
not_equal = jnp.not_equal
less = jnp.less
less_equal = jnp.less_equal
greater = jnp.greater
greater_equal = jnp.greater_equal
logical_and = jnp.logical_and
logical_or = jnp.logical_or
logical_not = jnp.logical_not
isnan = jnp.isnan
isfinite = jnp.isfinite
matmul = jnp.matmul


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
    return jnp.take(x, indices, axis=axis)


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
