"""Helpers shared by the normalization layers: argument checks, axis
checks at build time, and the config of the `gamma`/`beta` weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import initializers
from multikeras.layers.core._objects import get_callable
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Shape

# Config keys of the affine weights, in Keras's get_config order.
AFFINE_KEYS = (
    "beta_initializer",
    "gamma_initializer",
    "beta_regularizer",
    "gamma_regularizer",
    "beta_constraint",
    "gamma_constraint",
)


def check_epsilon(layer_name: str, epsilon: Any) -> float:
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) \
            or epsilon < 0:  # fmt: skip
        raise ValueError(
            f"Layer {layer_name!r}: `epsilon` must be a non-negative float. "
            f"Received: epsilon={epsilon!r}"
        )
    return float(epsilon)


def check_axis_arg(layer_name: str, axis: Any) -> int | list[int]:
    """An int, or a list of ints from a list/tuple (Keras keeps lists)."""
    if isinstance(axis, (list, tuple)) and all(
        isinstance(a, int) and not isinstance(a, bool) for a in axis
    ) and axis:  # fmt: skip
        return list(axis)
    if isinstance(axis, int) and not isinstance(axis, bool):
        return axis
    raise TypeError(
        f"Layer {layer_name!r}: `axis` must be an int or a list/tuple of "
        f"ints. Received: axis={axis!r}"
    )


def canonical_axes(
    layer_name: str, axis: int | Sequence[int], input_shape: Shape
) -> list[int]:
    """Non-negative axes, checked against the input's rank."""
    rank = len(input_shape)
    axes = [axis] if isinstance(axis, int) else list(axis)
    out = []
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(
                f"Layer {layer_name!r}: axis {a} is out of bounds for an "
                f"input of rank {rank}. Received: axis={axis!r}, input "
                f"shape {tuple(input_shape)}"
            )
        out.append(a % rank)
    if len(set(out)) != len(out):
        raise ValueError(
            f"Layer {layer_name!r}: `axis` names the same axis twice. "
            f"Received: axis={axis!r}, input shape {tuple(input_shape)}"
        )
    for a in out:
        if input_shape[a] is None:
            raise ValueError(
                f"Layer {layer_name!r}: the normalized axis {a} needs a "
                f"known size to create weights. Received input shape "
                f"{tuple(input_shape)}"
            )
    return out


def affine_args(
    beta_initializer: Any, gamma_initializer: Any, beta_regularizer: Any,
    gamma_regularizer: Any, beta_constraint: Any, gamma_constraint: Any,
) -> tuple[Any, Any, Any, Any, Any, Any]:
    """The `gamma`/`beta` initializers, regularizers and constraints
    resolved from names, configs or callables, in `AFFINE_KEYS` order."""
    return (
        initializers.get(beta_initializer),
        initializers.get(gamma_initializer),
        get_callable("regularizers", beta_regularizer),
        get_callable("regularizers", gamma_regularizer),
        get_callable("constraints", beta_constraint),
        get_callable("constraints", gamma_constraint),
    )


def weight_shape(input_shape: Shape, axes: Sequence[int]) -> tuple[int, ...]:
    """The sizes of `axes` (checked known by `canonical_axes`)."""
    return tuple(int(input_shape[a] or 0) for a in axes)


def affine_config(layer: Any) -> Config:
    return {key: serialize_object(getattr(layer, key)) for key in AFFINE_KEYS}


def deserialize_initializers(config: Config) -> Config:
    """A copy of `config` with its initializer dicts made objects."""
    config = dict(config)
    for key, value in config.items():
        if key.endswith("_initializer") and isinstance(value, dict):
            config[key] = initializers.deserialize(value)
    return config
