"""Nested structures of shapes: shape tuples as leaves."""

from collections.abc import Callable
from typing import Any

from multikeras.typing import Shape


def is_shape(value: Any) -> bool:
    """Whether `value` is one shape: a tuple of ints and Nones."""
    return isinstance(value, tuple) and all(
        d is None or isinstance(d, int) for d in value
    )


def map_shapes(fn: Callable[[Shape], Any], shapes: Any) -> Any:
    """Maps `fn` over a nested structure whose leaves are shape tuples."""
    if is_shape(shapes):
        return fn(shapes)
    if isinstance(shapes, dict):
        return {k: map_shapes(fn, v) for k, v in shapes.items()}
    if isinstance(shapes, (list, tuple)):
        return type(shapes)(map_shapes(fn, s) for s in shapes)
    return fn(shapes)
