"""A train/test/predict step overridden once, in the pure style
`(self, state, data)` or the stateful style `(self, data)`, runs compiled on
JAX and as is on NumPy, and computes what the built-in steps compute.

Training tests are `jax_only` (the NumPy backend has no gradients yet); the
test and predict steps run on both backends.
"""

import numpy as np
import pytest

import multikeras as keras
from multikeras import ops
from multikeras.testing import assert_allclose

jax_only = pytest.mark.jax_only
BACKEND = keras.backend.backend()


def _data(n=100, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    y = (x[:, 0] - x[:, 2] > 0).astype(np.int32)
    return x, y


def _regularizer(kernel):
    return 0.01 * ops.sum(kernel * kernel)


def _activity(outputs):
    return 0.001 * ops.mean(outputs * outputs)


def _build(model_class, seed=5, optimizer=None, steps_per_execution=1):
    """Same seed, same weights: Dense with a weight regularizer, Dropout
    (a SeedGenerator in the state) and an activity regularizer."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((4,))
    x = keras.layers.Dense(16, activation="relu",
                           kernel_regularizer=_regularizer)(inputs)
    x = keras.layers.Dropout(0.25)(x)
    x = keras.layers.Dense(2, activity_regularizer=_activity)(x)
    model = model_class(inputs, x)
    model.compile(
        optimizer=optimizer or keras.optimizers.Adam(0.02),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model


def _update_metrics_stateless(model, metrics_vars, loss, y, y_pred):
    logs, new_vars = {}, []
    for metric in model.metrics:
        start = len(new_vars)
        these = metrics_vars[start : start + len(metric.variables)]
        if metric.name == "loss":
            these = metric.stateless_update_state(these, loss)
        else:
            these = metric.stateless_update_state(these, y, y_pred)
        logs[metric.name] = metric.stateless_result(these)
        new_vars += these
    return logs, new_vars


class PureSteps(keras.Model):
    traces = 0

    def train_step(self, state, data):
        type(self).traces += 1
        trainable, non_trainable, optimizer_vars, metrics_vars = state
        x, y = data

        def loss_fn(trainable, non_trainable):
            y_pred, non_trainable = self.stateless_call(
                trainable, non_trainable, x, training=True
            )
            loss, _ = self.stateless_compute_loss(
                trainable, non_trainable, metrics_vars, x=x, y=y,
                y_pred=y_pred,
            )
            return loss, (y_pred, non_trainable)

        (loss, (y_pred, non_trainable)), grads = ops.value_and_grad(
            loss_fn, has_aux=True
        )(trainable, non_trainable)
        trainable, optimizer_vars = self.optimizer.stateless_apply(
            optimizer_vars, grads, trainable
        )
        logs, metrics_vars = _update_metrics_stateless(
            self, metrics_vars, loss, y, y_pred
        )
        return logs, (trainable, non_trainable, optimizer_vars,
                      metrics_vars)

    def test_step(self, state, data):
        trainable, non_trainable, metrics_vars = state
        x, y = data
        y_pred, non_trainable = self.stateless_call(
            trainable, non_trainable, x, training=False
        )
        loss, _ = self.stateless_compute_loss(
            trainable, non_trainable, metrics_vars, x=x, y=y, y_pred=y_pred,
            training=False,
        )
        logs, metrics_vars = _update_metrics_stateless(
            self, metrics_vars, loss, y, y_pred
        )
        return logs, (trainable, non_trainable, metrics_vars)

    def predict_step(self, state, data):
        trainable, non_trainable = state
        x = data[0] if isinstance(data, tuple) else data
        y_pred, non_trainable = self.stateless_call(
            trainable, non_trainable, x, training=False
        )
        return {"logits": y_pred, "doubled": 2.0 * y_pred}, non_trainable


class StatefulSteps(keras.Model):
    traces = 0

    def train_step(self, data):
        type(self).traces += 1
        x, y = data

        def loss_fn(weights):
            y_pred = self(x, training=True)
            return self.compute_loss(x, y, y_pred), y_pred

        weights = self.trainable_variables
        (loss, y_pred), grads = ops.value_and_grad(loss_fn, has_aux=True)(
            weights
        )
        self.optimizer.apply(grads, weights)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, training=False)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
        return self.compute_metrics(x, y, y_pred)

    def predict_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        y_pred = self(x, training=False)
        return {"logits": y_pred, "doubled": 2.0 * y_pred}


STYLES = {"pure": PureSteps, "stateful": StatefulSteps}


# -------------------------------------------------------------- training
def _fit(model):
    # 100 rows in batches of 32: the last batch is padded and masked.
    x, y = _data(100)
    return model.fit(x, y, batch_size=32, epochs=3, shuffle=False,
                     verbose=0)


@pytest.fixture(scope="module")
def reference():
    """The built-in train_step's result, shared by the tests below."""
    if BACKEND != "jax":
        pytest.skip("needs the JAX backend (gradients)")
    model = _build(keras.Model)
    _fit(model)
    return model


@jax_only
@pytest.mark.parametrize("style,steps_per_execution",
                         [("pure", 1), ("stateful", 1), ("stateful", 3)])
def test_custom_train_step_computes_what_the_builtin_step_computes(
    style, steps_per_execution, reference
):
    # steps_per_execution=3: the step runs inside one compiled scan.
    model = _build(STYLES[style], steps_per_execution=steps_per_execution)
    history = _fit(model)
    # Same gradients (with both regularizers), same dropout masks (the
    # SeedGenerator's state threaded through the steps), same updates.
    for got, want in zip(model.get_weights(), reference.get_weights()):
        assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for got, want in zip(model.non_trainable_variables,
                         reference.non_trainable_variables):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert int(model.optimizer.iterations.numpy()) == 12
    assert set(history.history) == {"loss", "accuracy"}
    # The weights moved, and the logs are the metrics' results.
    assert not np.allclose(model.get_weights()[0],
                           _build(STYLES[style]).get_weights()[0])
    assert 0.0 <= history.history["accuracy"][-1] <= 1.0


@jax_only
@pytest.mark.parametrize("style", sorted(STYLES))
def test_custom_train_step_is_traced_once(style):
    model_class = STYLES[style]
    model_class.traces = 0
    x, y = _data(100)
    model = _build(model_class)
    model.fit(x, y, batch_size=32, epochs=2, verbose=0)
    assert model_class.traces == 1
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    assert model_class.traces == 1


@jax_only
def test_run_eagerly_runs_the_custom_step_uncompiled_with_same_numbers():
    x, y = _data(32)

    def tiny(run_eagerly):
        keras.utils.set_random_seed(2)
        inputs = keras.Input((4,))
        model = StatefulSteps(inputs, keras.layers.Dense(2)(inputs))
        model.compile(
            optimizer=keras.optimizers.SGD(0.1),
            loss=keras.losses.SparseCategoricalCrossentropy(
                from_logits=True),
            metrics=["accuracy"], run_eagerly=run_eagerly,
        )
        model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
        return model

    compiled = tiny(False)
    StatefulSteps.traces = 0
    eager = tiny(True)
    assert StatefulSteps.traces == 2  # once per step: no compiled cache
    for got, want in zip(eager.get_weights(), compiled.get_weights()):
        assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@jax_only
def test_builtin_step_ignores_other_optimizers_the_model_holds(reference):
    extra = _build(keras.Model)
    extra.spare_optimizer = keras.optimizers.SGD(0.1)
    extra.spare_optimizer.build(extra.trainable_variables)
    _fit(extra)
    for got, want in zip(extra.get_weights(), reference.get_weights()):
        assert_allclose(got, want)
    assert int(extra.spare_optimizer.iterations.numpy()) == 0


def test_custom_train_step_on_numpy_names_the_jax_backend():
    if BACKEND != "numpy":
        pytest.skip("checks the NumPy backend's message")
    x, y = _data(32)
    for model_class in STYLES.values():
        model = _build(model_class)
        with pytest.raises(RuntimeError, match=r"no gradients yet.*"
                           r"MULTIKERAS_BACKEND=jax"):
            model.fit(x, y, batch_size=16, epochs=1, verbose=0)


# -------------------------------------------- evaluation and inference
def _np_forward(model, x):
    """The inference forward pass in NumPy, from the model's weights."""
    k1, b1, k2, b2 = [np.asarray(w, np.float64) for w in model.get_weights()]
    hidden = np.maximum(x @ k1 + b1, 0.0)
    return hidden @ k2 + b2


def _np_loss_terms(model, x, y):
    logits = _np_forward(model, x)
    z = logits - logits.max(-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(-1, keepdims=True))
    cross_entropy = -log_p[np.arange(len(y)), y].mean()
    kernel = np.asarray(model.get_weights()[0], np.float64)
    # As Keras 3.15, the activity regularizer's value is divided by the
    # batch size.
    activity = 0.001 * (logits**2).mean() / len(x)
    regularization = 0.01 * (kernel**2).sum() + activity
    return cross_entropy + regularization, logits


@pytest.mark.parametrize("style", sorted(STYLES))
def test_custom_test_step_runs_on_every_backend(style):
    x, y = _data(64)
    model = _build(STYLES[style])
    logs = model.evaluate(x, y, batch_size=64, verbose=0, return_dict=True)
    loss, logits = _np_loss_terms(model, x, y)
    assert_allclose(logs["loss"], loss, rtol=1e-5)
    assert_allclose(logs["accuracy"], (logits.argmax(-1) == y).mean())
    # Two batches: the loss tracker averages the per-batch losses.
    logs = model.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
    halves = [_np_loss_terms(model, x[i : i + 32], y[i : i + 32])[0]
              for i in (0, 32)]
    assert_allclose(logs["loss"], np.mean(halves), rtol=1e-5)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_custom_predict_step_runs_on_every_backend(style):
    x, _ = _data(70)
    model = _build(STYLES[style])
    out = model.predict(x, batch_size=32, verbose=0)
    assert set(out) == {"logits", "doubled"}
    assert out["logits"].shape == (70, 2)
    assert_allclose(out["logits"], _np_forward(model, x), rtol=1e-5,
                    atol=1e-5)
    assert_allclose(out["doubled"], 2 * out["logits"])
    batch = model.predict_on_batch(x[:5])
    assert_allclose(batch["doubled"], 2 * _np_forward(model, x[:5]),
                    rtol=1e-5, atol=1e-5)


def test_stateless_compute_loss_reads_the_given_values():
    x, y = _data(16)
    model = _build(keras.Model)
    model(x)
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]
    metrics = [v.value for v in model.metrics_variables]
    before = model.get_weights()
    # Other kernel values than the variable's: the regularizer sees them.
    scaled = [ops.multiply(trainable[0], 2.0)] + trainable[1:]
    y_pred = model(x)
    model._clear_losses()
    loss, (t, nt, m) = model.stateless_compute_loss(
        scaled, non_trainable, metrics, x=x, y=y, y_pred=y_pred
    )
    logits = np.asarray(y_pred, np.float64)
    z = logits - logits.max(-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(-1, keepdims=True))
    kernel = 2.0 * np.asarray(before[0], np.float64)
    expected = -log_p[np.arange(16), y].mean() + 0.01 * (kernel**2).sum()
    assert_allclose(loss, expected, rtol=1e-5)
    assert len(nt) == len(non_trainable) and len(m) == len(metrics)
    np.testing.assert_array_equal(model.get_weights()[0], before[0])
    with pytest.raises(ValueError, match=r"stateless_compute_loss expects "
                       r"4 trainable_variables, received 3"):
        model.stateless_compute_loss(scaled[:3], non_trainable, metrics,
                                     x=x, y=y, y_pred=y_pred)


def test_get_metrics_result_and_compute_metrics():
    x, y = _data(40)
    model = _build(keras.Model)
    model.evaluate(x, y, verbose=0)  # builds the compiled metrics
    model.reset_metrics()
    y_pred = model.predict(x, verbose=0)
    logs = model.compute_metrics(x, y, y_pred)
    assert set(logs) == {"loss", "accuracy"}
    assert_allclose(logs["accuracy"], (y_pred.argmax(-1) == y).mean())
    assert float(logs["loss"]) == 0.0  # the loss tracker is not updated
    assert set(model.get_metrics_result()) == {"loss", "accuracy"}
