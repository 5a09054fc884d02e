"""NumPy-like shape manipulation, joining, splitting and indexing."""

from multikeras.backend.interface._groups import group


@group("numpy")
def reshape(x, newshape):
    """`x` with shape `newshape` (one entry may be -1)."""


@group("numpy")
def transpose(x, axes=None):
    """`x` with its axes permuted (reversed when `axes` is None)."""


@group("numpy")
def concatenate(xs, axis=0):
    """Tensors joined along an existing axis."""


@group("numpy")
def split(x, indices, axis=0):
    """`x` cut before each of the sorted `indices` along `axis` (one
    primitive, so its gradient is one concatenation, not a pad per part)."""


@group("numpy")
def stack(xs, axis=0):
    """Tensors joined along a new axis."""


@group("numpy")
def expand_dims(x, axis):
    """`x` with a new axis of size 1 inserted at `axis`."""


@group("numpy")
def squeeze(x, axis=None):
    """`x` with size-1 axes removed."""


@group("numpy")
def broadcast_to(x, shape):
    """`x` broadcast to `shape`."""


@group("numpy")
def tile(x, repeats):
    """`x` repeated `repeats` times along each axis."""


@group("numpy")
def take(x, indices, axis=None):
    """Elements of `x` at integer `indices` along `axis`."""


@group("numpy")
def get_item(x, key):
    """`x[key]` with NumPy basic and integer-array indexing."""


@group("numpy")
def take_along_axis(x, indices, axis=None):
    """Elements of `x` at `indices`, matched along `axis`.

    Negative indices count from the end; indices outside `[-n, n)` give a
    fill value, as jax.numpy's "fill" mode: NaN for floats, the smallest
    value of a signed int, the largest of an unsigned int, True for bools.
    """


@group("numpy")
def repeat(x, repeats, axis=None):
    """Each element of `x` repeated `repeats` times along `axis` (on the
    flattened `x` if None); `repeats` is an int or one int per element."""


@group("numpy")
def pad(x, pad_width, mode="constant", constant_values=None):
    """`x` padded by `pad_width` (one `(before, after)` pair per axis).

    `mode` is one of NumPy's: "constant", "edge", "linear_ramp", "maximum",
    "mean", "median", "minimum", "reflect", "symmetric", "wrap", "empty".
    `constant_values` (a scalar, None for 0) is used by "constant" only.
    """


@group("numpy")
def nonzero(x):
    """Tuple of int32 index tensors, one per axis, of the non-zero
    elements of `x` (in row-major order)."""


@group("numpy")
def copy(x):
    """A copy of `x` that shares no memory with it."""
