"""The default steps, and how the trainer runs a user's own.

Each default step is a pure function of `(state, data)`, written against
the backend contract, so the same code is compiled by `jax.jit` on JAX and
runs as is on NumPy:

    train_step(state, data) -> (logs, state)
        state = (trainable, non_trainable, optimizer, metrics) variables
    test_step(state, data) -> (logs, state)
        state = (trainable, non_trainable, metrics) variables
    predict_step(state, data) -> (outputs, non_trainable)
        state = (trainable, non_trainable) variables

"optimizer" holds the variables of `model.optimizer`, then those of any
other `Optimizer` the model holds as an attribute (a GAN's two optimizers),
in the order the attributes were set; "metrics" those of `model.metrics`.

A user overrides a step on the model once, in either style
(`step_function` tells them apart by the signature):
- pure, `train_step(self, state, data)`, as in Keras's JAX guide;
- stateful, `train_step(self, data)`, as in Keras's TensorFlow and PyTorch
  guides: `self(x)`, `self.compute_loss(...)`, `ops.value_and_grad`,
  `self.optimizer.apply(grads, variables)`, `metric.update_state(...)`.
Both run inside a `RecordingScope` that maps every variable of the state to
its value in the step, so reading a variable gives the step's value and an
assignment becomes part of the new state: the same code runs compiled on
JAX and eagerly on NumPy.
"""

from __future__ import annotations

import inspect

from multikeras import backend
from multikeras.backend.common.scopes import StatelessScope
from multikeras.ops.gradients import RecordingScope
from multikeras.optimizers.optimizer import Optimizer
from multikeras.trainers.data_adapters import unpack_x_y_sample_weight

GROUP_NAMES = {
    "train": ("trainable", "non_trainable", "optimizer", "metrics"),
    "test": ("trainable", "non_trainable", "metrics"),
    "predict": ("trainable", "non_trainable"),
}


def optimizers_of(model):
    """`model.optimizer`, then the other Optimizers held as attributes."""
    found = [model.optimizer] if isinstance(model.optimizer,
                                            Optimizer) else []
    for value in vars(model).values():
        if isinstance(value, Optimizer) and all(value is not f for f in found):
            found.append(value)
    return found


# ------------------------------------------------------------ the defaults
def _forward(model, trainable, non_trainable, x, training):
    kwargs = {"training": training} if model._call_has_training_arg() else {}
    return model.stateless_call(
        trainable, non_trainable, x, return_losses=True, **kwargs
    )


def _loss(model, x, y, y_pred, sample_weight, layer_losses):
    """`(total, per-output losses)`: the per-output values feed the
    per-output loss trackers without computing the losses again."""
    model._losses_override = layer_losses
    try:
        return model._compute_loss_parts(x, y, y_pred, sample_weight)
    finally:
        model._losses_override = None


def update_metrics(model, metrics_variables, loss, per_output, y, y_pred,
                   sample_weight):
    """New metric state and logs after one batch (pure)."""
    logs, new_variables, start = {}, [], 0
    for metric in model.metrics:
        count = len(metric.variables)
        state = metrics_variables[start : start + count]
        start += count
        state = model._update_metric(metric, state, loss, per_output, y,
                                     y_pred, sample_weight)
        result = metric.stateless_result(state)
        if isinstance(result, dict):
            logs.update(result)
        else:
            logs[metric.name] = result
        new_variables.extend(state)
    return logs, new_variables


def train_step(model, state, data):
    trainable, non_trainable, optimizer_variables, metrics_variables = state
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    # The optimizer's own variables come first; other optimizers the model
    # holds (unused by this step) keep theirs.
    optimizer = model.optimizer
    count = len(optimizer.variables)
    own, others = optimizer_variables[:count], optimizer_variables[count:]

    def loss_fn(trainable):
        y_pred, new_non_trainable, layer_losses = _forward(
            model, trainable, non_trainable, x, training=True
        )
        loss, per_output = _loss(
            model, x, y, y_pred, sample_weight, layer_losses
        )
        # Gradients are taken of the scaled loss (a loss-scale factor or a
        # LossScaleOptimizer's dynamic scale, read from this step's
        # state); the optimizer divides them back. Logs get the plain loss.
        with StatelessScope(zip(optimizer.variables, own)):
            scaled = optimizer.scale_loss(loss)
        return scaled, (loss, y_pred, new_non_trainable, per_output)

    grad_fn = backend.active.value_and_grad(loss_fn, has_aux=True)
    (_, (loss, y_pred, non_trainable, per_output)), grads = grad_fn(
        trainable
    )
    trainable, own = model.optimizer.stateless_apply(own, grads, trainable)
    logs, metrics_variables = update_metrics(
        model, metrics_variables, loss, per_output, y, y_pred, sample_weight
    )
    return logs, (trainable, non_trainable, [*own, *others],
                  metrics_variables)


def test_step(model, state, data):
    trainable, non_trainable, metrics_variables = state
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    y_pred, non_trainable, layer_losses = _forward(
        model, trainable, non_trainable, x, training=False
    )
    loss, per_output = _loss(model, x, y, y_pred, sample_weight, layer_losses)
    logs, metrics_variables = update_metrics(
        model, metrics_variables, loss, per_output, y, y_pred, sample_weight
    )
    return logs, (trainable, non_trainable, metrics_variables)


def predict_step(model, state, data):
    trainable, non_trainable = state
    x, _, _ = unpack_x_y_sample_weight(data)
    kwargs = {"training": False} if model._call_has_training_arg() else {}
    return model.stateless_call(trainable, non_trainable, x, **kwargs)


