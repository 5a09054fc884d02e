"""Constraints against Keras 3 itself (skipped when keras is absent):
same defaults, config keys, and projections of the same weights."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND",
    "jax" if importlib.util.find_spec("jax") is not None else "numpy",
)
keras = pytest.importorskip("keras")

from multikeras import constraints  # noqa: E402

W = np.random.default_rng(4).normal(size=(3, 3, 2, 4)).astype(np.float32)

CONFIGS = [
    ("MaxNorm", {}),
    ("MaxNorm", {"max_value": 0.5, "axis": [0, 1, 2]}),
    ("NonNeg", {}),
    ("UnitNorm", {}),
    ("UnitNorm", {"axis": -1}),
    ("MinMaxNorm", {}),
    ("MinMaxNorm", {"min_value": 1.0, "max_value": 1.5, "rate": 0.5,
                    "axis": 1}),
    ("Constraint", {}),
]


@pytest.mark.parametrize("name,kwargs", CONFIGS)
def test_same_projection_and_config_as_keras(name, kwargs):
    ours = getattr(constraints, name)(**kwargs)
    theirs = getattr(keras.constraints, name)(**kwargs)
    np.testing.assert_allclose(
        np.asarray(ours(W)), np.asarray(theirs(W)), rtol=1e-5, atol=1e-6)
    assert ours.get_config() == theirs.get_config()


@pytest.mark.parametrize("name", ["max_norm", "min_max_norm", "non_neg",
                                  "unit_norm", "MaxNorm"])
def test_get_by_name_matches_keras(name):
    ours, theirs = constraints.get(name), keras.constraints.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config() == theirs.get_config()


def test_keras_serialized_dict_loads():
    config = keras.constraints.serialize(keras.constraints.MaxNorm(3, 1))
    ours = constraints.deserialize(config)
    assert ours.get_config() == {"max_value": 3, "axis": 1}
    assert constraints.serialize(ours).keys() == config.keys()


def test_dense_config_entries_match_keras():
    kwargs = {"kernel_regularizer": "l2", "kernel_constraint": "non_neg",
              "activity_regularizer": "l1"}
    import multikeras

    ours = multikeras.layers.Dense(2, **kwargs).get_config()
    theirs = keras.layers.Dense(2, **kwargs).get_config()
    for key in kwargs:
        assert ours[key]["class_name"] == theirs[key]["class_name"]
        assert ours[key]["config"].keys() == theirs[key]["config"].keys()
