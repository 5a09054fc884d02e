"""Adam: adaptive moment estimation."""

from __future__ import annotations

from multikeras import ops
from multikeras.api_export import export
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.optimizers.Adam")
class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014), in Keras's formulation.

    Update rule at step `t`, for gradient `g`:

        m = m + (1 - beta_1) * (g - m)
        v = v + (1 - beta_2) * (g**2 - v)
        v_hat = max(v_hat, v) if amsgrad else v
        alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - alpha * m / (sqrt(v_hat) + epsilon)

    `epsilon` is added to the uncorrected `sqrt(v)` (the paper's "epsilon
    hat"), as Keras does.

    Args:
        learning_rate: float or schedule; defaults to 0.001.
        beta_1, beta_2: decay rates of the moment estimates.
        epsilon: small constant for numerical stability (1e-7).
        amsgrad: whether to use the AMSGrad variant.

    References:
        Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2014.
    """

    def __init__(
        self,
        learning_rate: LearningRate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = "adam",
    ) -> None:
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.slot_names = ("momentum", "velocity") + (
            ("velocity_hat",) if amsgrad else ()
        )
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
        m, v = slots[0], slots[1]
        m = m + (gradient - m) * (1 - self.beta_1)
        v = v + (ops.square(gradient) - v) * (1 - self.beta_2)
        new_slots: tuple[Tensor, ...] = (m, v)
        denominator_v = v
        if self.amsgrad:
            v_hat = ops.maximum(slots[2], v)
            new_slots += (v_hat,)
            denominator_v = v_hat
        alpha = learning_rate * ops.sqrt(1 - ops.power(self.beta_2, step)) / (
            1 - ops.power(self.beta_1, step)
        )
        value = value - alpha * m / (ops.sqrt(denominator_v) + self.epsilon)
        return value, new_slots

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
