"""Merge layers against Keras 3 (skipped without keras): outputs, output
masks and config keys."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND",
    "jax" if importlib.util.find_spec("jax") is not None else "numpy",
)
keras = pytest.importorskip("keras")

import multikeras  # noqa: E402
from multikeras.backend.common.masking import get_keras_mask  # noqa: E402
from multikeras.backend.common.masking import set_keras_mask  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RNG = np.random.default_rng(0)
A, B, C = (RNG.normal(size=(2, 3, 4)).astype("float32") for _ in range(3))
MASKS = [RNG.random((2, 3)) > 0.5 for _ in range(3)]

CASES = [
    ("Add", {}, [A, B, C]), ("Subtract", {}, [A, B]),
    ("Multiply", {}, [A, B, C]), ("Average", {}, [A, B]),
    ("Maximum", {}, [A, B, C]), ("Minimum", {}, [A, B]),
    ("Concatenate", {"axis": 1}, [A, B]), ("Concatenate", {}, [A, C]),
    ("Dot", {"axes": 2}, [A, B]), ("Dot", {"axes": (1, 1)}, [A, C]),
    ("Dot", {"axes": 1, "normalize": True}, [A[:, 0], B[:, 0]]),
    ("Add", {}, [A, B[:, 0]]),
]  # fmt: skip


def _np(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


@pytest.mark.parametrize(("name", "kwargs", "inputs"), CASES)
def test_merge_matches_keras(name, kwargs, inputs):
    want = _np(getattr(keras.layers, name)(**kwargs)(inputs))
    ours = getattr(multikeras.layers, name)(**kwargs)
    got = multikeras.ops.convert_to_numpy(ours(inputs))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    theirs = getattr(keras.layers, name)(**kwargs)
    assert set(ours.get_config()) == set(theirs.get_config())


@pytest.mark.parametrize("name", ["Add", "Multiply", "Maximum", "Minimum",
                                  "Concatenate"])
def test_masked_merge_matches_keras(name):
    n = 2 if name == "Concatenate" else 3
    theirs, ours = [], []
    for x, m in zip([A, B, C][:n], MASKS[:n]):
        t = keras.ops.convert_to_tensor(x)
        t._keras_mask = keras.ops.convert_to_tensor(m)
        theirs.append(t)
        o = multikeras.ops.convert_to_tensor(np.array(x, copy=True))
        set_keras_mask(o, multikeras.ops.convert_to_tensor(m))
        ours.append(o)
    want = getattr(keras.layers, name)()(theirs)
    got = getattr(multikeras.layers, name)()(ours)
    np.testing.assert_allclose(multikeras.ops.convert_to_numpy(got),
                               _np(want), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(
        multikeras.ops.convert_to_numpy(get_keras_mask(got)),
        _np(want._keras_mask),
    )
