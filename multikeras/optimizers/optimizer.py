"""`Optimizer`: the base of every optimizer, with a pure update at its core.

All optimizer state lives in Variables (`optimizer.variables`, in Keras's
order: the iteration count, the learning rate when it is a number, then what
`build` creates). `stateless_apply` is a pure function of their values (see
`_update.py` for the steps of one update, in Keras's order); the stateful
`apply` is the same function followed by assignments. Creating and
reading the state Variables is in `optimizer_variables.py`.

A subclass states its rule in one of two ways: a pure
`update_rule(gradient, value, slots, learning_rate, step)` of one variable
with per-variable `slot_names` (the built-in optimizers), or Keras's `build`
+ `update_step(gradient, variable, learning_rate)` with `self.assign`, run
inside a `StatelessScope` so that it is pure from the outside too.
"""

from __future__ import annotations

import re
import warnings
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
from multikeras.optimizers import _update
from multikeras.optimizers import schedules
from multikeras.optimizers._arguments import call_learning_rate
from multikeras.optimizers._arguments import check_arguments
from multikeras.optimizers._arguments import default_name
from multikeras.optimizers._arguments import find_function
from multikeras.optimizers._arguments import set_learning_rate
from multikeras.optimizers.optimizer_variables import OptimizerVariables
from multikeras.typing import Config
from multikeras.typing import Params
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self

# A float, a LearningRateSchedule, or a callable (of no arguments, as in
# Keras, or of the iteration count).
LearningRate: TypeAlias = float | Callable[..., Any]


