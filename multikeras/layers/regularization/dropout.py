"""`Dropout`: random zeroing of inputs during training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import random
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.Dropout")
class Dropout(Layer):
    """Sets inputs to 0 with probability `rate` during training.

    Kept inputs are scaled by `1 / (1 - rate)`. Inactive when `training`
    is False (evaluate, predict, a plain call). The layer owns a
    `SeedGenerator`, so inside a compiled train step each step draws a new
    mask and a seeded model is reproducible.

    Args:
        rate: float in [0, 1), the fraction of inputs to drop.
        noise_shape: shape of the mask, broadcast to the input (None dims
            take the input's size), e.g. `(batch, 1, features)` to share
            the mask over time steps.
        seed: int seed for the mask's generator.
    """

    def __init__(
        self,
        rate: float,
        noise_shape: Sequence[int | None] | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise ValueError(
                f"Dropout layer {self.name!r}: `rate` must be a float in "
                f"[0, 1). Received: rate={rate!r}"
            )
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self.seed_generator = SeedGenerator(seed) if self.rate > 0 else None
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool = False) -> Tensor:
        if not training or self.rate == 0:
            return inputs
        return random.dropout(
            inputs, self.rate, noise_shape=self.noise_shape,
            seed=self.seed_generator,
        )

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "rate": self.rate,
            "noise_shape": self.noise_shape,
            "seed": self.seed,
        }
