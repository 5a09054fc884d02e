"""Preprocessing layers against Keras 3 (skipped when keras is not
installed): same config keys and values, weights (names, shapes, order) and
outputs. Keras's Hashing needs TensorFlow, so its numbers are checked in
test_hashing.py against Keras's documented results instead."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND", "jax" if importlib.util.find_spec("jax") else "numpy"
)
keras = pytest.importorskip("keras")

from multikeras import layers  # noqa: E402


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _x(shape, seed=0, dtype="float32", high=None):
    rng = np.random.default_rng(seed)
    if high is not None:
        return rng.integers(0, high, size=shape).astype(dtype)
    return (rng.normal(size=shape) * 4).astype(dtype)


CASES = [
    ("Normalization", {"mean": [1.0, -2.0, 0.5], "variance": [4.0, 1.0, 9.0]},
     _x((2, 3))),
    ("Normalization", {"axis": None, "mean": 2.0, "variance": 3.0,
                       "invert": True}, _x((2, 3, 2))),
    ("Rescaling", {"scale": 1 / 255.0, "offset": -0.5},
     _x((2, 4, 4, 3), dtype="uint8", high=256)),
    ("Resizing", {"height": 3, "width": 5}, _x((2, 6, 4, 2))),
    ("Resizing", {"height": 3, "width": 3, "interpolation": "nearest",
                  "crop_to_aspect_ratio": True}, _x((1, 4, 7, 1))),
    ("Resizing", {"height": 4, "width": 4, "pad_to_aspect_ratio": True,
                  "fill_value": 1.5}, _x((1, 2, 4, 1))),
    ("Resizing", {"height": 3, "width": 3, "interpolation": "bicubic",
                  "data_format": "channels_first"}, _x((1, 2, 5, 4))),
    ("Resizing", {"height": 2, "width": 2},
     _x((1, 4, 4, 1), dtype="uint8", high=256)),
    ("CenterCrop", {"height": 2, "width": 3}, _x((2, 5, 6, 1))),
    ("CenterCrop", {"height": 4, "width": 4}, _x((1, 3, 5, 2))),
    ("CategoryEncoding", {"num_tokens": 5}, _x((3, 4), dtype="int32",
                                               high=5)),
    ("CategoryEncoding", {"num_tokens": 5, "output_mode": "count"},
     _x((3, 4), dtype="int32", high=5)),
    ("CategoryEncoding", {"num_tokens": 5, "output_mode": "one_hot"},
     _x((3, 1), dtype="int32", high=5)),
    ("Discretization", {"bin_boundaries": [-1.0, 0.0, 2.5]}, _x((3, 4))),
    ("Discretization", {"bin_boundaries": [0.0, 1.0],
                        "output_mode": "one_hot"}, _x((4, 1))),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs", "x"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_matches_keras(name, kwargs, x):
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    got, want = ours(x), theirs(x)
    np.testing.assert_allclose(
        np.asarray(got), keras.ops.convert_to_numpy(want), rtol=1e-5,
        atol=1e-4,
    )  # fmt: skip
    assert str(got.dtype) == str(want.dtype)
    our_config, their_config = ours.get_config(), theirs.get_config()
    assert set(our_config) == set(their_config)
    for key in set(our_config) - {"name", "dtype"}:
        assert _plain(our_config[key]) == _plain(their_config[key]), key


def test_adapted_normalization_weights_copy_into_keras():
    x = _x((16, 2, 3), seed=1)
    ours = layers.Normalization(axis=(1, 2))
    ours.adapt(x)
    theirs = keras.layers.Normalization(axis=(1, 2))
    theirs.adapt(x)
    assert [(w.path.split("/")[-1], tuple(w.shape)) for w in ours.weights] == [
        (w.path.split("/")[-1], tuple(w.shape)) for w in theirs.weights
    ]
    # Keras's own get_weights() warns under NumPy 2; read values directly.
    their_weights = [keras.ops.convert_to_numpy(w.value)
                     for w in theirs.weights]  # fmt: skip
    for a, b in zip(ours.get_weights(), their_weights):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    fresh = keras.layers.Normalization(axis=(1, 2))
    fresh.build((None, 2, 3))
    fresh.set_weights(ours.get_weights())
    fresh.finalize_state()
    np.testing.assert_allclose(
        np.asarray(ours(x)), keras.ops.convert_to_numpy(fresh(x)),
        rtol=1e-5, atol=1e-5,
    )  # fmt: skip


def test_constructor_defaults_match_keras():
    import inspect

    for name in ["Normalization", "Rescaling", "Resizing", "CenterCrop",
                 "CategoryEncoding", "Discretization", "Hashing"]:
        ours = inspect.signature(getattr(layers, name).__init__).parameters
        theirs = inspect.signature(
            getattr(keras.layers, name).__init__).parameters
        assert list(ours) == list(theirs), name
        for arg, param in theirs.items():
            assert ours[arg].default == param.default, (name, arg)
