"""Weight initializers: constants, random distributions, variance scaling.

An initializer is called as `initializer(shape, dtype)`. A seeded random
initializer returns the same values on every call; with `seed=None` each
call draws a fresh seed (reproducible after `utils.set_random_seed`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from multikeras import backend
from multikeras import random
from multikeras.api_export import export
from multikeras.random.seed_generator import make_seed
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.initializers.Initializer", "multikeras.Initializer")
class Initializer:
    """Base class: subclasses implement `__call__(shape, dtype=None)`."""

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(shape, dtype)."
        )

    def get_config(self) -> Config:
        return {}

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**config)

    def clone(self) -> Self:
        return self.__class__.from_config(self.get_config())


@export(
    "multikeras.initializers.Constant",
    "multikeras.initializers.constant",
)
class Constant(Initializer):
    """Fills with `value`."""

    def __init__(self, value: float = 0.0) -> None:
        self.value = value

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        dtype = backend.standardize_dtype(dtype)
        return backend.active.full(tuple(shape), self.value, dtype=dtype)

    def get_config(self) -> Config:
        return {"value": self.value}


@export(
    "multikeras.initializers.Zeros",
    "multikeras.initializers.zeros",
)
class Zeros(Initializer):
    """Fills with zeros."""

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        dtype = backend.standardize_dtype(dtype)
        return backend.active.zeros(tuple(shape), dtype=dtype)


@export(
    "multikeras.initializers.Ones",
    "multikeras.initializers.ones",
)
class Ones(Initializer):
    """Fills with ones."""

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        dtype = backend.standardize_dtype(dtype)
        return backend.active.ones(tuple(shape), dtype=dtype)


@export(
    "multikeras.initializers.Identity",
    "multikeras.initializers.IdentityInitializer",
    "multikeras.initializers.identity",
)
class Identity(Initializer):
    """`gain` times the identity matrix (2-D shapes only)."""

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        if len(shape) != 2:
            raise ValueError(
                "Identity initializer needs a 2-D shape. "
                f"Received: shape={tuple(shape)}"
            )
        dtype = backend.standardize_dtype(dtype)
        eye = backend.active.eye(shape[0], shape[1], dtype=dtype)
        return backend.active.multiply(eye, self.gain)

    def get_config(self) -> Config:
        return {"gain": self.gain}


class _Random(Initializer):
    """Shared seed handling of the random initializers."""

    def __init__(self, seed: int | None = None) -> None:
        if seed is not None and not isinstance(seed, int):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be an int or None. "
                f"Received: seed={seed!r}"
            )
        self.seed = seed

    def _seed(self):
        return self.seed if self.seed is not None else make_seed()

    def get_config(self) -> Config:
        return {"seed": self.seed}


@export(
    "multikeras.initializers.RandomNormal",
    "multikeras.initializers.random_normal",
)
class RandomNormal(_Random):
    """Samples from a normal distribution (`mean=0.0`, `stddev=0.05`)."""

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None
    ) -> None:
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        return random.normal(
            shape, self.mean, self.stddev, dtype=dtype, seed=self._seed()
        )

    def get_config(self) -> Config:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


@export(
    "multikeras.initializers.TruncatedNormal",
    "multikeras.initializers.truncated_normal",
)
class TruncatedNormal(RandomNormal):
    """Normal samples within two stddevs (`mean=0.0`, `stddev=0.05`)."""

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        return random.truncated_normal(
            shape, self.mean, self.stddev, dtype=dtype, seed=self._seed()
        )


@export(
    "multikeras.initializers.RandomUniform",
    "multikeras.initializers.random_uniform",
)
class RandomUniform(_Random):
    """Samples uniformly from `[minval, maxval)` (default -0.05, 0.05)."""

    def __init__(
        self,
        minval: float = -0.05,
        maxval: float = 0.05,
        seed: int | None = None,
    ) -> None:
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        return random.uniform(
            shape, self.minval, self.maxval, dtype=dtype, seed=self._seed()
        )

    def get_config(self) -> Config:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


def compute_fans(shape: Sequence[int]) -> tuple[int, int]:
    """(fan_in, fan_out) of a kernel shape; conv kernels count the window."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


