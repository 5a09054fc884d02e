"""Rescaling, Resizing and CenterCrop against NumPy."""

import numpy as np
import pytest

from multikeras import layers


def _img(*shape, dtype="float32"):
    return np.arange(np.prod(shape)).reshape(shape).astype(dtype)


def test_rescaling_scales_and_offsets_into_floats():
    x = np.array([[0, 128, 255]], "uint8")
    out = np.asarray(layers.Rescaling(1 / 127.5, offset=-1)(x))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, x / 127.5 - 1, rtol=1e-6, atol=1e-6)


def test_rescaling_with_a_per_channel_scale():
    x = _img(2, 2, 2, 3)
    scale = np.array([1.0, 2.0, 3.0], "float32")
    out = np.asarray(layers.Rescaling(scale, offset=1.0)(x))
    np.testing.assert_allclose(out, x * scale + 1.0)
    config = layers.Rescaling(scale).get_config()
    assert config["scale"] == [1.0, 2.0, 3.0]


def test_rescaling_rejects_a_non_numeric_scale():
    with pytest.raises(TypeError, match="scale='a'"):
        layers.Rescaling("a")


def test_resizing_bilinear_halving_averages_2x2_blocks():
    x = _img(1, 4, 4, 1)
    out = np.asarray(layers.Resizing(2, 2)(x))
    want = x.reshape(1, 2, 2, 2, 2, 1).mean(axis=(2, 4))
    np.testing.assert_allclose(out, want, rtol=1e-6)


def test_resizing_crop_to_aspect_ratio_takes_the_central_window():
    x = _img(1, 4, 6, 1)
    out = np.asarray(layers.Resizing(2, 2, crop_to_aspect_ratio=True)(x))
    window = x[:, :, 1:5]
    want = window.reshape(1, 2, 2, 2, 2, 1).mean(axis=(2, 4))
    np.testing.assert_allclose(out, want, rtol=1e-6)


def test_resizing_pad_to_aspect_ratio_pads_the_short_side():
    x = _img(1, 2, 4, 1) + 1
    layer = layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=-1.0,
                            interpolation="nearest")
    out = np.asarray(layer(x))
    want = np.pad(x, ((0, 0), (1, 1), (0, 0), (0, 0)), constant_values=-1)
    np.testing.assert_array_equal(out, want)


def test_resizing_keeps_integer_dtypes_and_channels_first():
    x = _img(2, 3, 4, 4, dtype="uint8")
    out = layers.Resizing(2, 2, data_format="channels_first")(x)
    assert tuple(out.shape) == (2, 3, 2, 2)
    assert str(out.dtype) == "uint8"
    block = x.astype("float32").reshape(2, 3, 2, 2, 2, 2).mean(axis=(3, 5))
    np.testing.assert_array_equal(np.asarray(out), np.round(block))


def test_resizing_rejects_bad_arguments_and_ranks():
    with pytest.raises(ValueError, match="height=0"):
        layers.Resizing(0, 2)
    with pytest.raises(ValueError, match="interpolation='linear'"):
        layers.Resizing(2, 2, interpolation="linear")
    with pytest.raises(ValueError, match="fill_mode='reflect'"):
        layers.Resizing(2, 2, fill_mode="reflect")
    with pytest.raises(ValueError, match=r"rank 3.*\(2, 3\)"):
        layers.Resizing(2, 2)(_img(2, 3))


def test_center_crop_takes_the_central_window():
    x = _img(2, 5, 6, 1)
    out = np.asarray(layers.CenterCrop(3, 2)(x))
    np.testing.assert_array_equal(out, x[:, 1:4, 2:4])
    one = np.asarray(layers.CenterCrop(2, 2)(x[0]))
    np.testing.assert_array_equal(one, x[0, 1:3, 2:4])


def test_center_crop_resizes_a_too_small_image():
    x = np.full((1, 2, 3, 2), 7, "uint8")
    out = layers.CenterCrop(4, 4)(x)
    assert tuple(out.shape) == (1, 4, 4, 2)
    assert str(out.dtype) == "float32"
    np.testing.assert_allclose(np.asarray(out), 7.0)


CONFORMANCE = [
    (layers.Rescaling, dict(
        init_kwargs={"scale": 0.5, "offset": 1.0}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_output_dtype="float32",
        expected_num_trainable_weights=0, supports_masking=True,
    )),
    (layers.Resizing, dict(
        init_kwargs={"height": 2, "width": 3}, input_shape=(2, 4, 4, 1),
        expected_output_shape=(2, 2, 3, 1), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
    )),
    (layers.CenterCrop, dict(
        init_kwargs={"height": 2, "width": 2}, input_shape=(2, 4, 3, 1),
        expected_output_shape=(2, 2, 2, 1), expected_output_dtype="float32",
    )),
]  # fmt: skip
