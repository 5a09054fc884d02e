"""Nadam: Adam with Nesterov momentum."""

from __future__ import annotations

from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.variables import Variable
from multikeras.optimizers.optimizer import LearningRate
from multikeras.optimizers.optimizer import Optimizer
from multikeras.typing import Config


@export("multikeras.optimizers.Nadam")
class Nadam(Optimizer):
    """Nadam (Dozat, 2015): Adam with Nesterov momentum, as in Keras.

    With the momentum schedule `mu_t = beta_1 * (1 - 0.5 * 0.96**t)` and
    its running product `P_t = mu_1 * ... * mu_t` (an optimizer variable,
    `u_product`), at step `t`, for gradient `g`:

        m = m + (1 - beta_1) * (g - m)
        v = v + (1 - beta_2) * (g**2 - v)
        m_hat = mu_{t+1} * m / (1 - P_t * mu_{t+1}) + (1 - mu_t) * g / (1 - P_t)
        v_hat = v / (1 - beta_2**t)
        w = w - lr * m_hat / (sqrt(v_hat) + epsilon)

    optax's `nadam` uses a constant momentum, so it is not the same rule.

    Args:
        learning_rate: float, schedule or callable; defaults to 0.001.
        beta_1: decay rate of the first moment (0.9).
        beta_2: decay rate of the second moment (0.999).
        epsilon: numerical-stability constant (1e-7).
        **kwargs: the common arguments of `Optimizer`; name defaults to
            "nadam".

    References:
        Dozat, "Incorporating Nesterov Momentum into Adam", 2015.
    """

    slot_names = ("momentum", "velocity")
    _interleave_slots = True

    def __init__(
        self,
        learning_rate: LearningRate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
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
        name: str | None = "nadam",
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

    def _build_slots(self, variables: list[Variable]) -> None:
        super()._build_slots(variables)
        dtype = variables[0].dtype if variables else backend.floatx()
        self._u_product = self.add_variable(
            (), initializer=1.0, dtype=dtype, name="u_product"
        )

    def _momentum_at(self, step):
        return self.beta_1 * (1.0 - 0.5 * ops.power(0.96, step))

    def _apply_rules(self, state, grads, values, learning_rate, step):
        if self._uses_update_step():
            return super()._apply_rules(state, grads, values, learning_rate,
                                        step)
        # The product of the momentum schedule is shared by all variables
        # and advanced once per update, before the per-variable steps.
        dtype = self._u_product.dtype
        u_product = state.read(self._u_product) * self._momentum_at(
            ops.cast(step, dtype)
        )
        state.write(self._u_product, u_product)

        def rule(gradient, value, slots, learning_rate, step):
            return self._rule(gradient, value, slots, learning_rate, step,
                              ops.cast(u_product, ops.dtype(value)))

        self._map_rule(rule, state, grads, values, learning_rate, step)

    def _rule(self, gradient, value, slots, learning_rate, step, u_product):
        # The per-variable step; `u_product` is this step's P_t, which
        # `_apply_rules` advances once for all variables.
        m, v = slots
        u_t = self._momentum_at(step)
        u_next = self._momentum_at(step + 1)
        m = m + (gradient - m) * (1 - self.beta_1)
        v = v + (ops.square(gradient) - v) * (1 - self.beta_2)
        m_hat = u_next * m / (1 - u_product * u_next) + (
            (1 - u_t) * gradient / (1 - u_product)
        )
        v_hat = v / (1 - ops.power(self.beta_2, step))
        value = value - learning_rate * m_hat / (
            ops.sqrt(v_hat) + self.epsilon
        )
        return value, (m, v)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
