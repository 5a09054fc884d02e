"""Parity with Keras 3 (skipped without keras): constructor defaults,
config keys, and outputs for the same known transformation."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND",
    "jax" if importlib.util.find_spec("jax") is not None else "numpy",
)
keras = pytest.importorskip("keras")

from multikeras import layers  # noqa: E402
from multikeras.layers.augmentation import random_rotation  # noqa: E402

# Keras-internal or documented deviations, left out of config comparison:
# `dtype` is a policy object in Keras; RandomContrast's single-number
# factor follows the documented range (see the layer's docstring).
INTERNAL_KEYS = {"dtype", "name"}

CONFIGS = [
    ("RandomFlip", {}),
    ("RandomFlip", {"mode": "vertical", "seed": 3}),
    ("RandomRotation", {"factor": 0.2}),
    ("RandomRotation", {"factor": (-0.1, 0.3), "fill_mode": "constant",
                        "interpolation": "nearest", "fill_value": 2.0}),
    ("RandomTranslation", {"height_factor": 0.2,
                           "width_factor": (0.1, -0.3)}),
    ("RandomZoom", {"height_factor": 0.2}),
    ("RandomZoom", {"height_factor": (-0.2, 0.1), "width_factor": 0.3,
                    "fill_mode": "wrap", "data_format": "channels_first"}),
    ("RandomCrop", {"height": 3, "width": 4, "seed": 5}),
    ("RandomContrast", {"factor": (0.1, 0.3), "value_range": (0, 1)}),
    ("RandomBrightness", {"factor": 0.2}),
    ("RandomBrightness", {"factor": (-0.4, 0.1), "value_range": (1, 0)}),
]


def _comparable(config):
    out = {}
    for key, value in config.items():
        if key in INTERNAL_KEYS:
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS)
def test_config_matches_keras(name, kwargs):
    ours = getattr(layers, name)(**kwargs).get_config()
    theirs = getattr(keras.layers, name)(**kwargs).get_config()
    assert _comparable(ours) == _comparable(theirs)
    assert set(ours) == set(theirs)


def test_contrast_single_factor_follows_the_documented_range():
    # Keras 3.15's code clips the lower bound of a single number to 0
    # (factor=(0, f): contrast in [1, 1 + f]) although it documents
    # [1 - f, 1 + f]; multikeras follows the documentation.
    assert keras.layers.RandomContrast(0.2).get_config()["factor"] == (0, 0.2)
    assert layers.RandomContrast(0.2).get_config()["factor"] == (0.2, 0.2)


def _images(*shape):
    return (np.random.default_rng(0).random(shape) * 255).astype("float32")


def _both(name, kwargs, x, transformation):
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    out = np.asarray(ours.transform_images(x, transformation))
    ref = keras.ops.convert_to_numpy(
        theirs.transform_images(keras.ops.convert_to_tensor(x),
                                transformation))  # fmt: skip
    return out, ref


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "constant",
                                       "nearest"])  # fmt: skip
def test_rotation_matches_keras(fill_mode, data_format):
    x = _images(3, 5, 7, 2)
    if data_format == "channels_first":
        x = x.transpose(0, 3, 1, 2)
    kwargs = {"factor": 0.3, "fill_mode": fill_mode, "fill_value": 9.0,
              "data_format": data_format}
    keras_layer = keras.layers.RandomRotation(seed=1, **kwargs)
    t = keras_layer.get_random_transformation(x, training=True)
    t = {k: keras.ops.convert_to_numpy(v) for k, v in t.items()
         if k in ("angle", "rotation_matrix")}  # fmt: skip
    ours = layers.RandomRotation(**kwargs)
    out = np.asarray(ours.transform_images(x, t))
    ref = keras.ops.convert_to_numpy(keras_layer.transform_images(x, t))
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-3)
    # Our matrix for the same angles equals Keras's.
    radians = np.deg2rad(t["angle"])
    mine = np.asarray(random_rotation.rotation_matrix(radians, 5, 7))
    np.testing.assert_allclose(mine, t["rotation_matrix"], atol=1e-5)


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_translation_matches_keras(interpolation):
    x = _images(3, 5, 7, 2)
    shifts = np.array([[1.3, -0.7], [-2.0, 1.0], [0.4, 2.6]], "float32")
    kwargs = {"height_factor": 0.5, "width_factor": 0.5,
              "interpolation": interpolation}
    out, ref = _both("RandomTranslation", kwargs, x,
                     {"translations": shifts, "input_shape": x.shape})
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-3)


def test_zoom_matches_keras():
    x = _images(2, 6, 5, 3)
    t = {"height_zoom": np.array([[0.7], [1.4]], "float32"),
         "width_zoom": np.array([[1.2], [0.8]], "float32"),
         "input_shape": x.shape}
    out, ref = _both("RandomZoom", {"height_factor": 0.5}, x, t)
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-3)


def test_flip_contrast_brightness_match_keras():
    x = _images(2, 4, 5, 3)
    flips = np.array([True, False]).reshape(2, 1, 1, 1)
    out, ref = _both("RandomFlip", {}, x, {"flips": flips})
    np.testing.assert_array_equal(out, ref)
    factor = np.array([0.6, 1.3], "float32").reshape(2, 1, 1, 1)
    out, ref = _both("RandomContrast", {"factor": 0.5}, x,
                     {"contrast_factor": factor})
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-3)
    delta = np.array([30.0, -70.0], "float32").reshape(2, 1, 1, 1)
    out, ref = _both("RandomBrightness", {"factor": 0.5}, x,
                     {"rgb_delta": delta})
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-3)


def test_random_crop_matches_keras_in_training():
    x = _images(2, 6, 7, 1)
    ours = layers.RandomCrop(3, 4)
    theirs = keras.layers.RandomCrop(3, 4)
    top, left = 2, 1
    ref = keras.ops.convert_to_numpy(
        theirs.transform_images(x, (top, left), training=True))
    out = np.asarray(ours.transform_images(x, {
        "top": top, "left": left, "crop_height": 3, "crop_width": 4}))
    np.testing.assert_array_equal(out, ref)


def test_unbatched_images_match_keras():
    x = _images(5, 5, 2)
    ours = np.asarray(
        layers.RandomRotation((0.25, 0.25))(x, training=True))
    theirs = keras.ops.convert_to_numpy(
        keras.layers.RandomRotation((0.25, 0.25))(x, training=True))
    np.testing.assert_allclose(ours, theirs, atol=1e-4)
