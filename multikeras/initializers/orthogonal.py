"""`Orthogonal`: a random (semi-)orthogonal matrix, the recurrent kernels'
default initializer."""

from __future__ import annotations

import math
from collections.abc import Sequence

from multikeras import backend
from multikeras import ops
from multikeras import random
from multikeras.api_export import export
from multikeras.initializers.initializers import _Random
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor


@export(
    "multikeras.initializers.Orthogonal",
    "multikeras.initializers.OrthogonalInitializer",
    "multikeras.initializers.orthogonal",
)
class Orthogonal(_Random):
    """Fills with a random orthogonal matrix, times `gain`.

    The shape is seen as a matrix `(prod(shape[:-1]), shape[-1])`; its rows
    (or columns, whichever are fewer) are orthonormal. The matrix is the Q
    of a QR decomposition of a standard normal sample, with Q's columns
    signed so the decomposition is unique.

    Args:
        gain: scale of the matrix (default 1.0).
        seed: int seed, or None for a fresh draw on each call.

    Example:
    >>> w = Orthogonal(seed=1)((3, 3))
    >>> bool(np.allclose(np.asarray(w) @ np.asarray(w).T, np.eye(3),
    ...                  atol=1e-5))
    True
    """

    def __init__(self, gain: float = 1.0, seed: int | None = None) -> None:
        super().__init__(seed)
        self.gain = gain

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        if len(shape) < 2:
            raise ValueError(
                "Orthogonal initializer needs a shape of rank >= 2. "
                f"Received: shape={tuple(shape)}"
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        tall = (max(rows, cols), min(rows, cols))
        sample = random.normal(tall, dtype="float32", seed=self._seed())
        q, r = ops.linalg.qr(sample)
        q = q * ops.sign(ops.diagonal(r))
        if rows < cols:
            q = ops.transpose(q)
        q = ops.reshape(q * self.gain, tuple(shape))
        return ops.cast(q, backend.standardize_dtype(dtype))

    def get_config(self) -> Config:
        return {"gain": self.gain, "seed": self.seed}
