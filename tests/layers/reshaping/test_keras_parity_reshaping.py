"""Reshaping layers against Keras 3 (skipped when keras is not installed):
same constructor defaults, config keys and values, and outputs."""

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
    """Tuples as lists, so configs compare across a JSON-like boundary."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _x(shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


CASES = [
    ("Reshape", {"target_shape": (-1, 2)}, (2, 3, 4)),
    ("Permute", {"dims": (3, 1, 2)}, (2, 3, 4, 5)),
    ("RepeatVector", {"n": 3}, (2, 4)),
    ("Cropping1D", {}, (2, 5, 3)),
    ("Cropping1D", {"cropping": 2}, (2, 5, 3)),
    ("Cropping2D", {"cropping": ((1, 2), (0, 1))}, (2, 5, 4, 3)),
    ("Cropping2D", {"cropping": (1, 2), "data_format": "channels_first"},
     (2, 3, 5, 6)),
    ("Cropping3D", {}, (1, 3, 4, 5, 2)),
    ("Cropping3D", {"cropping": 1, "data_format": "channels_first"},
     (1, 2, 3, 4, 5)),
    ("UpSampling1D", {}, (2, 3, 2)),
    ("UpSampling1D", {"size": 3}, (2, 3, 2)),
    ("UpSampling2D", {}, (2, 3, 2, 2)),
    ("UpSampling2D", {"size": (2, 3), "data_format": "channels_first"},
     (2, 2, 3, 2)),
    ("UpSampling2D", {"size": 2, "interpolation": "bilinear"}, (2, 3, 4, 2)),
    ("UpSampling2D", {"size": (3, 2), "interpolation": "bicubic"},
     (1, 3, 4, 1)),
    ("UpSampling3D", {}, (1, 2, 2, 2, 3)),
    ("UpSampling3D", {"size": (1, 2, 3), "data_format": "channels_first"},
     (1, 2, 2, 2, 3)),
    ("ZeroPadding1D", {}, (2, 3, 2)),
    ("ZeroPadding1D", {"padding": (1, 3)}, (2, 3, 2)),
    ("ZeroPadding2D", {}, (2, 3, 2, 2)),
    ("ZeroPadding2D", {"padding": ((1, 0), (2, 3)),
                       "data_format": "channels_first"}, (2, 2, 3, 2)),
    ("ZeroPadding3D", {}, (1, 2, 2, 2, 1)),
    ("ZeroPadding3D", {"padding": (1, 0, 2)}, (1, 2, 2, 2, 1)),
    ("Flatten", {}, (2, 3, 4)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_matches_keras(name, kwargs, shape):
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    x = _x(shape)
    np.testing.assert_allclose(
        np.asarray(ours(x)), keras.ops.convert_to_numpy(theirs(x)),
        rtol=1e-5, atol=1e-5,
    )  # fmt: skip
    our_config, their_config = ours.get_config(), theirs.get_config()
    assert set(our_config) == set(their_config)
    for key in set(our_config) - {"name", "dtype"}:
        assert _plain(our_config[key]) == _plain(their_config[key]), key
    symbolic = keras.Input(shape[1:])
    assert ours.compute_output_shape((None, *shape[1:])) == tuple(
        theirs.compute_output_shape(symbolic.shape)
    )
