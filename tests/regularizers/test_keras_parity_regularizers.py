"""Regularizers against Keras 3 itself (skipped when keras is absent):
same defaults, config keys, and penalties on the same weights."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND",
    "jax" if importlib.util.find_spec("jax") is not None else "numpy",
)
keras = pytest.importorskip("keras")

from multikeras import regularizers  # noqa: E402

W = np.random.default_rng(3).normal(size=(5, 4)).astype(np.float32)

CONFIGS = [
    ("L1", {}),
    ("L1", {"l1": 0.3}),
    ("L2", {}),
    ("L2", {"l2": 0.25}),
    ("L1L2", {}),
    ("L1L2", {"l1": 0.1, "l2": 0.2}),
    ("OrthogonalRegularizer", {}),
    ("OrthogonalRegularizer", {"factor": 0.5, "mode": "columns"}),
]


@pytest.mark.parametrize("name,kwargs", CONFIGS)
def test_same_penalty_and_config_as_keras(name, kwargs):
    ours = getattr(regularizers, name)(**kwargs)
    theirs = getattr(keras.regularizers, name)(**kwargs)
    if kwargs.get("mode") == "columns" and keras.backend.backend() in (
        "numpy",
    ):
        # Keras's normalize() turns axis 0 into -1 for NumPy arrays, so
        # its "columns" mode is wrong on its NumPy backend.
        pytest.skip("Keras bug: columns mode on NumPy arrays")
    np.testing.assert_allclose(
        np.asarray(ours(W)),
        np.asarray(theirs(keras.ops.convert_to_tensor(W))),
        rtol=1e-5, atol=1e-8)
    mine, ref = ours.get_config(), theirs.get_config()
    assert mine.keys() == ref.keys()
    for key, value in ref.items():
        # Keras keeps some factors as float32 tensors: compare as float32.
        if isinstance(value, float):
            assert np.float32(mine[key]) == np.float32(value)
        else:
            assert mine[key] == value


@pytest.mark.parametrize("name", ["l1", "l2", "L1L2",
                                  "orthogonal_regularizer"])
def test_get_by_name_matches_keras(name):
    ours, theirs = regularizers.get(name), keras.regularizers.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config().keys() == theirs.get_config().keys()


def test_keras_serialized_dict_loads():
    config = keras.regularizers.serialize(keras.regularizers.L1L2(0.1, 0.2))
    ours = regularizers.deserialize(config)
    assert isinstance(ours, regularizers.L1L2)
    assert ours.get_config() == {"l1": 0.1, "l2": 0.2}
    mine = regularizers.serialize(ours)
    assert mine.keys() == config.keys()
