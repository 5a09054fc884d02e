"""Shape manipulation, joining, splitting and indexing of the JAX backend."""

import jax.numpy as jnp
import numpy as np

__all__ = [
    "reshape",
    "transpose",
    "concatenate",
    "split",
    "stack",
    "expand_dims",
    "squeeze",
    "broadcast_to",
    "tile",
    "take",
    "get_item",
    "take_along_axis",
    "repeat",
    "pad",
    "nonzero",
    "copy",
]


def reshape(x, newshape):
    return jnp.reshape(x, newshape)


def transpose(x, axes=None):
    return jnp.transpose(x, axes)


def concatenate(xs, axis=0):
    return jnp.concatenate(xs, axis=axis)


def split(x, indices, axis=0):
    return jnp.split(x, list(indices), axis=axis)


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
    # Named explicitly: the NumPy backend reproduces this mode.
    return jnp.take_along_axis(x, indices, axis=axis, mode="fill")


def repeat(x, repeats, axis=None):
    if isinstance(repeats, (list, tuple)):
        repeats = np.asarray(repeats)  # concrete: a static output length
    return jnp.repeat(x, repeats, axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, pad_width, mode=mode, constant_values=value)
    return jnp.pad(x, pad_width, mode=mode)


def nonzero(x):
    return tuple(i.astype(jnp.int32) for i in jnp.nonzero(x))


def copy(x):
    return jnp.copy(x)
