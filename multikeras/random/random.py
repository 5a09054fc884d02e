"""Random sampling: `multikeras.random.normal`, `uniform`, `dropout`, ...

Each function takes `seed`: an int (same numbers every call), a
`SeedGenerator` (new numbers every call, traceable), a uint32[2] key, or
None (a fresh seed from the global source; not for compiled code).
"""

from __future__ import annotations

from collections.abc import Sequence

from multikeras import backend
from multikeras.api_export import export
from multikeras.random.seed_generator import draw_seed
from multikeras.typing import ArrayLike
from multikeras.typing import DTypeLike
from multikeras.typing import Seed
from multikeras.typing import ShapeLike
from multikeras.typing import Tensor


def _shape(shape):
    return (shape,) if isinstance(shape, int) else tuple(int(d) for d in shape)


@export("multikeras.random.normal")
def normal(
    shape: ShapeLike,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: DTypeLike = None,
    seed: Seed = None,
) -> Tensor:
    """Samples from a normal distribution with `mean` and `stddev`."""
    return backend.active.random_normal(
        _shape(shape), draw_seed(seed), mean, stddev,
        dtype=dtype or backend.floatx(),
    )


@export("multikeras.random.uniform")
def uniform(
    shape: ShapeLike,
    minval: float = 0.0,
    maxval: float = 1.0,
    dtype: DTypeLike = None,
    seed: Seed = None,
) -> Tensor:
    """Samples uniformly from `[minval, maxval)`."""
    if dtype and not backend.is_float_dtype(dtype):
        raise ValueError(
            "random.uniform needs a float dtype; use random.randint for "
            f"integers. Received: dtype={dtype}"
        )
    return backend.active.random_uniform(
        _shape(shape), draw_seed(seed), minval, maxval,
        dtype=dtype or backend.floatx(),
    )


@export("multikeras.random.truncated_normal")
def truncated_normal(
    shape: ShapeLike,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: DTypeLike = None,
    seed: Seed = None,
) -> Tensor:
    """Normal samples, redrawn when more than 2 stddevs from the mean."""
    return backend.active.random_truncated_normal(
        _shape(shape), draw_seed(seed), mean, stddev,
        dtype=dtype or backend.floatx(),
    )


@export("multikeras.random.randint")
def randint(
    shape: ShapeLike,
    minval: int,
    maxval: int,
    dtype: DTypeLike = "int32",
    seed: Seed = None,
) -> Tensor:
    """Integers drawn uniformly from `[minval, maxval)`."""
    return backend.active.random_randint(
        _shape(shape), draw_seed(seed), minval, maxval, dtype=dtype
    )


@export("multikeras.random.dropout")
def dropout(
    inputs: ArrayLike,
    rate: float,
    noise_shape: Sequence[int | None] | None = None,
    seed: Seed = None,
) -> Tensor:
    """Zeroes entries of `inputs` with probability `rate`, scaling the rest
    by `1 / (1 - rate)` so the expected value is unchanged.

    `noise_shape` (broadcastable to `inputs.shape`) shares the mask along
    axes of size 1.
    """
    B = backend.active
    inputs = B.convert_to_tensor(inputs)
    if not 0 <= rate < 1:
        raise ValueError(
            f"random.dropout: `rate` must be in [0, 1). Received: rate={rate}"
        )
    shape = tuple(inputs.shape) if noise_shape is None else tuple(
        inputs.shape[i] if d is None else d for i, d in enumerate(noise_shape)
    )
    dtype = backend.standardize_dtype(inputs.dtype)
    keep = B.greater_equal(
        B.random_uniform(shape, draw_seed(seed), dtype=dtype), rate
    )
    scale = B.convert_to_tensor(1.0 / (1.0 - rate), dtype=dtype)
    zero = B.zeros((), dtype=dtype)
    return B.where(keep, B.multiply(inputs, scale), zero)
