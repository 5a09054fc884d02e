"""`GaussianDropout`: multiplicative unit-mean Gaussian noise."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras import random
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.GaussianDropout")
class GaussianDropout(Layer):
    """Multiplies the inputs by noise drawn from
    `N(1, sqrt(rate / (1 - rate)))` in training; identity in inference.

    The noise has the variance of `Dropout(rate)`'s scaled Bernoulli mask,
    so the layer regularizes like dropout without zeroing inputs.

    Args:
        rate: float in [0, 1), the drop probability the noise mimics.
        seed: int seed of the layer's `SeedGenerator`.

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> x = np.ones((2, 3), "float32")
    >>> GaussianDropout(0.2)(x).tolist()  # inference: unchanged
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]

    Reference:
        Srivastava et al., 2014,
        https://jmlr.org/papers/v15/srivastava14a.html
    """

    def __init__(
        self, rate: float, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or \
                not 0 <= rate < 1:  # fmt: skip
            raise ValueError(
                f"GaussianDropout layer {self.name!r}: `rate` must be a "
                f"float in [0, 1). Received: rate={rate!r}"
            )
        self.rate = rate
        self.seed = seed
        self.seed_generator = SeedGenerator(seed) if rate > 0 else None
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool = False) -> Tensor:
        if not training or self.rate == 0:
            return inputs
        noise = random.normal(
            ops.shape(inputs), mean=1.0,
            stddev=math.sqrt(self.rate / (1.0 - self.rate)),
            dtype=self.compute_dtype, seed=self.seed_generator,
        )  # fmt: skip
        return inputs * noise

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
