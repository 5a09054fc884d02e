"""Adam: adaptive moment estimation."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config
from multikeras.typing import Tensor


def adam_rule(gradient, value, m, v, v_hat, learning_rate, step, beta_1,
              beta_2, epsilon):
    """Keras's Adam step for one variable: `(value, m, v, v_hat)`.

    `v_hat` is the AMSGrad maximum, or None for plain Adam.
    """
    m = m + (gradient - m) * (1 - beta_1)
    v = v + (ops.square(gradient) - v) * (1 - beta_2)
    denominator = v
    if v_hat is not None:
        v_hat = ops.maximum(v_hat, v)
        denominator = v_hat
    alpha = learning_rate * ops.sqrt(1 - ops.power(beta_2, step)) / (
        1 - ops.power(beta_1, step)
    )
    value = value - alpha * m / (ops.sqrt(denominator) + epsilon)
    return value, m, v, v_hat


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
    hat"), as Keras does; optax adds it to the bias-corrected one.

    Args:
        learning_rate: float, schedule or callable; defaults to 0.001.
        beta_1: decay rate of the first moment (0.9).
        beta_2: decay rate of the second moment (0.999).
        epsilon: numerical-stability constant (1e-7).
        amsgrad: whether to use the AMSGrad variant (False).
        **kwargs: the common arguments of `Optimizer`; name defaults to
            "adam".

    References:
        Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2014;
        Reddi et al., "On the Convergence of Adam and Beyond", 2018.
    """

    # Keras: m0, v0, m1, v1, ..., then the `velocity_hat`s (amsgrad).
    _interleave_slots = 2

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
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = "adam",
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.slot_names = ("momentum", "velocity") + (
            ("velocity_hat",) if amsgrad else ()
        )

    def update_rule(
        self,
        gradient: Tensor,
        value: Tensor,
        slots: tuple[Tensor, ...],
        learning_rate: Tensor,
        step: Tensor,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        v_hat = slots[2] if self.amsgrad else None
        value, m, v, v_hat = adam_rule(
            gradient, value, slots[0], slots[1], v_hat, learning_rate, step,
            self.beta_1, self.beta_2, self.epsilon,
        )
        return value, (m, v) + ((v_hat,) if self.amsgrad else ())

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
