"""RandomContrast and RandomBrightness against their formulas in NumPy."""

import numpy as np
import pytest

from multikeras import layers

SHAPE = (2, 4, 5, 3)
CONFORMANCE = [
    (layers.RandomContrast, dict(
        init_kwargs={"factor": 0.3, "seed": 1}, input_shape=SHAPE,
        expected_output_shape=SHAPE, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1, supports_masking=False)),
    (layers.RandomContrast, dict(
        init_kwargs={"factor": (0.1, 0.4), "value_range": (-1, 1),
                     "data_format": "channels_first"},
        input_shape=(2, 3, 4, 5), expected_output_shape=(2, 3, 4, 5))),
    (layers.RandomBrightness, dict(
        init_kwargs={"factor": 0.2, "seed": 1}, input_shape=SHAPE,
        expected_output_shape=SHAPE, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1)),
    (layers.RandomBrightness, dict(
        init_kwargs={"factor": (-0.5, 0.1), "value_range": (0, 1)},
        input_shape=SHAPE, expected_output_shape=SHAPE)),
]


def _images(*shape, scale=255.0):
    return (np.random.default_rng(0).random(shape) * scale).astype("float32")


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_contrast_with_known_factors_matches_numpy(data_format):
    x = _images(2, 4, 5, 3)
    factors = np.array([0.5, 1.7], "float32").reshape(2, 1, 1, 1)
    mean = x.mean(axis=(1, 2), keepdims=True)
    want = np.clip((x - mean) * factors + mean, 0, 255)
    assert np.any(want == 255) or np.any(want == 0)  # clipping takes part
    layer = layers.RandomContrast(0.9, data_format=data_format)
    if data_format == "channels_first":
        out = layer.transform_images(
            x.transpose(0, 3, 1, 2), {"contrast_factor": factors}
        )
        out = np.asarray(out).transpose(0, 2, 3, 1)
    else:
        out = np.asarray(
            layer.transform_images(x, {"contrast_factor": factors})
        )
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-4)


def test_contrast_factors_lie_in_the_documented_range():
    # A single number f draws from [1 - f, 1 + f].
    layer = layers.RandomContrast(0.4, seed=3)
    factors = np.asarray(layer.get_random_transformation(
        _images(200, 2, 2, 1))["contrast_factor"])  # fmt: skip
    assert factors.shape == (200, 1, 1, 1)
    assert factors.min() >= 0.6 and factors.max() <= 1.4
    assert factors.min() < 0.7 and factors.max() > 1.3


def test_contrast_outputs_stay_in_the_value_range():
    x = _images(8, 4, 4, 3, scale=1.0)
    out = np.asarray(layers.RandomContrast((0.0, 1.0), value_range=(0, 1),
                                           seed=2)(x, training=True))
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert not np.allclose(out, x)


def test_contrast_on_an_unbatched_integer_image_outputs_floats():
    x = np.array([[[0], [100]], [[200], [100]]], "uint8")
    layer = layers.RandomContrast(0.5)
    out = layer.transform_images(
        x, {"contrast_factor": np.full((1, 1, 1), 1.5, "float32")}
    )
    assert str(np.asarray(out).dtype) == "float32"
    np.testing.assert_allclose(np.asarray(out)[..., 0],
                               [[0.0, 100.0], [250.0, 100.0]])  # fmt: skip


@pytest.mark.parametrize(("value_range", "delta"),
                         [((0, 255), 0.1), ((0, 1), -0.3)])  # fmt: skip
def test_brightness_with_a_fixed_factor_matches_numpy(value_range, delta):
    low, high = value_range
    x = _images(2, 3, 4, 3, scale=high)
    out = np.asarray(layers.RandomBrightness((delta, delta),
                                             value_range=value_range)(
        x, training=True))  # fmt: skip
    want = np.clip(x + delta * (high - low), low, high)
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)
    assert np.any(out == (high if delta > 0 else low))  # clipped


def test_brightness_draws_one_shift_per_image_in_range():
    layer = layers.RandomBrightness((-0.2, 0.4), value_range=(0, 10), seed=1)
    deltas = np.asarray(layer.get_random_transformation(
        _images(100, 2, 2, 1))["rgb_delta"])  # fmt: skip
    assert deltas.shape == (100, 1, 1, 1)
    assert deltas.min() >= -2.0 and deltas.max() <= 4.0
    assert deltas.min() < -1.0 and deltas.max() > 3.0
    x = np.full((3, 2, 2, 1), 5.0, "float32")
    out = np.asarray(layer(x, training=True))
    # Every pixel of an image shifts by the same amount.
    np.testing.assert_allclose(out, np.broadcast_to(out[:, :1, :1], out.shape))
    assert out.min() >= 0.0 and out.max() <= 10.0


def test_brightness_config_keeps_keras_forms():
    config = layers.RandomBrightness(0.2, value_range=(255, 0)).get_config()
    assert config["factor"] == (-0.2, 0.2)
    assert config["value_range"] == [0, 255]
