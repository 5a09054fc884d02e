"""`to_categorical` and `normalize` for NumPy data."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from multikeras.api_export import export


@export("multikeras.utils.to_categorical")
def to_categorical(
    x: ArrayLike, num_classes: int | None = None
) -> np.ndarray:
    """One-hot encodes integer labels `x` (a NumPy array) as float32.

    A trailing axis of size 1 is dropped first. `num_classes` defaults to
    `max(x) + 1`.
    """
    x = np.asarray(x, dtype="int64")
    if x.ndim > 1 and x.shape[-1] == 1:
        x = x[..., 0]
    if num_classes is None:
        num_classes = int(x.max()) + 1
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must be in [0, {num_classes}). "
            f"Received labels from {x.min()} to {x.max()}."
        )
    return np.eye(num_classes, dtype="float32")[x]


@export("multikeras.utils.normalize")
def normalize(x: ArrayLike, axis: int = -1, order: int = 2) -> np.ndarray:
    """`x` divided by its `order`-norm along `axis` (zeros stay zeros)."""
    x = np.asarray(x)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / np.where(norm == 0, 1, norm)
