"""Shape manipulation, joining, splitting and indexing of the NumPy backend."""

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
    return np.reshape(x, newshape)


def transpose(x, axes=None):
    return np.transpose(x, axes)


def concatenate(xs, axis=0):
    return np.concatenate(xs, axis=axis)


def split(x, indices, axis=0):
    return np.split(x, list(indices), axis=axis)


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
    # JAX's "fill" mode: negative indices count from the end, indices
    # outside [-n, n) read a fill value appended after the last element.
    x = np.asarray(x)
    indices = np.asarray(indices)
    if axis is None:
        x, axis = x.reshape(-1), 0
    size = x.shape[axis]
    fill_shape = list(x.shape)
    fill_shape[axis] = 1
    extended = np.concatenate(
        [x, np.full(fill_shape, _fill_value(x.dtype), x.dtype)], axis=axis
    )
    valid = (indices >= -size) & (indices < size)
    safe = np.where(valid, np.where(indices < 0, indices + size, indices), size)
    return np.take_along_axis(extended, safe, axis=axis)


def _fill_value(dtype):
    if dtype == np.bool_:
        return True
    if np.issubdtype(dtype, np.signedinteger):
        return np.iinfo(dtype).min
    if np.issubdtype(dtype, np.unsignedinteger):
        return np.iinfo(dtype).max
    return np.nan


def repeat(x, repeats, axis=None):
    return np.repeat(x, repeats, axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return np.pad(x, pad_width, mode=mode, constant_values=value)
    return np.pad(x, pad_width, mode=mode)


def nonzero(x):
    return tuple(i.astype(np.int32) for i in np.nonzero(x))


def copy(x):
    return np.array(x, copy=True)
