"""`Optimizer`: variables, gradient clipping, weight decay, and a pure core.

Each optimizer states its per-variable slots (`slot_names`) and a pure
`update_rule(gradient, value, slots, learning_rate, step)`. `stateless_apply`
maps that rule over all variables, so a compiled train step updates weights
and optimizer state as plain values; `apply` and `apply_gradients` are the
stateful surface over the same code.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common import scopes
from multikeras.backend.common.variables import Variable
from multikeras.typing import Config
from multikeras.typing import Params
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self

# A float, a schedule `lr(iterations)`, or a callable of no arguments.
LearningRate: TypeAlias = float | Callable[..., Any]


@export("multikeras.Optimizer", "multikeras.optimizers.Optimizer")
class Optimizer:
    """Base class of optimizers.

    Args:
        learning_rate: a float; a callable `lr(iterations)` (e.g. a
            learning-rate schedule) evaluated every step; or, as in Keras,
            a callable taking no arguments.
        weight_decay: if set, decoupled weight decay: before each update,
            `w -= learning_rate * weight_decay * w`.
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient entry to `[-clipvalue, clipvalue]`.
        global_clipnorm: clip all gradients jointly to this global norm.
            As in Keras, only one clipping applies (clipnorm, else
            global_clipnorm, else clipvalue).
        name: the optimizer's name.
    """

    slot_names: tuple[str, ...] = ()

    def __init__(
        self,
        learning_rate: LearningRate,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
    ) -> None:
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(
                "Only one of `clipnorm` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, "
                f"global_clipnorm={global_clipnorm}"
            )
        for arg, value in (
            ("clipnorm", clipnorm),
            ("clipvalue", clipvalue),
            ("global_clipnorm", global_clipnorm),
            ("weight_decay", weight_decay),
        ):
            if value is not None and value < 0:
                raise ValueError(
                    f"`{arg}` must be non-negative. Received: {arg}={value}"
                )
        self.name = name or type(self).__name__.lower()
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        with scopes.name_scope(self.name):
            self._iterations = Variable(
                0, dtype="int64", trainable=False, name="iteration"
            )
            if callable(learning_rate):
                self._schedule: Callable[..., Any] | None = learning_rate
                self._learning_rate: Variable | None = None
            else:
                if not isinstance(learning_rate, (int, float)) or (
                    learning_rate < 0
                ):
                    raise ValueError(
                        "`learning_rate` must be a non-negative float or a "
                        f"schedule. Received: learning_rate={learning_rate!r}"
                    )
                self._schedule = None
                self._learning_rate = Variable(
                    float(learning_rate),
                    dtype=backend.floatx(),
                    trainable=False,
                    name="learning_rate",
                )
        # One list of slot variables per trainable variable.
        self._slots: list[list[Variable]] = []
        self._trainable_refs: list[Variable] = []
        self.built = False

    # ------------------------------------------------------------ state
    def build(self, variables: Iterable[Variable]) -> None:
        """Creates the slot variables for `variables` (once)."""
        self._trainable_refs = list(variables)
        self._slots = []
        with scopes.name_scope(self.name):
            for variable in self._trainable_refs:
                prefix = variable.path.replace("/", "_")
                self._slots.append([
                    Variable(
                        backend.active.zeros(variable.shape, variable.dtype),
                        trainable=False,
                        name=f"{prefix}_{slot}",
                    )
                    for slot in self.slot_names
                ])
        self.built = True

    @property
    def variables(self) -> list[Variable]:
        head = [self._iterations]
        if self._learning_rate is not None:
            head.append(self._learning_rate)
        return head + [v for slots in self._slots for v in slots]

    @property
    def iterations(self) -> Variable:
        return self._iterations

    @property
    def learning_rate(self) -> Variable | Tensor:
        """The current learning rate (a Variable, or the schedule's value)."""
        if self._learning_rate is not None:
            return self._learning_rate
        return self._scheduled_lr(self._iterations.value)

    @learning_rate.setter
    def learning_rate(self, value: float | Tensor) -> None:
        if self._learning_rate is None:
            raise TypeError(
                f"Optimizer {self.name!r} uses a learning-rate schedule; its "
                "learning rate cannot be set to a number."
            )
        self._learning_rate.assign(value)

    def _scheduled_lr(self, iterations):
        # Keras calls a schedule with the iteration count, and any other
        # callable with no arguments.
        try:
            params = inspect.signature(self._schedule).parameters.values()
        except (TypeError, ValueError):
            return self._schedule(iterations)
        takes_arg = any(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                       p.VAR_POSITIONAL)
            for p in params
        )
        return self._schedule(iterations) if takes_arg else self._schedule()

    # ----------------------------------------------------- update rule
    def update_rule(
        self,
        gradient: Tensor,
        value: Tensor,
        slots: tuple[Tensor, ...],
        learning_rate: Tensor,
        step: Tensor,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        """Pure update of one variable: returns `(new_value, new_slots)`.

        `step` is the 1-based step number as a float tensor.
        """
        raise NotImplementedError(
            f"Optimizer {type(self).__name__} must implement update_rule()."
        )

    def _clip(self, grads):
        # As in Keras, one clipping applies: clipnorm, else global_clipnorm,
        # else clipvalue; a value of 0 disables it.
        if self.clipnorm:
            return [
                None if g is None else _clip_by_norm(g, self.clipnorm)
                for g in grads
            ]
        if self.global_clipnorm:
            present = [g for g in grads if g is not None]
            norm = ops.sqrt(sum(ops.sum(ops.square(g)) for g in present))
            scale = self.global_clipnorm / ops.maximum(
                norm, self.global_clipnorm
            )
            return [None if g is None else g * scale for g in grads]
        if self.clipvalue:
            return [
                None if g is None
                else ops.clip(g, -self.clipvalue, self.clipvalue)
                for g in grads
            ]
        return grads

    def stateless_apply(
        self,
        optimizer_variables: Params,
        grads: Sequence[Tensor | None],
        trainable_variables: Params,
    ) -> tuple[list[Tensor], list[Tensor]]:
        """One update as a pure function.

        Args:
            optimizer_variables: values for `self.variables`, in order.
            grads: gradients, in the order of `trainable_variables`.
            trainable_variables: the current values of the variables the
                optimizer was built with.

        Returns:
            `(new_trainable_variables, new_optimizer_variables)`.
        """
        if not self.built:
            raise ValueError(
                f"Optimizer {self.name!r} must be built with the variables "
                "it updates first: call optimizer.build(variables)."
            )
        optimizer_variables = list(optimizer_variables)
        trainable_variables = list(trainable_variables)
        grads = list(grads)
        expected = len(self.variables)
        if len(optimizer_variables) != expected or len(grads) != len(
            trainable_variables
        ) or len(grads) != len(self._trainable_refs):
            raise ValueError(
                f"Optimizer {self.name!r}: stateless_apply expects "
                f"{expected} optimizer variables and "
                f"{len(self._trainable_refs)} gradients and variables; "
                f"received {len(optimizer_variables)}, {len(grads)} and "
                f"{len(trainable_variables)}."
            )
        iterations = optimizer_variables[0]
        if self._learning_rate is not None:
            lr, flat_slots = optimizer_variables[1], optimizer_variables[2:]
        else:
            lr = self._scheduled_lr(iterations)
            flat_slots = optimizer_variables[1:]
        n = len(self.slot_names)
        step = ops.cast(iterations + 1, backend.floatx())
        grads = self._clip(grads)
        new_values: list[Tensor] = []
        new_slots: list[Tensor] = []
        for i, (grad, value) in enumerate(zip(grads, trainable_variables)):
            slots = tuple(flat_slots[i * n : (i + 1) * n])
            if grad is None:
                new_values.append(value)
                new_slots.extend(slots)
                continue
            dtype = ops.dtype(value)
            grad = ops.cast(grad, dtype)
            var_lr = ops.cast(lr, dtype)
            if self.weight_decay:
                value = value - value * ops.cast(self.weight_decay, dtype) * (
                    var_lr
                )
            value, slots = self.update_rule(
                grad, value, slots, var_lr, ops.cast(step, dtype)
            )
            new_values.append(value)
            new_slots.extend(slots)
        head = [iterations + 1]
        if self._learning_rate is not None:
            head.append(lr)
        return new_values, head + new_slots

    # -------------------------------------------------- stateful surface
    def apply(
        self,
        grads: Sequence[Tensor | None],
        trainable_variables: Iterable[Variable] | None = None,
    ) -> None:
        """Applies `grads` to `trainable_variables` (building if needed)."""
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "apply() without variables needs a built optimizer."
                )
            trainable_variables = self._trainable_refs
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        elif [id(v) for v in trainable_variables] != [
            id(v) for v in self._trainable_refs
        ]:
            raise ValueError(
                f"Optimizer {self.name!r} was built for other variables; use "
                "one optimizer per set of variables."
            )
        values, state = self.stateless_apply(
            [v.value for v in self.variables],
            grads,
            [v.value for v in trainable_variables],
        )
        for variable, value in zip(trainable_variables, values):
            variable.assign(value)
        for variable, value in zip(self.variables, state):
            variable.assign(value)

    def apply_gradients(
        self, grads_and_vars: Iterable[tuple[Tensor | None, Variable]]
    ) -> None:
        """Applies a list of `(gradient, variable)` pairs."""
        grads, variables = zip(*grads_and_vars)
        self.apply(list(grads), list(variables))

    # --------------------------------------------------- configuration
    def get_config(self) -> Config:
        learning_rate = (
            float(self._learning_rate.numpy())
            if self._learning_rate is not None
            else self._schedule
        )
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "clipvalue": self.clipvalue,
            "global_clipnorm": self.global_clipnorm,
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**config)


def _clip_by_norm(gradient, clipnorm):
    norm = ops.sqrt(ops.sum(ops.square(gradient)))
    return gradient * (clipnorm / ops.maximum(norm, clipnorm))
