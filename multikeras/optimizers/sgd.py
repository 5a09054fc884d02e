"""Stochastic gradient descent, with momentum and Nesterov momentum."""

from __future__ import annotations

from multikeras.api_export import export
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.optimizers.SGD")
class SGD(Optimizer):
    """Gradient descent with optional momentum.

    Update rule, for gradient `g`, learning rate `lr` and momentum `mu`:

        velocity = mu * velocity - lr * g
        w = w + velocity                      (nesterov=False)
        w = w + mu * velocity - lr * g        (nesterov=True)

    With `momentum=0`: `w = w - lr * g`.

    Args:
        learning_rate: float or schedule; defaults to 0.01.
        momentum: float >= 0; defaults to 0.0.
        nesterov: whether to apply Nesterov momentum.
    """

    def __init__(
        self,
        learning_rate: LearningRate = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = "SGD",
    ) -> None:
        if not 0 <= momentum <= 1:
            raise ValueError(
                f"`momentum` must be in [0, 1]. Received: momentum={momentum}"
            )
        self.momentum = momentum
        self.nesterov = nesterov
        self.slot_names = ("momentum",) if momentum else ()
        super().__init__(
            learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            name=name,
        )

    def update_rule(
        self,
        gradient: Tensor,
        value: Tensor,
        slots: tuple[Tensor, ...],
        learning_rate: Tensor,
        step: Tensor,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        if not self.momentum:
            return value - learning_rate * gradient, ()
        (velocity,) = slots
        velocity = self.momentum * velocity - learning_rate * gradient
        if self.nesterov:
            value = value + self.momentum * velocity - learning_rate * gradient
        else:
            value = value + velocity
        return value, (velocity,)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "momentum": self.momentum,
            "nesterov": self.nesterov,
        }