# ---------------------------------------------------- the user's own steps
class StateChanged(Exception):
    """Raised while a user's step is traced, when the step created state
    variables (an optimizer or a layer built on first use) or received a
    state of another structure. The trainer rebuilds the state from
    `groups` (the variables the passed state holds; None if unknown) and
    calls the step again."""

    def __init__(self, groups):
        super().__init__("the step's state variables changed")
        self.groups = groups


def takes_state(method, name):
    """True for `name(self, state, data)`, False for `name(self, data)`."""
    kinds = (inspect.Parameter.POSITIONAL_ONLY,
             inspect.Parameter.POSITIONAL_OR_KEYWORD)
    params = inspect.signature(method).parameters.values()
    required = [
        p for p in params if p.kind in kinds and p.default is p.empty
    ]
    if any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in params):
        # A forwarding wrapper `(self, *args)`: pure unless it names `data`
        # as its one required argument.
        return not (len(required) == 1 and required[0].name == "data")
    if len(required) in (1, 2):
        return len(required) == 2
    raise TypeError(
        f"{name} must take (self, state, data) (the pure style) or "
        f"(self, data) (the stateful style). Received: "
        f"{name}{inspect.signature(method)}"
    )


def step_function(model, kind, variables):
    """The `(state, data) -> (output, state)` function for `kind`.

    `variables()` returns the current variable groups of the state (the
    trainer's `_variables(kind)`). The built-in steps run as they are; a
    user's override runs through `_run_user_step`.
    """
    from multikeras.models.model import Model

    name = f"{kind}_step"
    method = getattr(model, name)
    if getattr(type(model), name) is getattr(Model, name):
        return method
    stateful = not takes_state(method, name)

    def step(state, data):
        return _run_user_step(model, kind, method, stateful, variables,
                              state, data)

    return step


def _run_user_step(model, kind, method, stateful, variables, state, data):
    name = f"{kind}_step"
    groups = variables()
    if len(state) != len(groups) or any(
        len(values) != len(group) for values, group in zip(state, groups)
    ):
        raise StateChanged(None)
    mapping = [
        (variable, value)
        for group, values in zip(groups, state)
        for variable, value in zip(group, values)
    ]
    # Losses added during the step hold traced values: none may outlive it.
    model._clear_losses()
    try:
        with RecordingScope(mapping) as scope:
            result = method(data) if stateful else method(state, data)
    finally:
        model._clear_losses()
    current = variables()
    if any(
        len(a) != len(b) or any(x is not y for x, y in zip(a, b))
        for a, b in zip(groups, current)
    ):
        raise StateChanged(groups)
    _check_assigned(scope, groups, name)
    if stateful:
        output = result
        new_state = tuple(
            [scope.get_current_value(v) for v in group] for group in groups
        )
    else:
        output, returned = _check_result(result, kind, name)
        if kind == "predict":
            returned = (state[0], returned)
        new_state = _merge(groups, state, returned, scope, kind, name)
    if kind == "predict":
        return output, new_state[1]
    return _flatten_logs(output), new_state


def _flatten_logs(logs):
    """Nested dicts of logs (a metric whose result is a dict, such as the
    compiled metrics' container) merged into one flat dict, as in Keras."""
    if logs is None:
        return {}
    if not isinstance(logs, dict):
        return logs
    flat = {}
    for key, value in logs.items():
        if isinstance(value, dict):
            flat.update(_flatten_logs(value))
        else:
            flat[key] = value
    return flat


def _check_result(result, kind, name):
    what = "(outputs, non_trainable_variables)" if kind == "predict" else (
        "(logs, state)"
    )
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        raise ValueError(
            f"{name}(self, state, data) must return {what}. Received: "
            f"{type(result).__name__}"
            + (f" of length {len(result)}"
               if isinstance(result, (tuple, list)) else "")
        )
    return result


def _merge(groups, state, returned, scope, kind, name):
    """The returned state; where a value was returned unchanged (the same
    object as the input) but the variable was assigned in the step (a
    `SeedGenerator` drawn from outside a stateless call), the assignment."""
    names = GROUP_NAMES[kind]
    if not isinstance(returned, (tuple, list)) or len(returned) != len(
        groups
    ):
        raise ValueError(
            f"{name} must return a state of {len(groups)} lists of values "
            f"({', '.join(names)} variables), as it received. Received: "
            f"{_describe(returned)}"
        )
    assigned = {id(v) for v in scope.assigned()}
    merged = []
    for group, old, new, label in zip(groups, state, returned, names):
        new = list(new)
        if len(new) != len(group):
            raise ValueError(
                f"{name} returned {len(new)} values for the {label} "
                f"variables; the state holds {len(group)}."
            )
        merged.append([
            scope.get_current_value(v)
            if after is before and id(v) in assigned else after
            for v, before, after in zip(group, old, new)
        ])
    return tuple(merged)


def _describe(value):
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


def _check_assigned(scope, groups, name):
    known = {id(v) for group in groups for v in group}
    lost = [v for v in scope.assigned() if id(v) not in known]
    if lost:
        paths = [getattr(v, "path", v.name) for v in lost]
        raise ValueError(
            f"{name} assigned to variable(s) {paths} that are not part of "
            "the step's state, so the new values would be lost. The state "
            "holds the model's variables, those of `model.optimizer` and of "
            "any other Optimizer set as an attribute of the model, and "
            "those of the metrics in `model.metrics`: return a metric you "
            "update from the model's `metrics` property."
        )
