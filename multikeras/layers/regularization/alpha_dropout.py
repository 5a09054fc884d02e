"""`AlphaDropout`: dropout that keeps a SELU network self-normalizing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras import random
from multikeras.api_export import export
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

# SELU's constants: its negative saturation is -_ALPHA * _SCALE.
_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946


@export("multikeras.layers.AlphaDropout")
class AlphaDropout(Layer):
    """Dropout for SELU networks: keeps the inputs' mean and variance.

    In training, each input is kept with probability `1 - rate`, else set
    to SELU's saturation value `alpha' = -alpha * scale`; the result is
    then mapped by `a * x + b`, with
    `a = ((1 - rate) * (1 + rate * alpha'^2)) ** -0.5` and
    `b = -a * alpha' * rate`, so that zero-mean, unit-variance inputs stay
    so. Identity in inference.

    Args:
        rate: float in [0, 1), the drop probability.
        noise_shape: shape of the keep mask, broadcast to the input; None
            dims take the input's size (None: the input's shape).
        seed: int seed of the layer's `SeedGenerator`.

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> x = np.zeros((2, 3), "float32")
    >>> AlphaDropout(0.5)(x).tolist()  # inference: unchanged
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]

    Reference:
        Klambauer et al., 2017, https://arxiv.org/abs/1706.02515
    """

    def __init__(
        self, rate: float, noise_shape: Sequence[int | None] | None = None,
        seed: int | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or \
                not 0 <= rate < 1:  # fmt: skip
            raise ValueError(
                f"AlphaDropout layer {self.name!r}: `rate` must be a float "
                f"in [0, 1). Received: rate={rate!r}"
            )
        self.rate = rate
        self.seed = seed
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed_generator = SeedGenerator(seed) if rate > 0 else None
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool = False) -> Tensor:
        if not training or self.rate == 0:
            return inputs
        shape = tuple(ops.shape(inputs))
        if self.noise_shape is not None:
            if len(self.noise_shape) != len(shape):
                raise ValueError(
                    f"AlphaDropout layer {self.name!r}: `noise_shape` must "
                    "have the inputs' rank. Received: noise_shape="
                    f"{self.noise_shape}, inputs.shape={shape}"
                )
            shape = tuple(
                d if n is None else n for d, n in zip(shape, self.noise_shape)
            )
        alpha_p = -_ALPHA * _SCALE
        kept = ops.cast(
            ops.greater_equal(
                random.uniform(shape, seed=self.seed_generator), self.rate
            ),
            inputs.dtype,
        )
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = inputs * kept + alpha_p * (1 - kept)
        return a * x + b

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        }