@export(
    "multikeras.initializers.VarianceScaling",
    "multikeras.initializers.variance_scaling",
)
class VarianceScaling(_Random):
    """Samples with a variance scaled to the kernel's fans.

    With `n` the fan chosen by `mode` ("fan_in", "fan_out", "fan_avg"),
    the variance is `scale / n`: a truncated normal (`distribution=
    "truncated_normal"`), a normal ("untruncated_normal") or a uniform on
    `[-limit, limit]` with `limit = sqrt(3 * scale / n)` ("uniform").
    """

    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | None = None,
    ) -> None:
        super().__init__(seed)
        if scale <= 0:
            raise ValueError(
                f"VarianceScaling: `scale` must be positive. Received: "
                f"scale={scale}"
            )
        if mode not in self._MODES:
            raise ValueError(
                f"VarianceScaling: `mode` must be one of {self._MODES}. "
                f"Received: mode={mode!r}"
            )
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(
                "VarianceScaling: `distribution` must be one of "
                f"{self._DISTRIBUTIONS}. Received: distribution="
                f"{distribution!r}"
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        fan_in, fan_out = compute_fans(shape)
        fan = {
            "fan_in": fan_in,
            "fan_out": fan_out,
            "fan_avg": (fan_in + fan_out) / 2.0,
        }[self.mode]
        variance = self.scale / max(1.0, fan)
        seed = self._seed()
        if self.distribution == "truncated_normal":
            # Stddev of a unit normal truncated to [-2, 2].
            stddev = math.sqrt(variance) / 0.87962566103423978
            return random.truncated_normal(
                shape, 0.0, stddev, dtype=dtype, seed=seed
            )
        if self.distribution == "untruncated_normal":
            return random.normal(
                shape, 0.0, math.sqrt(variance), dtype=dtype, seed=seed
            )
        limit = math.sqrt(3.0 * variance)
        return random.uniform(shape, -limit, limit, dtype=dtype, seed=seed)

    def get_config(self) -> Config:
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "seed": self.seed,
        }


def _preset(
    name: str,
    alias: str,
    scale: float,
    mode: str,
    distribution: str,
    doc: str,
) -> type[VarianceScaling]:
    class Preset(VarianceScaling):
        def __init__(self, seed: int | None = None) -> None:
            super().__init__(scale, mode, distribution, seed)

        def get_config(self) -> Config:
            return {"seed": self.seed}

    Preset.__name__ = Preset.__qualname__ = name
    Preset.__doc__ = doc
    return export(
        f"multikeras.initializers.{name}", f"multikeras.initializers.{alias}"
    )(Preset)


GlorotUniform = _preset(
    "GlorotUniform", "glorot_uniform", 1.0, "fan_avg", "uniform",
    "Uniform on `[-l, l]`, `l = sqrt(6 / (fan_in + fan_out))`.",
)
GlorotNormal = _preset(
    "GlorotNormal", "glorot_normal", 1.0, "fan_avg", "truncated_normal",
    "Truncated normal, stddev `sqrt(2 / (fan_in + fan_out))`.",
)
HeNormal = _preset(
    "HeNormal", "he_normal", 2.0, "fan_in", "truncated_normal",
    "Truncated normal, stddev `sqrt(2 / fan_in)`.",
)
HeUniform = _preset(
    "HeUniform", "he_uniform", 2.0, "fan_in", "uniform",
    "Uniform on `[-l, l]`, `l = sqrt(6 / fan_in)`.",
)
LecunNormal = _preset(
    "LecunNormal", "lecun_normal", 1.0, "fan_in", "truncated_normal",
    "Truncated normal, stddev `sqrt(1 / fan_in)`.",
)
LecunUniform = _preset(
    "LecunUniform", "lecun_uniform", 1.0, "fan_in", "uniform",
    "Uniform on `[-l, l]`, `l = sqrt(3 / fan_in)`.",
)
