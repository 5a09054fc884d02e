"""Adadelta: step sizes from running averages of gradients and updates."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.optimizers.Adadelta")
class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), with a learning rate as in Keras.

    Update rule, for gradient `g`:

        E[g^2] = rho * E[g^2] + (1 - rho) * g**2
        delta = -sqrt(E[dx^2] + epsilon) / sqrt(E[g^2] + epsilon) * g
        E[dx^2] = rho * E[dx^2] + (1 - rho) * delta**2
        w = w + lr * delta

    Args:
        learning_rate: float, schedule or callable; defaults to 0.001 (use
            1.0 for the paper's form).
        rho: the decay rate (0.95).
        epsilon: numerical-stability constant (1e-7).
        **kwargs: the common arguments of `Optimizer`; name defaults to
            "adadelta".

    References:
        Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012.
    """

    slot_names = ("accumulated_grad", "accumulated_delta_var")
    _interleave_slots = True

    def __init__(
        self,
        learning_rate: LearningRate = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = "adadelta",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay,
            clipnorm=clipnorm, clipvalue=clipvalue,
            global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name, **kwargs,
        )
        self.rho = rho
        self.epsilon = epsilon

    def update_rule(
        self,
        gradient: Tensor,
        value: Tensor,
        slots: tuple[Tensor, ...],
        learning_rate: Tensor,
        step: Tensor,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        grad_sq, delta_sq = slots
        rho = self.rho
        grad_sq = rho * grad_sq + (1 - rho) * ops.square(gradient)
        delta = -ops.sqrt(delta_sq + self.epsilon) * gradient / ops.sqrt(
            grad_sq + self.epsilon
        )
        delta_sq = rho * delta_sq + (1 - rho) * ops.square(delta)
        return value + learning_rate * delta, (grad_sq, delta_sq)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "rho": self.rho,
            "epsilon": self.epsilon,
        }
