"""Joining and splitting: concatenate, stack, append, h/v/dstack, splits.

Inputs are promoted to their common Keras dtype before joining.
"""

import numbers

from multikeras import backend
from multikeras.ops.dispatch import canonical_axis
from multikeras.ops.dispatch import op
from multikeras.ops.dispatch import promote
from multikeras.ops.dispatch import shape_of
from multikeras.ops.dispatch import tensor

__all__ = [
    "append",
    "array_split",
    "concatenate",
    "dsplit",
    "dstack",
    "hsplit",
    "hstack",
    "split",
    "stack",
    "vsplit",
    "vstack",
]


def _B():
    return backend.active


def _check_shapes(name, shapes, axis, new_axis=False, arg="axis"):
    """Same rank, and equal sizes except on `axis` (unknown sizes match)."""
    if not shapes:
        raise ValueError(f"ops.{name}: needs at least one tensor.")
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        raise ValueError(
            f"ops.{name}: all inputs must have the same rank. "
            f"Received shapes: {shapes}"
        )
    rank = ranks.pop()
    if new_axis:
        canonical_axis(name, axis, rank + 1, arg)
        skip = None
    else:
        skip = canonical_axis(name, axis, rank, arg)
    for dim in range(rank):
        sizes = {s[dim] for s in shapes if s[dim] is not None}
        if dim != skip and len(sizes) > 1:
            where = (
                "" if skip is None else f" except on the join axis ({axis})"
            )
            raise ValueError(
                f"ops.{name}: input shapes must match{where}. "
                f"Received shapes: {shapes}"
            )


def _check_join(name):
    def validate(xs, axis=0):
        _check_shapes(name, [shape_of(x) for x in xs], axis,
                      new_axis=name == "stack")  # fmt: skip

    return validate


@op("concatenate", validate=_check_join("concatenate"))
def concatenate(xs, axis=0):
    """Joins tensors along an existing axis (promoted to a common dtype)."""
    return _B().concatenate(promote(*xs), axis=axis)


@op("stack", validate=_check_join("stack"))
def stack(x, axis=0):
    """Joins tensors along a new axis (promoted to a common dtype)."""
    return _B().stack(promote(*x), axis=axis)


def _check_append(x1, x2, axis=None):
    if axis is not None:
        _check_shapes("append", [shape_of(x1), shape_of(x2)], axis)


@op("append", validate=_check_append)
def append(x1, x2, axis=None):
    """`x2` appended after `x1` along `axis`.

    With `axis=None` (default) both are flattened first and the result is
    1-D; otherwise their shapes must match except on `axis`.
    """
    x1, x2 = promote(x1, x2)
    if axis is None:
        x1, x2 = _B().reshape(x1, (-1,)), _B().reshape(x2, (-1,))
        axis = 0
    return _B().concatenate([x1, x2], axis=axis)


def _at_least(x, rank):
    """`x` reshaped to `rank` dims the way NumPy's atleast_2d/3d do."""
    shape = tuple(x.shape)
    if len(shape) >= rank:
        return x
    if rank == 2:
        new = (1,) * (2 - len(shape)) + shape
    elif len(shape) == 2:
        new = shape + (1,)
    else:  # () -> (1, 1, 1), (n,) -> (1, n, 1)
        new = (1,) + (shape or (1,)) + (1,)
    return _B().reshape(x, new)


def _stack_shapes(name, xs, rank, axis):
    shapes = []
    for x in xs:
        shape = tuple(shape_of(x))
        if len(shape) < rank:
            if rank == 1:
                shape = (1,)
            elif rank == 2:
                shape = (1,) * (2 - len(shape)) + shape
            elif len(shape) == 2:
                shape = shape + (1,)
            else:
                shape = (1,) + (shape or (1,)) + (1,)
        shapes.append(shape)
    _check_shapes(name, shapes, axis)


def _check_hstack(xs):
    shapes = [shape_of(x) for x in xs]
    axis = 0 if shapes and len(shapes[0]) <= 1 else 1
    _stack_shapes("hstack", xs, 1, axis)


@op("hstack", validate=_check_hstack)
def hstack(xs):
    """Joins tensors column-wise: along axis 1, or axis 0 for 1-D inputs
    (scalars count as 1-D)."""
    xs = [_B().reshape(x, (1,)) if not x.shape else x for x in promote(*xs)]
    return _B().concatenate(xs, axis=0 if len(xs[0].shape) == 1 else 1)


