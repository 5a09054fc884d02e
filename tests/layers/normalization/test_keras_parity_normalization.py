"""Parity with Keras 3 (skipped when keras is not installed): the same
config and weights give the same outputs, weight names, shapes and order,
constructor defaults and get_config keys."""

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

from multikeras import layers  # noqa: E402

# Keras's variables warn about NumPy 2's `copy` keyword in `numpy()`.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
RNG = np.random.default_rng(3)

CASES = [
    ("BatchNormalization", {}, (4, 3)),
    ("BatchNormalization", {"axis": 1, "momentum": 0.5, "epsilon": 0.01},
     (3, 2, 4)),
    ("BatchNormalization", {"center": False}, (4, 3)),
    ("BatchNormalization", {"renorm": True,
                            "renorm_clipping": {"rmax": 1.2, "dmax": 0.3}},
     (5, 3)),
    ("LayerNormalization", {}, (2, 3, 4)),
    ("LayerNormalization", {"axis": [1, 2], "scale": False}, (2, 3, 4)),
    ("LayerNormalization", {"axis": 1, "epsilon": 0.1}, (2, 3, 4)),
    ("GroupNormalization", {"groups": 2}, (2, 3, 4)),
    ("GroupNormalization", {"groups": -1, "axis": 1}, (2, 3, 4)),
    ("GroupNormalization", {"groups": 3, "center": False}, (2, 2, 2, 6)),
    ("RMSNormalization", {}, (2, 3, 4)),
    ("RMSNormalization", {"axis": [1, 2], "epsilon": 1e-3}, (2, 3, 4)),
    ("UnitNormalization", {}, (2, 3)),
    ("UnitNormalization", {"axis": [1, 2]}, (2, 3, 4)),
]  # fmt: skip


def _random_weights(layer):
    return [
        RNG.normal(size=w.shape).astype(w.dtype) for w in layer.get_weights()
    ]


def _positive_where_needed(theirs, values):
    # Variances and standard deviations must stay positive.
    names = [w.name for w in theirs.weights]
    return [
        np.abs(v) + 0.5 if ("variance" in n or "stddev" in n) else v
        for n, v in zip(names, values)
    ]


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES)
def test_outputs_and_weights_match_keras(name, kwargs, shape):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(layers, name)(**kwargs)
    x = RNG.normal(size=shape).astype("float32")
    theirs.build(shape)
    ours.build(shape)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert [tuple(w.shape) for w in ours.weights] == [
        tuple(w.shape) for w in theirs.weights]
    assert [w.trainable for w in ours.weights] == [
        w.trainable for w in theirs.weights]
    values = _positive_where_needed(theirs, _random_weights(theirs))
    theirs.set_weights(values)
    ours.set_weights(values)
    for training in (False, True):
        want = np.asarray(theirs(x, training=training)) if _takes_training(
            theirs) else np.asarray(theirs(x))
        got = np.asarray(ours(x, training=training)) if _takes_training(
            ours) else np.asarray(ours(x))
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    for mine, keras_weight in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(mine, keras_weight, rtol=1e-4, atol=1e-6)
    _compare_configs(ours.get_config(), theirs.get_config())


def _takes_training(layer):
    return "training" in inspect.signature(layer.call).parameters


def _compare_configs(ours, theirs):
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        if key in ("name", "dtype"):
            continue
        if isinstance(value, dict) and "class_name" in value:
            assert ours[key]["class_name"] == value["class_name"], key
        else:
            assert ours[key] == value, key


def test_masked_batch_statistics_match_keras():
    x = RNG.normal(size=(2, 4, 3)).astype("float32")
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 0]], bool)
    theirs = keras.layers.BatchNormalization(momentum=0.5)
    ours = layers.BatchNormalization(momentum=0.5)
    want = np.asarray(theirs(x, training=True, mask=mask))
    got = np.asarray(ours(x, training=True, mask=mask))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    for mine, keras_weight in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(mine, keras_weight, rtol=1e-5, atol=1e-6)


def test_spectral_normalization_matches_keras():
    x = RNG.normal(size=(2, 3)).astype("float32")
    theirs = keras.layers.SpectralNormalization(keras.layers.Dense(2),
                                                power_iterations=2)
    ours = layers.SpectralNormalization(layers.Dense(2), power_iterations=2)
    theirs.build(x.shape)
    ours.build(x.shape)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    ours.set_weights(theirs.get_weights())
    np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(theirs(x)),
                               rtol=1e-5, atol=1e-6)
    want = np.asarray(theirs(x, training=True))
    got = np.asarray(ours(x, training=True))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    for mine, keras_weight in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(mine, keras_weight, rtol=1e-4, atol=1e-6)
    assert set(ours.get_config()) == set(theirs.get_config())


@pytest.mark.parametrize("name", [
    "BatchNormalization", "LayerNormalization", "GroupNormalization",
    "RMSNormalization", "UnitNormalization", "SpectralNormalization",
])
def test_constructor_defaults_match_keras(name):
    def defaults(cls):
        return {
            p.name: p.default
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.default is not inspect.Parameter.empty
        }

    ours, theirs = defaults(getattr(layers, name)), defaults(
        getattr(keras.layers, name))
    assert ours == theirs
