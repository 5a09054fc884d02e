"""Inference loops on both backends, and the errors of the training API."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import backend
from multikeras.testing import assert_allclose

BACKEND = backend.backend()


def _model():
    inputs = keras.Input((5,))
    hidden = keras.layers.Dense(7, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dense(3)(hidden))


def _numpy_forward(model, x):
    w1, b1, w2, b2 = [w.astype(np.float64) for w in model.get_weights()]
    return np.maximum(x @ w1 + b1, 0.0) @ w2 + b2


def _data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 5)).astype(np.float32)
    return x, rng.integers(0, 3, size=(n,)).astype(np.int32)


def _compiled(**kwargs):
    model = _model()
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        **kwargs,
    )
    return model


def _np_scce(logits, y):
    z = logits - logits.max(-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(-1, keepdims=True))
    return -log_p[np.arange(len(y)), y]


@pytest.mark.parametrize("batch_size", [None, 4, 13])
def test_predict_matches_numpy_and_the_forward_pass(batch_size):
    x, _ = _data(13)
    model = _model()
    out = model.predict(x, batch_size=batch_size, verbose=0)
    assert isinstance(out, np.ndarray)
    assert out.shape == (13, 3)
    assert_allclose(out, _numpy_forward(model, x), rtol=1e-5, atol=1e-5)
    assert_allclose(out, np.asarray(model(x)), rtol=1e-6, atol=1e-6)


def test_predict_on_batch_matches_numpy():
    x, _ = _data(6)
    model = _model()
    out = model.predict_on_batch(x)
    assert isinstance(out, np.ndarray)
    assert_allclose(out, _numpy_forward(model, x), rtol=1e-5, atol=1e-5)


def test_predict_multi_output_returns_a_list_of_arrays():
    inputs = keras.Input((5,))
    model = keras.Model(inputs, [keras.layers.Dense(2)(inputs),
                                 keras.layers.Dense(1)(inputs)])
    x, _ = _data(9)
    out = model.predict(x, batch_size=4, verbose=0)
    assert [o.shape for o in out] == [(9, 2), (9, 1)]
    w1, b1, w2, b2 = model.get_weights()
    assert_allclose(out[0], x @ w1 + b1, rtol=1e-5, atol=1e-5)
    assert_allclose(out[1], x @ w2 + b2, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("batch_size", [4, 32])
def test_evaluate_matches_numpy(batch_size):
    x, y = _data(10)
    model = _compiled()
    logits = _numpy_forward(model, x)
    result = model.evaluate(x, y, batch_size=batch_size, verbose=0)
    assert isinstance(result, list) and len(result) == 2
    loss, accuracy = result
    assert_allclose(loss, _np_scce(logits, y).mean(), rtol=1e-5)
    assert_allclose(accuracy, (logits.argmax(-1) == y).mean(), rtol=1e-6)
    as_dict = model.evaluate(x, y, batch_size=batch_size, verbose=0,
                             return_dict=True)
    assert list(as_dict) == ["loss", "accuracy"]
    assert_allclose(as_dict["loss"], loss)


def test_evaluate_with_loss_only_returns_a_scalar():
    x, _ = _data(8)
    model = _model()
    model.compile(loss="mse")
    target = np.ones((8, 3), np.float32)
    loss = model.evaluate(x, target, verbose=0)
    assert isinstance(loss, float)
    assert_allclose(loss, ((_numpy_forward(model, x) - 1.0) ** 2).mean(),
                    rtol=1e-5)


def test_test_on_batch_reports_each_batch_alone():
    x, y = _data(12)
    model = _compiled()
    logits = _numpy_forward(model, x)
    for part in (slice(0, 6), slice(6, 12)):
        loss, accuracy = model.test_on_batch(x[part], y[part])
        assert_allclose(loss, _np_scce(logits[part], y[part]).mean(),
                        rtol=1e-5)
        assert_allclose(accuracy,
                        (logits[part].argmax(-1) == y[part]).mean())
    logs = model.test_on_batch(x, y, return_dict=True)
    assert_allclose(logs["loss"], _np_scce(logits, y).mean(), rtol=1e-5)


def test_test_on_batch_with_sample_weight():
    x, y = _data(6)
    sw = np.array([0.0, 1.0, 2.0, 0.5, 1.0, 3.0], np.float32)
    model = _compiled()
    loss = model.test_on_batch(x, y, sample_weight=sw)[0]
    per = _np_scce(_numpy_forward(model, x), y)
    assert_allclose(loss, (per * sw).mean(), rtol=1e-5)


def test_evaluate_with_ignore_class_and_a_padded_batch():
    x, _ = _data(6)
    y = np.array([0, 1, 2, 0, 2, 0], np.int32)  # batches [0 1 2 0], [2 0]
    model = _model()
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True, ignore_class=0))
    loss = model.evaluate(x, y, batch_size=4, verbose=0)
    per = _np_scce(_numpy_forward(model, x), np.where(y == 0, 1, y))
    keep = y != 0
    # Each batch averages its kept samples; the loss tracker then weighs
    # batches by their real sample counts (4 and 2).
    first = per[:4][keep[:4]].mean()
    second = per[4:][keep[4:]].mean()
    assert_allclose(loss, (4 * first + 2 * second) / 6, rtol=1e-5)


def test_inference_does_not_change_weights():
    x, y = _data(10)
    model = _compiled()
    before = model.get_weights()
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    model.test_on_batch(x, y)
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.skipif(BACKEND != "numpy", reason="the NumPy backend's limit")
@pytest.mark.parametrize("method", ["fit", "train_on_batch"])
def test_training_on_numpy_backend_names_jax(method):
    x, y = _data(8)
    model = _compiled()
    with pytest.raises(Exception, match="JAX") as info:
        getattr(model, method)(x, y, **({"verbose": 0} if method == "fit"
                                        else {}))
    assert "MULTIKERAS_BACKEND=jax" in str(info.value)
    # Inference still works afterwards.
    assert model.predict(x, verbose=0).shape == (8, 3)


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_x_and_y_of_different_lengths_give_both_sizes(method):
    x, _ = _data(10)
    _, y = _data(7)
    model = _compiled()
    with pytest.raises(ValueError, match=r"x sizes: \[10\].*y sizes: \[7\]"):
        getattr(model, method)(x, y, verbose=0)


def test_unknown_loss_string():
    with pytest.raises(ValueError, match="Unknown loss: 'mean_sqared_error'"):
        _model().compile(loss="mean_sqared_error")


def test_unknown_optimizer_string():
    with pytest.raises(ValueError, match="Unknown optimizer: 'adamw2'"):
        _model().compile(optimizer="adamw2", loss="mse")


def test_unknown_metric_string():
    x, y = _data(4)
    with pytest.raises(ValueError, match="Unknown metric: 'acc2'"):
        model = _compiled(weighted_metrics=["acc2"])
        model.evaluate(x, y, verbose=0)


@pytest.mark.parametrize("method", ["evaluate", "test_on_batch", "fit"])
def test_before_compile_raises(method):
    x, y = _data(4)
    kwargs = {} if method == "test_on_batch" else {"verbose": 0}
    with pytest.raises(ValueError, match="compile"):
        getattr(_model(), method)(x, y, **kwargs)


def test_fit_with_no_loss_raises():
    x, y = _data(4)
    model = _model()
    model.compile(optimizer="sgd")
    with pytest.raises(ValueError, match="loss"):
        model.evaluate(x, y, verbose=0)


def test_validation_split_out_of_range_raises():
    x, y = _data(8)
    with pytest.raises(ValueError, match="validation_split"):
        _compiled().fit(x, y, validation_split=1.5, verbose=0)


def test_class_weight_and_sample_weight_together_are_rejected():
    model = _compiled()
    x, y = _data(8)
    with pytest.raises(ValueError, match="class_weight.*sample_weight"):
        model.fit(x, y, sample_weight=np.ones(8), class_weight={0: 1.0,
                  1: 2.0, 2: 1.0}, verbose=0)
    with pytest.raises(ValueError, match="class_weight.*sample_weight"):
        model.train_on_batch(x, y, sample_weight=np.ones(8),
                             class_weight={0: 1.0, 1: 2.0, 2: 1.0})


def test_identical_metrics_get_numbered_log_names():
    model = _model()
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy", "accuracy"],
    )
    x, y = _data(10)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert list(logs) == ["loss", "accuracy", "accuracy_1"]
    assert logs["accuracy"] == logs["accuracy_1"]
