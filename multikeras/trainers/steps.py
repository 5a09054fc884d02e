"""The default `train_step`, `test_step` and `predict_step`.

Each is a pure function of `(state, data)`, written against the backend
contract, so the same code is compiled by `jax.jit` on JAX and runs as is on
NumPy. A user overrides them on the model with the same signatures:

    train_step(state, data) -> (logs, state)
        state = (trainable, non_trainable, optimizer, metrics) variables
    test_step(state, data) -> (logs, state)
        state = (trainable, non_trainable, metrics) variables
    predict_step(state, data) -> (outputs, non_trainable)
        state = (trainable, non_trainable) variables
"""

from multikeras import backend
from multikeras.trainers.data_adapter import unpack_x_y_sample_weight


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

    def loss_fn(trainable):
        y_pred, new_non_trainable, layer_losses = _forward(
            model, trainable, non_trainable, x, training=True
        )
        loss, per_output = _loss(
            model, x, y, y_pred, sample_weight, layer_losses
        )
        return loss, (y_pred, new_non_trainable, per_output)

    grad_fn = backend.active.value_and_grad(loss_fn, has_aux=True)
    (loss, (y_pred, non_trainable, per_output)), grads = grad_fn(trainable)
    trainable, optimizer_variables = model.optimizer.stateless_apply(
        optimizer_variables, grads, trainable
    )
    trainable = model._apply_constraints(trainable)
    logs, metrics_variables = update_metrics(
        model, metrics_variables, loss, per_output, y, y_pred, sample_weight
    )
    return logs, (trainable, non_trainable, optimizer_variables,
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
