"""`GaussianNoise`: additive zero-mean Gaussian noise."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.GaussianNoise")
class GaussianNoise(Layer):
    """Adds noise drawn from `N(0, stddev)` to the inputs in training;
    identity in inference. A regularizer, and a data augmentation for
    real-valued inputs.

    Args:
        stddev: float >= 0, the noise's standard deviation.
        seed: int seed of the layer's `SeedGenerator`.

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = GaussianNoise(0.1, seed=0)
    >>> y = layer(np.zeros((1000,), "float32"), training=True)
    >>> bool(0.08 < float(np.std(y)) < 0.12)
    True
    """

    def __init__(
        self, stddev: float, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(stddev, bool) or not isinstance(
            stddev, (int, float)
        ) or not stddev >= 0:  # fmt: skip
            raise ValueError(
                f"GaussianNoise layer {self.name!r}: `stddev` must be a "
                f"non-negative float. Received: stddev={stddev!r}"
            )
        self.stddev = stddev
        self.seed = seed
        self.seed_generator = SeedGenerator(seed) if stddev > 0 else None
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool = False) -> Tensor:
        if not training or self.stddev == 0:
            return inputs
        return inputs + random.normal(
            ops.shape(inputs), mean=0.0, stddev=self.stddev,
            dtype=self.compute_dtype, seed=self.seed_generator,
        )  # fmt: skip

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(), "stddev": self.stddev, "seed": self.seed,
        }  # fmt: skip