@export("multikeras.Optimizer", "multikeras.optimizers.Optimizer")
class Optimizer(OptimizerVariables):
    """Base class of optimizers.

    Args:
        learning_rate: a float; a `LearningRateSchedule` (called with the
            iteration count at every step); or a callable taking no
            arguments (or the iteration count).
        weight_decay: if set, decoupled weight decay: before each update,
            `w -= learning_rate * weight_decay * w` (see
            `exclude_from_weight_decay`).
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient entry to `[-clipvalue, clipvalue]`.
        global_clipnorm: clip all gradients jointly to this global norm.
            At most one of the three clippings can be set.
        use_ema: keep an exponential moving average of the weights:
            `average = ema_momentum * average + (1 - ema_momentum) * w`
            after each update (the average starts at the weights).
        ema_momentum: the EMA's momentum, in [0, 1] (defaults to 0.99).
        ema_overwrite_frequency: if set, every that many iterations the
            weights are overwritten by their average; if None, call
            `finalize_variable_values()` to do it at the end.
        loss_scale_factor: if set, `scale_loss` multiplies the loss by it
            and gradients are divided by it before the update.
        gradient_accumulation_steps: if an int >= 2, gradients are summed
            over that many steps and their mean applied once every that
            many steps. `iterations` counts the applied updates; a
            learning-rate schedule sees every step.
        name: the optimizer's name, prefix of its variables' paths.

    To write an optimizer, either declare per-variable `slot_names` and a
    pure `update_rule`, or use Keras's `build` + `update_step` style:

    >>> class SignSGD(Optimizer):
    ...     def __init__(self, learning_rate=0.1, **kwargs):
    ...         super().__init__(learning_rate, **kwargs)
    ...     def update_rule(self, gradient, value, slots, learning_rate,
    ...                     step):
    ...         return value - learning_rate * multikeras.ops.sign(
    ...             gradient), ()
    >>> w = multikeras.Variable([1.0, -1.0])
    >>> SignSGD(0.5).apply([np.array([3.0, -2.0])], [w])
    >>> w.numpy()
    array([ 0.5, -0.5], dtype=float32)
    """

    # Per-variable state of the built-in pure update rules, created by
    # `build` for each trainable variable, in this order.
    slot_names: tuple[str, ...] = ()
    # Keras creates some optimizers' slots variable by variable (m0, v0,
    # m1, v1, ...) and others slot by slot (m0, m1, ..., v0, v1, ...); the
    # order of `variables` follows Keras's, for its weight files. True
    # interleaves every slot; an int k, the first k (the rest slot by
    # slot, as Adam's `velocity_hat`).
    _interleave_slots: bool | int = False

    def __init__(
        self,
        learning_rate: LearningRate,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs.pop("decay", None) is not None:
            warnings.warn(
                "Argument `decay` is no longer supported and will be "
                "ignored.",
                stacklevel=2,
            )
        if kwargs:
            raise ValueError(
                f"{type(self).__name__}: argument(s) not recognized: "
                f"{kwargs}"
            )
        check_arguments(
            weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema,
            ema_momentum, ema_overwrite_frequency, loss_scale_factor,
            gradient_accumulation_steps,
        )
        if name is None:
            base = default_name(type(self).__name__)
            uid = backend.get_uid(base)
            name = base if uid == 1 else f"{base}_{uid - 1}"
        self.name = name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables: list[Variable] = []
        self._trainable_variables: list[Variable] = []
        self._trainable_variables_indices: dict[int, int] = {}
        # Slot name -> one Variable (or None) per trainable variable.
        self._slots: dict[str, list[Variable | None]] = {}
        self._exclude_ids: set[int] = set()
        self._exclude_pattern: re.Pattern[str] | None = None
        with scopes.name_scope(self.name):
            self._iterations = Variable(
                0, dtype="int32", trainable=False, name="iteration"
            )
        self._variables.append(self._iterations)
        self._learning_rate: Any = None
        set_learning_rate(self, learning_rate)

    # ------------------------------------------------------- learning rate
    @property
    def learning_rate(self) -> Any:
        """The learning rate: a Variable, or the schedule's current value.

        Assigning a number updates the Variable, which compiled train steps
        read as state: no recompilation (what `ReduceLROnPlateau` needs).
        Assigning a schedule or callable replaces the learning rate.
        """
        return self._current_learning_rate(self._iterations.value)

    @learning_rate.setter
    def learning_rate(self, learning_rate: LearningRate) -> None:
        set_learning_rate(self, learning_rate)

    def _current_learning_rate(self, iterations):
        lr = self._learning_rate
        if isinstance(lr, Variable):
            return lr
        if isinstance(lr, schedules.LearningRateSchedule):
            return lr(iterations)
        return call_learning_rate(lr, iterations)

    @property
    def iterations(self) -> Any:
        """The number of updates applied (a Variable).

        With gradient accumulation, the number of accumulated updates
        applied (steps // gradient_accumulation_steps).
        """
        if self.gradient_accumulation_steps:
            return ops.floor_divide(
                self._iterations.value, self.gradient_accumulation_steps
            )
        return self._iterations

    @iterations.setter
    def iterations(self, value: int) -> None:
        self._iterations.assign(value)

    # ------------------------------------------------------------ state
    def build(self, variables: Iterable[Variable]) -> None:
        """Creates the optimizer's state for `variables` (once).

        Subclasses in Keras's style override it, call
        `super().build(variables)` first, and create their variables with
        `add_variable_from_reference` or `add_optimizer_variables`.
        """
        if self.built:
            return
        variables = list(variables)
        self._trainable_variables = variables[:]
        self._trainable_variables_indices = {
            id(v): i for i, v in enumerate(variables)
        }
        if self.use_ema:
            self._model_variables_moving_average: list[Variable] = []
        if self.gradient_accumulation_steps:
            self._accumulated_gradients: list[Variable] = []
        for variable in variables:
            if self.use_ema:
                self._model_variables_moving_average.append(
                    self.add_variable_from_reference(variable, "average")
                )
            if self.gradient_accumulation_steps:
                self._accumulated_gradients.append(
                    self.add_variable_from_reference(
                        variable, "gradient_accumulator"
                    )
                )
        self._build_slots(variables)
        self.built = True

    def _build_slots(self, variables):
        """Creates the `slot_names` variables of the pure update rules;
        optimizers whose slots differ from their variables override it."""
        names = list(self.slot_names)
        inits = [self._slot_initializer(name) for name in names]
        interleaved = (
            0 if self._interleave_slots is False
            else len(names) if self._interleave_slots is True
            else self._interleave_slots
        )
        if interleaved:
            created = self.add_optimizer_variables(
                variables, names[:interleaved], inits[:interleaved]
            )
            self._slots.update(zip(names[:interleaved], created))
        for name, init in zip(names[interleaved:], inits[interleaved:]):
            self._slots[name] = self.add_optimizer_variables(
                variables, name, init
            )

    def _slot_initializer(self, name):
        """The initial value of slot `name` (a number, or an initializer)."""
        return "zeros"

    def _var_key(self, variable: Variable) -> int:
        return id(variable)

    def _get_variable_index(self, variable: Variable) -> int:
        return self._trainable_variables_indices[self._var_key(variable)]

    def _check_variables_are_known(self, variables):
        for v in variables:
            if self._var_key(v) not in self._trainable_variables_indices:
                raise ValueError(
                    f"Unknown variable: {v.path!r}. Optimizer {self.name!r} "
                    "can only be called for the variables it was built with; "
                    "for a new set of variables, create a new optimizer."
                )

    # ------------------------------------------------------- weight decay
    def exclude_from_weight_decay(
        self,
        var_list: Sequence[Variable] | None = None,
        var_names: Sequence[str] | None = None,
    ) -> None:
        """Exempts variables from weight decay (call before `build`).

        Args:
            var_list: Variables to exclude.
            var_names: substrings (regular expressions); a variable whose
                name contains any of them is excluded, e.g. `["bias"]`.
        """
        if self.built:
            raise ValueError(
                f"Optimizer {self.name!r}: exclude_from_weight_decay() can "
                "only be called before the optimizer is built."
            )
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_pattern = (
            re.compile("|".join(sorted(set(var_names)))) if var_names
            else None
        )

    def _use_weight_decay(self, variable: Variable) -> bool:
        if id(variable) in self._exclude_ids:
            return False
        pattern = self._exclude_pattern
        return pattern is None or pattern.search(variable.name) is None

    def _weight_decay_for(self, variable: Variable) -> float | None:
        """The decay coefficient of `variable` (None: no decay)."""
        if self.weight_decay is None or not self._use_weight_decay(variable):
            return None
        return self.weight_decay

    # ---------------------------------------------------------- the rule
    def update_rule(
        self,
        gradient: Tensor,
        value: Tensor,
        slots: tuple[Tensor, ...],
        learning_rate: Tensor,
        step: Tensor,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        """Pure update of one variable: returns `(new_value, new_slots)`.

        `slots` holds the variable's slot values in `slot_names` order (None
        for a slot the variable lacks); `learning_rate` and `step` (the
        1-based update number) are scalars of the variable's dtype.
        """
        raise NotImplementedError(
            f"Optimizer {type(self).__name__} must implement "
            "update_rule(gradient, value, slots, learning_rate, step) or "
            "update_step(gradient, variable, learning_rate)."
        )

    def update_step(
        self, gradient: Tensor, variable: Variable, learning_rate: Tensor
    ) -> None:
        """Keras's stateful rule for one variable (uses `self.assign`)."""
        raise NotImplementedError(
            f"Optimizer {type(self).__name__} must implement "
            "update_step(gradient, variable, learning_rate) or "
            "update_rule(gradient, value, slots, learning_rate, step)."
        )

    def assign(self, variable: Variable, value: Any) -> None:
        """`variable.assign(value)`, for `update_step` implementations."""
        variable.assign(value)

    def assign_add(self, variable: Variable, value: Any) -> None:
        """`variable.assign_add(value)`."""
        variable.assign_add(value)

    def assign_sub(self, variable: Variable, value: Any) -> None:
        """`variable.assign_sub(value)`."""
        variable.assign_sub(value)

    def _uses_update_step(self):
        # The most derived of `update_rule` / `update_step` wins.
        for cls in type(self).__mro__:
            if cls is Optimizer:
                break
            if "update_rule" in cls.__dict__:
                return False
            if "update_step" in cls.__dict__:
                return True
        return False

    def _apply_rules(self, state, grads, values, learning_rate, step):
        """Applies the rule to each variable with a gradient.

        `state` (a `StepState`) reads and writes optimizer variables;
        `values` is updated in place.
        """
        if self._uses_update_step():
            _update.apply_update_steps(self, state, grads, values,
                                       learning_rate)
        else:
            self._map_rule(self.update_rule, state, grads, values,
                           learning_rate, step)

    def _map_rule(self, rule, state, grads, values, learning_rate, step):
        """Runs the pure `rule` (`update_rule`'s signature) on each
        variable with a gradient (see `_update.map_rule`)."""
        _update.map_rule(self, rule, state, grads, values, learning_rate,
                         step)

    # ------------------------------------------------------ one update
    def stateless_apply(
        self,
        optimizer_variables: Params,
        grads: Sequence[Tensor | None],
        trainable_variables: Params,
    ) -> tuple[list[Tensor], list[Tensor]]:
        """One update as a pure function.

        Args:
            optimizer_variables: values for `self.variables`, in order.
            grads: gradients in the order of the variables the optimizer
                was built with (None: leave that variable unchanged).
            trainable_variables: those variables' current values.

        Returns:
            `(new_trainable_variables, new_optimizer_variables)`.
        """
        self._check_stateless_arguments(
            optimizer_variables, grads, trainable_variables
        )
        return _update.run_update(
            self, optimizer_variables, grads, trainable_variables
        )

    def _check_stateless_arguments(self, optimizer_variables, grads,
                                   trainable_variables):
        if not self.built:
            raise ValueError(
                f"Optimizer {self.name!r} must be built with the variables "
                "it updates first: call optimizer.build(variables)."
            )
        expected = len(self.variables)
        count = len(self._trainable_variables)
        if (len(optimizer_variables) != expected
                or len(grads) != count
                or len(trainable_variables) != count):
            raise ValueError(
                f"Optimizer {self.name!r}: stateless_apply expects "
                f"{expected} optimizer variables (optimizer.variables) and "
                f"{count} gradients and trainable variables (those it was "
                f"built with); received {len(optimizer_variables)}, "
                f"{len(grads)} and {len(trainable_variables)}."
            )

    # -------------------------------------------------- stateful surface
    def apply(
        self,
        grads: Sequence[Tensor | None],
        trainable_variables: Iterable[Variable] | None = None,
    ) -> None:
        """Applies `grads` to `trainable_variables`, building on first use.

        `trainable_variables` may be any subset of the variables the
        optimizer was built with; inside a `StatelessScope`, the updates
        are recorded in the scope.
        """
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    f"Optimizer {self.name!r}: apply() without variables "
                    "needs a built optimizer; pass the variables or call "
                    "optimizer.build(variables) first."
                )
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"Optimizer {self.name!r}: apply() received "
                f"{len(grads)} gradients for {len(trainable_variables)} "
                "variables."
            )
        if not self.built:
            self.build(trainable_variables)
        self._check_variables_are_known(trainable_variables)
        full: list[Tensor | None] = [None] * len(self._trainable_variables)
        for grad, variable in zip(grads, trainable_variables):
            full[self._get_variable_index(variable)] = grad
        values, state = self.stateless_apply(
            [v.value for v in self.variables], full,
            [v.value for v in self._trainable_variables],
        )
        for variable, value in zip(self._trainable_variables, values):
            variable.assign(value)
        for variable, value in zip(self.variables, state):
            variable.assign(value)

    def apply_gradients(
        self, grads_and_vars: Iterable[tuple[Tensor | None, Variable]]
    ) -> Variable:
        """Applies `(gradient, variable)` pairs; returns `iterations`."""
        grads, variables = zip(*grads_and_vars)
        self.apply(list(grads), list(variables))
        return self._iterations

    def scale_loss(self, loss: Tensor) -> Tensor:
        """The loss times `loss_scale_factor` (if set), before gradients.

        In a compiled step, call it inside a `StatelessScope` mapping
        `self.variables` to the step's optimizer state, so a scale that is
        a variable (`LossScaleOptimizer`) is read from the state.
        """
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    def finalize_variable_values(self, var_list: Sequence[Variable]) -> None:
        """Sets the model's variables to their final values: with `use_ema`,
        their moving averages (`fit` calls this at the end)."""
        if not self.use_ema:
            return
        averages = self._model_variables_moving_average
        if len(var_list) != len(averages):
            raise ValueError(
                f"Optimizer {self.name!r} keeps moving averages of "
                f"{len(averages)} variables; finalize_variable_values "
                f"received {len(var_list)}."
            )
        for variable, average in zip(var_list, averages):
            # A copy: sharing the average's buffer, the model's variable
            # would take it along when a compiled step donates its state.
            variable.assign(ops.copy(average.value))

    # --------------------------------------------------- configuration
    def get_config(self) -> Config:
        """The constructor arguments, as Keras's optimizers give them."""
        lr = self._learning_rate
        if isinstance(lr, Variable):
            learning_rate: Any = float(lr.numpy())
        elif isinstance(lr, schedules.LearningRateSchedule):
            learning_rate = schedules.serialize(lr)
        else:
            learning_rate = getattr(lr, "__name__", lr)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(
        cls, config: Config, custom_objects: dict[str, Any] | None = None
    ) -> Self:
        """Creates an optimizer from `get_config()`'s output (no state)."""
        config = dict(config)
        lr = config.get("learning_rate")
        if isinstance(lr, dict):
            config["learning_rate"] = schedules.deserialize(
                lr, custom_objects=custom_objects
            )
        elif isinstance(lr, str):
            config["learning_rate"] = find_function(lr, custom_objects)
        return cls(**config)
