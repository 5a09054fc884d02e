"""RMSprop: gradients scaled by a moving root mean square."""

from __future__ import annotations

from multikeras import ops
from multikeras.api_export import export
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.optimizers.RMSprop")
class RMSprop(Optimizer):
    """RMSprop, in Keras's formulation (the default of `compile()`).

    Update rule, for gradient `g`:

        velocity = rho * velocity + (1 - rho) * g**2
        mean_g = rho * mean_g + (1 - rho) * g          (centered only)
        denominator = velocity - mean_g**2 + epsilon   (centered)
                    = velocity + epsilon               (otherwise)
        increment = lr * g / sqrt(denominator)
        momentum_buf = momentum * momentum_buf + increment;  w -= momentum_buf
                                                       (momentum > 0)
        w -= increment                                 (otherwise)

    Args:
        learning_rate: float or schedule; defaults to 0.001.
        rho: discount factor of the squared-gradient average (0.9).
        momentum: momentum factor (0.0).
        epsilon: added inside the square root (1e-7).
        centered: normalize by the gradient's estimated variance.
    """

    def __init__(
        self,
        learning_rate: LearningRate = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = "rmsprop",
    ) -> None:
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        self.slot_names = ("velocity",) + (
            ("momentum",) if momentum > 0 else ()
        ) + (("average_gradient",) if centered else ())
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
        named = dict(zip(self.slot_names, slots))
        velocity = self.rho * named["velocity"] + (1 - self.rho) * (
            ops.square(gradient)
        )
        new = {"velocity": velocity}
        denominator = velocity
        if self.centered:
            mean = self.rho * named["average_gradient"] + (1 - self.rho) * (
                gradient
            )
            new["average_gradient"] = mean
            denominator = velocity - ops.square(mean)
        increment = learning_rate * gradient / ops.sqrt(
            denominator + self.epsilon
        )
        if self.momentum > 0:
            buffer = self.momentum * named["momentum"] + increment
            new["momentum"] = buffer
            value = value - buffer
        else:
            value = value - increment
        return value, tuple(new[name] for name in self.slot_names)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