@op("vstack", validate=lambda xs: _stack_shapes("vstack", xs, 2, 0))
def vstack(xs):
    """Joins tensors row-wise (along axis 0), 1-D inputs as rows."""
    xs = [_at_least(x, 2) for x in promote(*xs)]
    return _B().concatenate(xs, axis=0)


@op("dstack", validate=lambda xs: _stack_shapes("dstack", xs, 3, 2))
def dstack(xs):
    """Joins tensors depth-wise (along axis 2); a 1-D `(n,)` input counts
    as `(1, n, 1)` and a 2-D `(m, n)` one as `(m, n, 1)`."""
    xs = [_at_least(x, 3) for x in promote(*xs)]
    return _B().concatenate(xs, axis=2)


# -------------------------------------------------------------- splitting


def _check_split(name, equal, fixed_axis=None):
    def validate(x, indices_or_sections, axis=0):
        shape = shape_of(x)
        if fixed_axis is not None:
            axis, need = fixed_axis
            if len(shape) < need:
                raise ValueError(
                    f"ops.{name}: `x` needs at least {need} dimension"
                    f"{'s' if need > 1 else ''}. Received: x.shape={shape}"
                )
            if name == "hsplit" and len(shape) == 1:
                axis = 0
        axis = canonical_axis(name, axis, len(shape))
        sections = indices_or_sections
        if isinstance(sections, numbers.Integral):
            if sections <= 0:
                raise ValueError(
                    f"ops.{name}: the number of sections must be positive. "
                    f"Received: indices_or_sections={sections}"
                )
            size = shape[axis]
            if equal and size is not None and size % sections:
                raise ValueError(
                    f"ops.{name}: axis {axis} of size {size} cannot be split "
                    f"into {sections} equal sections (use "
                    f"ops.array_split). Received: x.shape={shape}"
                )

    return validate


def _split(x, indices_or_sections, axis):
    x = tensor(x)
    axis = canonical_axis("split", axis, len(x.shape))
    size = x.shape[axis]
    if isinstance(indices_or_sections, numbers.Integral):
        # NumPy's array_split: the first `size % n` parts get one more.
        n = int(indices_or_sections)
        base, extra = divmod(size, n)
        bounds = [0]
        for i in range(n):
            bounds.append(bounds[-1] + base + (1 if i < extra else 0))
    else:
        points = [int(i) for i in indices_or_sections]
        bounds = [0, *(min(max(p + size if p < 0 else p, 0), size)
                       for p in points), size]  # fmt: skip
    if all(a <= b for a, b in zip(bounds, bounds[1:])):
        return list(_B().split(x, bounds[1:-1], axis))
    # Decreasing cut points: NumPy's parts, an empty one where a cut goes
    # back, then a part starting at that cut.
    parts = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        key = [slice(None)] * len(x.shape)
        key[axis] = slice(start, max(start, stop))
        parts.append(_B().get_item(x, tuple(key)))
    return parts


@op("split", validate=_check_split("split", equal=True))
def split(x, indices_or_sections, axis=0):
    """Splits `x` into a list of tensors along `axis`.

    Args:
        x: input tensor.
        indices_or_sections: an int N (N equal parts; the axis size must be
            divisible by N) or a sorted sequence of indices where `x` is
            cut.
        axis: the axis to split (default 0).
    """
    return _split(x, indices_or_sections, axis)


@op("array_split", validate=_check_split("array_split", equal=False))
def array_split(x, indices_or_sections, axis=0):
    """Like `split`, but an int N need not divide the axis: the first
    `size % N` parts get one element more."""
    return _split(x, indices_or_sections, axis)


@op("hsplit", validate=_check_split("hsplit", True, fixed_axis=(1, 1)))
def hsplit(x, indices_or_sections):
    """`split` along axis 1 (axis 0 for 1-D tensors)."""
    x = tensor(x)
    return _split(x, indices_or_sections, 0 if len(x.shape) == 1 else 1)


@op("vsplit", validate=_check_split("vsplit", True, fixed_axis=(0, 2)))
def vsplit(x, indices_or_sections):
    """`split` along axis 0; `x` needs at least 2 dimensions."""
    return _split(x, indices_or_sections, 0)


@op("dsplit", validate=_check_split("dsplit", True, fixed_axis=(2, 3)))
def dsplit(x, indices_or_sections):
    """`split` along axis 2; `x` needs at least 3 dimensions."""
    return _split(x, indices_or_sections, 2)
