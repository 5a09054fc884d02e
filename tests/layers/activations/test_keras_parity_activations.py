"""Activation layers against Keras 3 (skipped without keras): config keys,
defaults, weights and outputs."""

import importlib.util
import inspect
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND",
    "jax" if importlib.util.find_spec("jax") is not None else "numpy",
)
keras = pytest.importorskip("keras")

import multikeras  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

X = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32") * 3

CASES = [
    ("ELU", {}), ("ELU", {"alpha": 0.3}),
    ("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.05}),
    ("PReLU", {"alpha_initializer": "random_normal"}),
    ("PReLU", {"alpha_initializer": "random_normal", "shared_axes": [1]}),
    ("ReLU", {}), ("ReLU", {"max_value": 2.0}),
    ("ReLU", {"negative_slope": 0.1, "threshold": 0.5, "max_value": 4.0}),
    ("Softmax", {}), ("Softmax", {"axis": 1}), ("Softmax", {"axis": [1, 2]}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_activation_layer_matches_keras(name, kwargs):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(multikeras.layers, name)(**kwargs)
    want = keras.ops.convert_to_numpy(theirs(X))
    ours(X)
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == [
        (w.name, tuple(w.shape)) for w in theirs.weights]
    ours.set_weights(theirs.get_weights())
    got = multikeras.ops.convert_to_numpy(ours(X))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert set(ours.get_config()) == set(theirs.get_config())


def test_softmax_mask_matches_keras():
    mask = np.random.default_rng(1).random((2, 3, 4)) > 0.4
    mask[0, 0] = False
    want = keras.layers.Softmax()(X, mask=mask)
    got = multikeras.layers.Softmax()(X, mask=mask)
    np.testing.assert_allclose(multikeras.ops.convert_to_numpy(got),
                               keras.ops.convert_to_numpy(want),
                               rtol=1e-5, atol=1e-7)  # fmt: skip


@pytest.mark.parametrize("name", ["ELU", "LeakyReLU", "PReLU", "ReLU",
                                  "Softmax"])
def test_defaults_match_keras(name):
    def defaults(cls):
        return {
            k: p.default for k, p in
            inspect.signature(cls.__init__).parameters.items()
            if p.default is not inspect.Parameter.empty
        }  # fmt: skip

    assert defaults(getattr(multikeras.layers, name)) == defaults(
        getattr(keras.layers, name))
