"""Subclassed models: layers in __init__, forward pass in call."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers

X = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")


class TwoLayer(keras.Model):
    def __init__(self, hidden=5, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.dropout = layers.Dropout(0.5)
        self.head = layers.Dense(2)

    def call(self, inputs, training=None):
        return self.head(self.dropout(self.hidden(inputs),
                                      training=training))


def _np_forward(model, x):
    k1, b1, k2, b2 = model.get_weights()
    return np.maximum(x @ k1 + b1, 0) @ k2 + b2


def test_subclassed_model_tracks_layers_and_computes():
    model = TwoLayer()
    out = np.asarray(model(X))
    assert model.built
    assert out.shape == (4, 2)
    assert len(model.layers) == 3
    assert [w.shape for w in model.get_weights()] == [
        (3, 5), (5,), (5, 2), (2,)
    ]
    np.testing.assert_allclose(out, _np_forward(model, X), rtol=1e-5,
                               atol=1e-6)


def test_subclassed_model_training_flag_reaches_dropout():
    model = TwoLayer(hidden=400)
    model(X)
    hidden = np.maximum(
        X @ model.hidden.get_weights()[0] + model.hidden.get_weights()[1], 0
    )
    assert np.count_nonzero(hidden) > 100
    trained = np.asarray(model(X, training=True))
    inferred = np.asarray(model(X))
    assert not np.allclose(trained, inferred)
    np.testing.assert_allclose(inferred, _np_forward(model, X), rtol=1e-5,
                               atol=1e-5)


def test_build_with_input_shape_creates_weights():
    model = TwoLayer()
    assert model.weights == []
    model.build((None, 3))
    assert model.built
    assert [w.shape for w in model.get_weights()] == [
        (3, 5), (5,), (5, 2), (2,)
    ]
    assert model.count_params() == (3 * 5 + 5) + (5 * 2 + 2)
    # Building does not change the weights a later call uses.
    before = model.get_weights()
    np.testing.assert_allclose(np.asarray(model(X)), _np_forward(model, X),
                               rtol=1e-5, atol=1e-6)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_subclassed_model_predict_matches_call():
    model = TwoLayer()
    model.build((None, 3))
    np.testing.assert_allclose(model.predict(X, verbose=0),
                               _np_forward(model, X), rtol=1e-5, atol=1e-6)


def test_subclassed_model_stateless_call_is_pure():
    model = TwoLayer()
    model.build((None, 3))
    before = [w.copy() for w in model.get_weights()]
    zeros = [np.zeros(v.shape, "float32") for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]
    out, _ = model.stateless_call(zeros, non_trainable, X)
    np.testing.assert_array_equal(np.asarray(out), np.zeros((4, 2)))
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_subclassed_model_without_call_raises():
    class Empty(keras.Model):
        pass

    with pytest.raises(NotImplementedError, match=r"Empty has no `call`"):
        Empty()(X)
