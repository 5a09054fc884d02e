"""Parity with Keras 3 (skipped when keras is not installed): constructor
defaults, get_config keys, inference outputs, the structure of the noise,
and ActivityRegularization's loss value."""

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

CASES = [
    ("SpatialDropout1D", {"rate": 0.5, "seed": 1}, (2, 3, 4)),
    ("SpatialDropout2D", {"rate": 0.5, "data_format": "channels_first"},
     (2, 3, 2, 2)),
    ("SpatialDropout3D", {"rate": 0.3}, (2, 2, 2, 2, 3)),
    ("GaussianDropout", {"rate": 0.2, "seed": 4}, (2, 3)),
    ("GaussianNoise", {"stddev": 0.5}, (2, 3)),
    ("AlphaDropout", {"rate": 0.1, "noise_shape": (None, 1)}, (2, 3)),
    ("ActivityRegularization", {"l1": 0.1, "l2": 0.3}, (2, 3)),
    ("Dropout", {"rate": 0.4, "noise_shape": (None, 1)}, (2, 3)),
]  # fmt: skip


def _defaults(cls):
    return {
        p.name: p.default
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.default is not inspect.Parameter.empty
    }


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES)
def test_defaults_config_and_inference_match_keras(name, kwargs, shape):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(layers, name)(**kwargs)
    assert _defaults(type(ours)) == _defaults(type(theirs))
    ours_config, their_config = ours.get_config(), theirs.get_config()
    assert set(ours_config) == set(their_config)
    for key, value in their_config.items():
        if key not in ("name", "dtype"):
            want = tuple(value) if isinstance(value, list) else value
            assert ours_config[key] == want, key
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    np.testing.assert_array_equal(np.asarray(ours(x)), np.asarray(theirs(x)))
    assert ours.supports_masking == theirs.supports_masking


def test_activity_regularization_loss_matches_keras():
    x = np.random.default_rng(1).normal(size=(3, 4)).astype("float32")
    theirs = keras.layers.ActivityRegularization(l1=0.1, l2=0.3)
    ours = layers.ActivityRegularization(l1=0.1, l2=0.3)
    theirs(x)
    ours(x)
    assert len(ours.losses) == len(theirs.losses) == 1
    np.testing.assert_allclose(float(ours.losses[0]),
                               float(theirs.losses[0]), rtol=1e-5)


@pytest.mark.parametrize(("name", "kwargs", "shape", "shared_axes"), [
    ("SpatialDropout2D", {"rate": 0.5}, (4, 3, 3, 30), (1, 2)),
    ("SpatialDropout1D", {"rate": 0.5}, (4, 5, 30), (1,)),
])
def test_spatial_noise_structure_matches_keras(name, kwargs, shape,
                                               shared_axes):
    x = np.ones(shape, "float32")
    for module in (keras.layers, layers):
        out = np.asarray(getattr(module, name)(**kwargs)(x, training=True))
        first = out[(slice(None),) + (slice(0, 1),) * len(shared_axes)]
        np.testing.assert_array_equal(out, np.broadcast_to(first, shape))
        assert set(np.unique(out)) <= {0.0, 2.0}


def test_alpha_dropout_values_match_keras():
    # The draws differ; the kept values (affine in x) and the one dropped
    # value must agree.
    x = np.random.default_rng(2).normal(size=(50, 40)).astype("float32")
    out_k = np.asarray(keras.layers.AlphaDropout(0.3)(x, training=True))
    out_m = np.asarray(layers.AlphaDropout(0.3)(x, training=True))
    # Fit kept = a * x + b on two inputs Keras kept (the dropped value is
    # the most common one).
    values, counts = np.unique(out_k.round(5), return_counts=True)
    dropped = values[np.argmax(counts)]
    kept = ~np.isclose(out_k, dropped, atol=1e-5)
    xs, ys = x[kept][:2], out_k[kept][:2]
    a = (ys[1] - ys[0]) / (xs[1] - xs[0])
    b = ys[0] - a * xs[0]
    for out in (out_k, out_m):
        is_kept = np.isclose(out, a * x + b, rtol=1e-4, atol=1e-5)
        is_dropped = np.isclose(out, dropped, atol=1e-5)
        assert np.all(is_kept | is_dropped)
        assert 0.2 < np.mean(is_dropped & ~is_kept) < 0.4
