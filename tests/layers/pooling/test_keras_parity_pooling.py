"""Pooling layers against Keras 3 (skipped when keras is not installed):
same signatures and defaults, same configs, same outputs."""

import importlib.util
import inspect
import os
import re

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


def _x(*shape):
    return np.random.default_rng(0).normal(size=shape).astype("float32")


X1, X2, X3 = _x(2, 9, 3), _x(2, 7, 6, 3), _x(1, 5, 4, 6, 2)
X1F, X2F = np.moveaxis(X1, -1, 1), np.moveaxis(X2, -1, 1)

CASES = [
    ("MaxPooling1D", {}, X1),
    ("MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, X1),
    ("MaxPooling2D", {"pool_size": (2, 3), "strides": 1}, X2),
    ("MaxPooling2D", {"padding": "same", "data_format": "channels_first"},
     X2F),
    ("MaxPooling3D", {"pool_size": 2, "padding": "same"}, X3),
    ("AveragePooling1D", {"pool_size": 4, "strides": 3, "padding": "same"},
     X1),
    ("AveragePooling1D", {"pool_size": 2,
                          "data_format": "channels_first"}, X1F),
    ("AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"},
     X2),
    ("AveragePooling3D", {"pool_size": (1, 2, 3)}, X3),
    ("GlobalAveragePooling1D", {}, X1),
    ("GlobalAveragePooling1D", {"keepdims": True,
                                "data_format": "channels_first"}, X1F),
    ("GlobalAveragePooling2D", {"keepdims": True}, X2),
    ("GlobalAveragePooling3D", {}, X3),
    ("GlobalMaxPooling1D", {"data_format": "channels_first"}, X1F),
    ("GlobalMaxPooling2D", {}, X2),
    ("GlobalMaxPooling3D", {"keepdims": True}, X3),
    ("AdaptiveAveragePooling1D", {"output_size": 4}, X1),
    ("AdaptiveAveragePooling2D", {"output_size": (3, 4)}, X2),
    ("AdaptiveAveragePooling2D", {"output_size": 2,
                                  "data_format": "channels_first"}, X2F),
    ("AdaptiveAveragePooling3D", {"output_size": (2, 3, 4)}, X3),
    ("AdaptiveMaxPooling1D", {"output_size": 5}, X1),
    ("AdaptiveMaxPooling2D", {"output_size": (4, 4)}, X2),
    ("AdaptiveMaxPooling3D", {"output_size": 2}, X3),
]  # fmt: skip

CLASSES = sorted({name for name, _, _ in CASES})
ALIASES = [
    "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D",
    "AvgPool3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
    "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
]  # fmt: skip


def _plain(config):
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in config.items() if k not in ("name", "dtype")
    }  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs", "x"), CASES)
def test_pooling_layer_matches_keras(name, kwargs, x):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(multikeras.layers, name)(**kwargs)
    want = keras.ops.convert_to_numpy(theirs(x))
    got = multikeras.ops.convert_to_numpy(ours(x))
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert _plain(ours.get_config()) == _plain(theirs.get_config())
    symbolic = (None, *x.shape[1:])
    assert ours.compute_output_shape(symbolic) == tuple(
        theirs.compute_output_shape(symbolic)
    )


def test_masked_global_average_pooling_matches_keras():
    x = X1.copy()
    mask = np.ones(x.shape[:2], bool)
    mask[0, 5:] = False
    mask[1, :2] = False
    want = keras.layers.GlobalAveragePooling1D()(x, mask=mask)
    got = multikeras.layers.GlobalAveragePooling1D()(x, mask=mask)
    np.testing.assert_allclose(multikeras.ops.convert_to_numpy(got),
                               keras.ops.convert_to_numpy(want),
                               rtol=1e-5)  # fmt: skip


@pytest.mark.parametrize("name", CLASSES)
def test_signature_defaults_and_default_name_match_keras(name):
    ours = getattr(multikeras.layers, name)
    theirs = getattr(keras.layers, name)
    assert [
        (p.name, p.default)
        for p in inspect.signature(ours).parameters.values()
    ] == [
        (p.name, p.default)
        for p in inspect.signature(theirs).parameters.values()
    ]  # fmt: skip
    kwargs = {"output_size": 2} if "Adaptive" in name else {}
    if name.startswith("AveragePooling"):
        kwargs = {"pool_size": 2}
    assert re.sub(r"_\d+$", "", ours(**kwargs).name) == re.sub(
        r"_\d+$", "", theirs(**kwargs).name
    )


@pytest.mark.parametrize("alias", ALIASES)
def test_aliases_match_keras(alias):
    assert (getattr(multikeras.layers, alias).__name__
            == getattr(keras.layers, alias).__name__)  # fmt: skip
