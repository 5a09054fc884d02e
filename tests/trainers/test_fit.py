"""`fit`: learning, compiling once, reproducibility, losses and weights.

Tests that train are `jax_only` (the NumPy backend has no gradients yet);
those that only evaluate run on both backends.
"""

import numpy as np
import pytest

import multikeras as keras
from multikeras.testing import assert_allclose

jax_only = pytest.mark.jax_only


def _data(n=100, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(np.int32)
    return x, y


def _classifier(model_class=keras.Model):
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    return model_class(inputs, keras.layers.Dense(2)(hidden))


def _compile(model, lr=0.05, **kwargs):
    model.compile(
        optimizer=keras.optimizers.Adam(lr),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        **kwargs,
    )
    return model


def _log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def _np_scce(logits, y):
    return -_log_softmax(logits.astype(np.float64))[np.arange(len(y)), y]


@jax_only
def test_fit_learns_a_separable_task():
    x, y = _data(200)
    model = _compile(_classifier())
    history = model.fit(x, y, batch_size=32, epochs=15, verbose=0)
    assert history.history["accuracy"][-1] >= 0.9
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert model.evaluate(x, y, verbose=0, return_dict=True)["accuracy"] >= 0.9


class _Counting(keras.Model):
    """Counts Python calls of the steps: a compiled step runs them once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = {"train": 0, "test": 0}

    def train_step(self, state, data):
        self.calls["train"] += 1
        return super().train_step(state, data)

    def test_step(self, state, data):
        self.calls["test"] += 1
        return super().test_step(state, data)


@jax_only
def test_train_and_test_steps_are_traced_once_despite_a_short_batch():
    x, y = _data(100)  # 3 full batches of 32 and one of 4, every epoch
    model = _compile(_classifier(_Counting))
    model.fit(x, y, batch_size=32, epochs=3, verbose=0)
    assert model.calls == {"train": 1, "test": 0}
    model.evaluate(x, y, batch_size=32, verbose=0)
    model.evaluate(x[:70], y[:70], batch_size=32, verbose=0)
    assert model.calls == {"train": 1, "test": 1}


@pytest.mark.parametrize("n,batch_size", [(50, 32), (7, 3)])
def test_evaluate_masks_the_padding_of_the_last_batch(n, batch_size):
    x, y = _data(n)
    sw = np.linspace(0.5, 2.0, n).astype(np.float32)
    model = _classifier()
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"], weighted_metrics=["accuracy"],
    )
    batched = model.evaluate(x, y, batch_size=batch_size, sample_weight=sw,
                             verbose=0, return_dict=True)
    whole = model.evaluate(x, y, batch_size=n, sample_weight=sw, verbose=0,
                           return_dict=True)
    assert set(batched) == {"loss", "accuracy", "weighted_accuracy"}
    for key in batched:
        assert_allclose(batched[key], whole[key], rtol=1e-5, atol=1e-6,
                        msg=key)
    logits = model.predict(x, verbose=0)
    hits = (logits.argmax(-1) == y).astype(np.float64)
    assert_allclose(batched["loss"], (_np_scce(logits, y) * sw).mean(),
                    rtol=1e-5)
    assert_allclose(batched["accuracy"], hits.mean(), rtol=1e-6)
    assert_allclose(batched["weighted_accuracy"], (hits * sw).sum() / sw.sum(),
                    rtol=1e-5)


@jax_only
def test_same_seed_gives_bit_identical_fits():
    x, y = _data(64)

    def run():
        keras.utils.set_random_seed(7)
        inputs = keras.Input((4,))
        hidden = keras.layers.Dropout(0.3)(
            keras.layers.Dense(8, activation="relu")(inputs)
        )
        model = _compile(keras.Model(inputs, keras.layers.Dense(2)(hidden)))
        model.fit(x, y, batch_size=16, epochs=2, shuffle=True, verbose=0)
        return model.get_weights()

    first, second = run(), run()
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    keras.utils.set_random_seed(8)
    other = _compile(_classifier())
    assert not np.array_equal(other.get_weights()[0], first[0])


# ------------------------------------------------------------ multi-output


def _two_outputs():
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(6, activation="tanh")(inputs)
    out_a = keras.layers.Dense(2, name="a")(hidden)
    out_b = keras.layers.Dense(1, name="b")(hidden)
    return keras.Model(inputs, [out_a, out_b])


def _two_targets(n=20):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    return x, rng.normal(size=(n, 2)).astype(np.float32), rng.normal(
        size=(n, 1)).astype(np.float32)


@pytest.mark.parametrize(
    "loss,loss_weights",
    [
        (["mse", "mae"], None),
        (["mse", "mae"], [1.0, 0.5]),
        ({"a": "mse", "b": "mae"}, {"a": 2.0, "b": 0.25}),
    ],
    ids=["list", "list_weighted", "dict_weighted"],
)
def test_multi_output_loss_is_the_weighted_sum(loss, loss_weights):
    x, ya, yb = _two_targets()
    model = _two_outputs()
    assert model.output_names == ["a", "b"]
    model.compile(loss=loss, loss_weights=loss_weights)
    logs = model.evaluate(x, [ya, yb], batch_size=8, verbose=0,
                          return_dict=True)
    pa, pb = model.predict(x, verbose=0)
    mse_a = ((pa - ya) ** 2).mean()
    mae_b = np.abs(pb - yb).mean()
    wa, wb = (1.0, 1.0)
    if isinstance(loss_weights, list):
        wa, wb = loss_weights
    elif isinstance(loss_weights, dict):
        wa, wb = loss_weights["a"], loss_weights["b"]
    assert list(logs) == ["loss", "a_loss", "b_loss"]
    assert_allclose(logs["a_loss"], mse_a, rtol=1e-5)
    assert_allclose(logs["b_loss"], mae_b, rtol=1e-5)
    assert_allclose(logs["loss"], wa * mse_a + wb * mae_b, rtol=1e-5)


@jax_only
def test_multi_output_fit_logs_per_output_losses():
    x, ya, yb = _two_targets(32)
    model = _two_outputs()
    model.compile(optimizer="sgd", loss={"a": "mse", "b": "mae"},
                  loss_weights={"a": 1.0, "b": 3.0})
    history = model.fit(x, [ya, yb], batch_size=8, epochs=2, verbose=0)
    h = history.history
    assert {"loss", "a_loss", "b_loss"} <= set(h)
    assert len(h["a_loss"]) == 2
    assert_allclose(h["loss"][-1], h["a_loss"][-1] + 3.0 * h["b_loss"][-1],
                    rtol=1e-4)


def test_metric_names_per_output_and_weighted_follow_keras():
    x, ya, yb = _two_targets(10)
    sw = np.linspace(0.0, 1.0, 10).astype(np.float32)
    model = _two_outputs()
    model.compile(loss="mse", metrics={"a": ["mae"]},
                  weighted_metrics={"a": ["mae"], "b": ["mae"]})
    logs = model.evaluate(x, [ya, yb], sample_weight=sw, batch_size=4,
                          verbose=0, return_dict=True)
    # "weighted_" is added only where the name is already taken.
    assert list(logs) == ["loss", "a_loss", "b_loss", "a_mae",
                          "a_weighted_mae", "b_mae"]
    pa, pb = model.predict(x, verbose=0)
    mae_a = np.abs(pa - ya).mean(-1)
    mae_b = np.abs(pb - yb).mean(-1)
    assert_allclose(logs["a_mae"], mae_a.mean(), rtol=1e-5)
    assert_allclose(logs["a_weighted_mae"], (mae_a * sw).sum() / sw.sum(),
                    rtol=1e-5)
    assert_allclose(logs["b_mae"], (mae_b * sw).sum() / sw.sum(), rtol=1e-5)


def test_loss_dict_with_unknown_key_names_key_and_outputs():
    model = _two_outputs()
    with pytest.raises(ValueError, match=r"\['c'\].*\['a', 'b'\]"):
        model.compile(loss={"a": "mse", "c": "mae"})


def test_loss_list_of_wrong_length_raises():
    model = _two_outputs()
    with pytest.raises(ValueError, match="2 outputs.*Received 3"):
        model.compile(loss=["mse", "mse", "mse"])


# ----------------------------------------------- validation and History


@jax_only
def test_validation_split_logs_val_metrics_on_the_last_samples():
    x, y = _data(80)
    model = _compile(_classifier())
    history = model.fit(x, y, batch_size=16, epochs=2, verbose=0,
                        validation_split=0.25)
    h = history.history
    assert set(h) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [0, 1]
    assert all(len(v) == 2 for v in h.values())
    val = model.evaluate(x[60:], y[60:], verbose=0, return_dict=True)
    assert_allclose(h["val_loss"][-1], val["loss"], rtol=1e-5)
    assert_allclose(h["val_accuracy"][-1], val["accuracy"], rtol=1e-6)
    assert model.history is history


@jax_only
def test_validation_data_and_freq():
    x, y = _data(48)
    vx, vy = _data(20, seed=9)
    model = _compile(_classifier())
    history = model.fit(x, y, batch_size=16, epochs=4, verbose=0,
                        validation_data=(vx, vy), validation_freq=2)
    assert len(history.history["loss"]) == 4
    assert len(history.history["val_loss"]) == 2
    val = model.evaluate(vx, vy, verbose=0, return_dict=True)
    assert_allclose(history.history["val_loss"][-1], val["loss"], rtol=1e-5)


# ------------------------------------------- sample and class weights


@jax_only
def test_sample_and_class_weights_scale_the_loss():
    x, y = _data(24)
    model = _compile(_classifier(), lr=0.0)  # lr 0: weights stay put
    per = _np_scce(model.predict(x, verbose=0), y)
    sw = np.linspace(0.0, 2.0, 24).astype(np.float32)
    class_weight = {0: 0.5, 1: 3.0}
    cw = np.where(y == 1, 3.0, 0.5)
    loss = model.train_on_batch(x, y, sample_weight=sw)[0]
    assert_allclose(loss, (per * sw).mean(), rtol=1e-5)
    loss = model.train_on_batch(x, y, class_weight=class_weight)[0]
    assert_allclose(loss, (per * cw).mean(), rtol=1e-5)
    # Each call reports its own batch (Keras resets the metrics first).
    loss = model.train_on_batch(x, y)[0]
    assert_allclose(loss, per.mean(), rtol=1e-5)
    history = model.fit(x, y, batch_size=24, epochs=1, shuffle=False,
                        class_weight=class_weight, verbose=0)
    assert_allclose(history.history["loss"][0], (per * cw).mean(),
                    rtol=1e-5)
    history = model.fit(x, y, batch_size=24, epochs=1, shuffle=False,
                        sample_weight=sw, verbose=0)
    assert_allclose(history.history["loss"][0], (per * sw).mean(),
                    rtol=1e-5)
    assert not np.isclose(per.mean(), (per * cw).mean(), rtol=1e-3)


@jax_only
def test_class_weight_missing_a_class_raises():
    x, y = _data(16)
    model = _compile(_classifier())
    with pytest.raises(ValueError, match=r"no weight for classes \[1\]"):
        model.fit(x, y, class_weight={0: 1.0}, verbose=0)


# --------------------------------------------------- custom train_step


class _KerasJaxStyle(keras.Model):
    """A train_step written as in Keras's "customizing fit() with JAX"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.acc_metric = keras.metrics.SparseCategoricalAccuracy(name="acc")

    @property
    def metrics(self):
        return [self.loss_tracker, self.acc_metric]

    def compute_loss_and_updates(self, trainable, non_trainable, x, y):
        y_pred, non_trainable = self.stateless_call(
            trainable, non_trainable, x, training=True
        )
        loss = self.compute_loss(x, y, y_pred)
        return loss, (y_pred, non_trainable)

    def train_step(self, state, data):
        import jax

        trainable, non_trainable, optimizer_vars, metrics_vars = state
        x, y = data
        grad_fn = jax.value_and_grad(self.compute_loss_and_updates,
                                     has_aux=True)
        (loss, (y_pred, non_trainable)), grads = grad_fn(
            trainable, non_trainable, x, y
        )
        trainable, optimizer_vars = self.optimizer.stateless_apply(
            optimizer_vars, grads, trainable
        )
        new_metrics_vars, logs = [], {}
        for metric in self.metrics:
            start = len(new_metrics_vars)
            these = metrics_vars[start : start + len(metric.variables)]
            if metric.name == "loss":
                these = metric.stateless_update_state(these, loss)
            else:
                these = metric.stateless_update_state(these, y, y_pred)
            logs[metric.name] = metric.stateless_result(these)
            new_metrics_vars += these
        return logs, (trainable, non_trainable, optimizer_vars,
                      new_metrics_vars)


@jax_only
def test_custom_train_step_in_keras_jax_style():
    x, y = _data(128)
    model = _classifier(_KerasJaxStyle)
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(x, y, batch_size=32, epochs=10, verbose=0)
    assert set(history.history) == {"loss", "acc"}
    assert history.history["acc"][-1] >= 0.9
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert not np.allclose(model.get_weights()[0], before[0])
    # The optimizer's state was written back too.
    assert int(model.optimizer.iterations.numpy()) == 40
