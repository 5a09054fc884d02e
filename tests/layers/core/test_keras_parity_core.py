"""Core layers against Keras 3 (skipped when keras is not installed):
same config keys and defaults, same weight names and shapes, same outputs
once Keras's weights are copied over with get_weights/set_weights."""

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

# Keras's own variables trip NumPy 2's __array__ deprecation.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RNG = np.random.default_rng(0)
FLOATS = RNG.normal(size=(2, 3, 4)).astype("float32")
IDS = np.array([[1, 0, 4], [3, 3, 0]], "int32")

CASES = [
    ("Dense", {"units": 3}, FLOATS),
    ("Dense", {"units": 2, "activation": "relu", "use_bias": False}, FLOATS),
    ("EinsumDense", {"equation": "abc,cde->abde", "output_shape": (3, 2, 5),
                     "bias_axes": "de"}, FLOATS),
    ("EinsumDense", {"equation": "...b,bc->...c", "output_shape": 3,
                     "bias_axes": "c"}, FLOATS),
    ("EinsumDense", {"equation": "ab...,bc->ac...", "output_shape": 5,
                     "bias_axes": "c"}, FLOATS),
    ("Embedding", {"input_dim": 5, "output_dim": 3, "mask_zero": True}, IDS),
    ("Identity", {}, FLOATS),
    ("Masking", {"mask_value": 0.0}, np.where(FLOATS > 1, 0, FLOATS)),
]  # fmt: skip


def _keys(config):
    return set(config) - {"name", "dtype"}


@pytest.mark.parametrize(("name", "kwargs", "x"), CASES)
def test_core_layer_matches_keras(name, kwargs, x):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(multikeras.layers, name)(**kwargs)
    want = keras.ops.convert_to_numpy(theirs(x))
    ours(x)
    assert [tuple(w.shape) for w in ours.weights] == [
        tuple(w.shape) for w in theirs.weights]
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    ours.set_weights(theirs.get_weights())
    got = multikeras.ops.convert_to_numpy(ours(x))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert _keys(ours.get_config()) == _keys(theirs.get_config())


@pytest.mark.parametrize("name", ["Dense", "EinsumDense", "Embedding",
                                  "Masking", "Lambda", "Identity"])
def test_constructor_defaults_match_keras(name):
    import inspect

    def defaults(cls):
        return {
            k: p.default for k, p in
            inspect.signature(cls.__init__).parameters.items()
            if p.default is not inspect.Parameter.empty
        }  # fmt: skip

    assert defaults(getattr(multikeras.layers, name)) == defaults(
        getattr(keras.layers, name))


def test_masks_match_keras():
    x = np.where(FLOATS > 0.5, 0, FLOATS)
    x[:, 1] = 0
    theirs = keras.layers.Masking()(x)
    ours = multikeras.layers.Masking()(x)
    np.testing.assert_array_equal(
        multikeras.ops.convert_to_numpy(ours._keras_mask
                                        if hasattr(ours, "_keras_mask")
                                        else multikeras.layers.Masking()
                                        .compute_mask(x)),
        keras.ops.convert_to_numpy(theirs._keras_mask),
    )  # fmt: skip
    mask = keras.layers.Embedding(5, 2, mask_zero=True).compute_mask(IDS)
    np.testing.assert_array_equal(
        multikeras.ops.convert_to_numpy(
            multikeras.layers.Embedding(5, 2, mask_zero=True)
            .compute_mask(IDS)),
        keras.ops.convert_to_numpy(mask),
    )  # fmt: skip
