"""ActivityRegularization: the penalty's value, and that it reaches the
training and evaluation loss."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def _penalty(x, l1, l2):
    return (l1 * np.abs(x).sum() + l2 * np.square(x).sum()) / len(x)


def test_penalty_matches_numpy_and_input_passes_through():
    x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    layer = layers.ActivityRegularization(l1=0.1, l2=0.02)
    np.testing.assert_array_equal(np.asarray(layer(x)), x)
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(layer.losses[0]),
                               _penalty(x, 0.1, 0.02), rtol=1e-5)


def test_stateless_call_returns_the_penalty():
    x = np.full((2, 3), -2.0, "float32")
    layer = layers.ActivityRegularization(l2=0.5)
    _, _, losses = layer.stateless_call([], [], x, return_losses=True)
    np.testing.assert_allclose(float(losses[0]), 0.5 * 24 / 2, rtol=1e-6)


def _model(l1, l2):
    return keras.Sequential([
        keras.Input((3,)),
        layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros"),
        layers.ActivityRegularization(l1=l1, l2=l2),
    ])


def test_penalty_reaches_the_evaluation_loss():
    x = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")
    y = np.zeros((4, 2), "float32")
    model = _model(0.1, 0.2)
    model.compile(loss="mse")
    h = x @ np.ones((3, 2), "float32")
    want = np.mean(h**2) + _penalty(h, 0.1, 0.2)
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=4, verbose=0),
                               want, rtol=1e-5)


@pytest.mark.jax_only
def test_penalty_reaches_the_training_loss():
    x = np.random.default_rng(2).normal(size=(4, 3)).astype("float32")
    y = np.zeros((4, 2), "float32")
    model = _model(0.3, 0.0)
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    loss = model.fit(x, y, batch_size=4, epochs=1, verbose=0).history["loss"]
    h = x @ np.ones((3, 2), "float32")
    np.testing.assert_allclose(loss[0], np.mean(h**2) + _penalty(h, 0.3, 0),
                               rtol=1e-5)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"l1": -1.0}, r"`l1`.*l1=-1.0"),
    ({"l2": "big"}, r"`l2`.*l2='big'"),
])
def test_bad_factors_are_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.ActivityRegularization(**kwargs)


CONFORMANCE = [
    (layers.ActivityRegularization, dict(
        init_kwargs={"l1": 0.1, "l2": 0.1}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_losses=1,
        expected_num_trainable_weights=0, supports_masking=True,
    )),
]  # fmt: skip
