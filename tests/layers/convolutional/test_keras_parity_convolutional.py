"""Convolution layers against Keras 3 (skipped when keras is not
installed): same signatures and defaults, same config keys and values, same
weight names, shapes and order, and the same outputs once Keras's weights
are copied over with get_weights/set_weights."""

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


X1, X2, X3 = _x(2, 9, 4), _x(2, 7, 6, 4), _x(1, 5, 4, 6, 2)
X1F, X2F = np.moveaxis(X1, -1, 1), np.moveaxis(X2, -1, 1)

CASES = [
    ("Conv1D", {"filters": 3, "kernel_size": 3}, X1),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal",
                "dilation_rate": 2, "groups": 2}, X1),
    ("Conv1D", {"filters": 2, "kernel_size": 2, "strides": 2,
                "padding": "same", "data_format": "channels_first"}, X1F),
    ("Conv1D", {"filters": 2, "kernel_size": 3, "padding": "causal",
                "strides": 2, "data_format": "channels_first"}, X1F),
    ("Conv2D", {"filters": 4, "kernel_size": (2, 3), "activation": "relu"},
     X2),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2,
                "padding": "same", "groups": 4}, X2),
    ("Conv2D", {"filters": 3, "kernel_size": 3, "dilation_rate": (2, 1),
                "data_format": "channels_first", "use_bias": False}, X2F),
    ("Conv3D", {"filters": 2, "kernel_size": 2, "padding": "same",
                "strides": (1, 2, 2)}, X3),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2}, X1),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 4, "strides": 3,
                         "padding": "same", "output_padding": 2}, X1),
    ("Conv1DTranspose", {"filters": 2, "kernel_size": 3,
                         "dilation_rate": 2}, X1),
    ("Conv1DTranspose", {"filters": 2, "kernel_size": 2,
                         "dilation_rate": 3, "padding": "same"}, X1),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2,
                         "padding": "same"}, X2),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": (2, 3),
                         "strides": (2, 3), "output_padding": (1, 2)}, X2),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                         "data_format": "channels_first"}, X2F),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 2, "strides": 2,
                         "padding": "same"}, X3),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2}, X1),
    ("DepthwiseConv1D", {"kernel_size": 2, "strides": 2,
                         "padding": "same"}, X1),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 3,
                         "dilation_rate": 2}, X2),
    ("DepthwiseConv2D", {"kernel_size": 2, "padding": "same",
                         "data_format": "channels_first"}, X2F),
    ("SeparableConv1D", {"filters": 5, "kernel_size": 3,
                         "depth_multiplier": 2, "padding": "same"}, X1),
    ("SeparableConv2D", {"filters": 3, "kernel_size": 2, "strides": 2},
     X2),
    ("SeparableConv2D", {"filters": 3, "kernel_size": 3,
                         "data_format": "channels_first",
                         "activation": "tanh"}, X2F),
]  # fmt: skip

CLASSES = sorted({name for name, _, _ in CASES})
ALIASES = [
    "Convolution1D", "Convolution2D", "Convolution3D",
    "Convolution1DTranspose", "Convolution2DTranspose",
    "Convolution3DTranspose", "SeparableConvolution1D",
    "SeparableConvolution2D",
]  # fmt: skip


def _plain(config):
    """Config values comparable across libraries: serialized objects by
    class name (initializer configs are the initializers' own business),
    tuples as lists."""
    out = {}
    for key, value in config.items():
        if key in ("name", "dtype"):
            continue
        if isinstance(value, dict) and "class_name" in value:
            value = value["class_name"]
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


@pytest.mark.parametrize(("name", "kwargs", "x"), CASES)
def test_conv_layer_matches_keras(name, kwargs, x):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(multikeras.layers, name)(**kwargs)
    want = keras.ops.convert_to_numpy(theirs(x))
    ours.build(x.shape)
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == [
        (w.name, tuple(w.shape)) for w in theirs.weights
    ]
    ours.set_weights(theirs.get_weights())
    got = multikeras.ops.convert_to_numpy(ours(x))
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert _plain(ours.get_config()) == _plain(theirs.get_config())
    symbolic = (None, *x.shape[1:])
    assert ours.compute_output_shape(symbolic) == tuple(
        theirs.compute_output_shape(symbolic)
    )


@pytest.mark.parametrize("name", CLASSES)
def test_signature_and_defaults_match_keras(name):
    ours = inspect.signature(getattr(multikeras.layers, name))
    theirs = inspect.signature(getattr(keras.layers, name))
    assert [(p.name, p.default) for p in ours.parameters.values()] == [
        (p.name, p.default) for p in theirs.parameters.values()
    ]


@pytest.mark.parametrize("alias", ALIASES)
def test_aliases_match_keras(alias):
    theirs = getattr(keras.layers, alias)
    ours = getattr(multikeras.layers, alias)
    assert ours.__name__ == theirs.__name__


def test_default_names_match_keras():
    for name in CLASSES:
        ours = getattr(multikeras.layers, name)
        theirs = getattr(keras.layers, name)
        kwargs = {"kernel_size": 3}
        if "Depthwise" not in name:
            kwargs["filters"] = 2
        # Both count instances with a `_<n>` suffix.
        assert re.sub(r"_\d+$", "", ours(**kwargs).name) == re.sub(
            r"_\d+$", "", theirs(**kwargs).name
        ), name
