"""Argument checks shared by the reshaping layers: int tuples and
`(before, after)` pairs, with errors that name the layer and argument."""

from __future__ import annotations

from typing import Any

from multikeras.backend.common.symbolic import KerasTensor


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_tuple(
    layer: str, arg: str, value: Any, n: int, minimum: int = 1
) -> tuple[int, ...]:
    """`value` (an int or `n` ints, each >= `minimum`) as an `n`-tuple."""
    items = (value,) * n if is_int(value) else value
    try:
        items = tuple(items)
    except TypeError:
        items = None
    if (
        items is None
        or len(items) != n
        or not all(is_int(v) and v >= minimum for v in items)
    ):
        raise ValueError(
            f"{layer}: `{arg}` must be an int or a tuple of {n} ints, each "
            f">= {minimum}. Received: {arg}={value!r}"
        )
    return items


def pairs(
    layer: str, arg: str, value: Any, n: int
) -> tuple[tuple[int, int], ...]:
    """`value` as `n` `(before, after)` pairs of non-negative ints.

    Accepts an int (the same everywhere), `n` ints (symmetric per axis) or
    `n` pairs.
    """
    expected = (
        f"an int, a tuple of {n} ints, or a tuple of {n} tuples of 2 "
        f"non-negative ints"
    )
    if is_int(value):
        value = (value,) * n
    try:
        items = tuple(value)
    except TypeError:
        items = ()
    out = []
    for item in items:
        if is_int(item):
            out.append((item, item))
            continue
        try:
            pair = tuple(item)
        except TypeError:
            pair = ()
        if len(pair) != 2 or not all(is_int(v) for v in pair):
            out = []
            break
        out.append(pair)
    if len(out) != n or len(items) != n or any(
        v < 0 for pair in out for v in pair
    ):
        raise ValueError(
            f"{layer}: `{arg}` must be {expected}. Received: {arg}={value!r}"
        )
    return tuple(out)


def passthrough_spec(shape: tuple, inputs: Any) -> KerasTensor:
    """A KerasTensor of `shape` with the dtype of `inputs` (reshaping
    layers keep their input's dtype, ints included)."""
    return KerasTensor(shape, inputs.dtype)


def pair(layer: str, arg: str, value: Any) -> tuple[int, int]:
    """A 1D `(before, after)` pair: an int (both sides) or 2 ints."""
    if is_int(value):
        value_pair: Any = (value, value)
    else:
        try:
            value_pair = tuple(value)
        except TypeError:
            value_pair = ()
    if len(value_pair) != 2 or not all(
        is_int(v) and v >= 0 for v in value_pair
    ):
        raise ValueError(
            f"{layer}: `{arg}` must be a non-negative int or a tuple of 2 "
            f"non-negative ints. Received: {arg}={value!r}"
        )
    return value_pair
