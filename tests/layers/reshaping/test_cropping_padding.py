"""Cropping1D/2D/3D and ZeroPadding1D/2D/3D against NumPy slicing and
np.pad."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def _x(*shape):
    return np.arange(np.prod(shape), dtype="float32").reshape(shape) + 1


def test_cropping1d_removes_start_and_end_steps():
    x = _x(2, 6, 3)
    out = np.asarray(layers.Cropping1D((1, 2))(x))
    np.testing.assert_array_equal(out, x[:, 1:4])
    out = np.asarray(layers.Cropping1D(2)(x))
    np.testing.assert_array_equal(out, x[:, 2:4])


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cropping2d_matches_slicing(data_format):
    x = _x(2, 5, 6, 3)
    if data_format == "channels_first":
        x = x.transpose(0, 3, 1, 2)
    out = np.asarray(layers.Cropping2D(((1, 2), (0, 3)),
                                       data_format=data_format)(x))
    want = (x[:, 1:3, 0:3] if data_format == "channels_last"
            else x[:, :, 1:3, 0:3])
    np.testing.assert_array_equal(out, want)


def test_cropping3d_matches_slicing_and_symmetric_forms():
    x = _x(1, 4, 5, 6, 2)
    out = np.asarray(layers.Cropping3D(((1, 0), (2, 1), (0, 3)))(x))
    np.testing.assert_array_equal(out, x[:, 1:4, 2:4, 0:3])
    out = np.asarray(layers.Cropping3D((1, 2, 0))(x))
    np.testing.assert_array_equal(out, x[:, 1:3, 2:3, :])


def test_cropping_errors_name_the_argument_and_shapes():
    with pytest.raises(ValueError, match=r"cropping=\(1, 2, 3\)"):
        layers.Cropping2D((1, 2, 3))
    with pytest.raises(ValueError, match=r"cropping=-1"):
        layers.Cropping1D(-1)
    layer = layers.Cropping2D(((2, 2), (0, 0)), name="crop")
    with pytest.raises(ValueError, match=r"'crop'.*\(None, 4, 4, 1\)"):
        layer(keras.Input(shape=(4, 4, 1)))
    with pytest.raises(ValueError, match="rank 4"):
        layers.Cropping2D(1)(_x(2, 3, 4))


def test_zero_padding1d_matches_np_pad():
    x = _x(2, 3, 2)
    out = np.asarray(layers.ZeroPadding1D((1, 2))(x))
    np.testing.assert_array_equal(out, np.pad(x, ((0, 0), (1, 2), (0, 0))))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_zero_padding2d_matches_np_pad(data_format):
    x = _x(2, 3, 4, 2)
    widths = ((0, 0), (1, 0), (2, 3), (0, 0))
    if data_format == "channels_first":
        x = x.transpose(0, 3, 1, 2)
        widths = ((0, 0), (0, 0), (1, 0), (2, 3))
    out = np.asarray(layers.ZeroPadding2D(((1, 0), (2, 3)),
                                          data_format=data_format)(x))
    np.testing.assert_array_equal(out, np.pad(x, widths))


def test_zero_padding3d_matches_np_pad():
    x = _x(1, 2, 2, 2, 1)
    out = np.asarray(layers.ZeroPadding3D((1, 0, 2))(x))
    want = np.pad(x, ((0, 0), (1, 1), (0, 0), (2, 2), (0, 0)))
    np.testing.assert_array_equal(out, want)


def test_zero_padding_rejects_negative_and_misshaped_padding():
    with pytest.raises(ValueError, match=r"padding=\(-1, 1\)"):
        layers.ZeroPadding2D((-1, 1))
    with pytest.raises(ValueError, match=r"padding=\(1, 2, 3\)"):
        layers.ZeroPadding1D((1, 2, 3))


CONFORMANCE = [
    (layers.Cropping1D, dict(
        init_kwargs={"cropping": (1, 2)}, input_shape=(2, 5, 3),
        expected_output_shape=(2, 2, 3), expected_num_trainable_weights=0,
    )),
    (layers.Cropping2D, dict(
        init_kwargs={"cropping": 1, "data_format": "channels_first"},
        input_shape=(2, 2, 4, 5), expected_output_shape=(2, 2, 2, 3),
    )),
    (layers.Cropping3D, dict(
        init_kwargs={}, input_shape=(1, 3, 4, 5, 2),
        expected_output_shape=(1, 1, 2, 3, 2),
    )),
    (layers.ZeroPadding1D, dict(
        init_kwargs={"padding": 2}, input_shape=(2, 3, 2),
        expected_output_shape=(2, 7, 2), expected_num_trainable_weights=0,
    )),
    (layers.ZeroPadding2D, dict(
        init_kwargs={"padding": (1, 2), "data_format": "channels_first"},
        input_shape=(2, 1, 3, 3), expected_output_shape=(2, 1, 5, 7),
    )),
    (layers.ZeroPadding3D, dict(
        init_kwargs={}, input_shape=(1, 2, 2, 2, 1),
        expected_output_shape=(1, 4, 4, 4, 1),
    )),
]  # fmt: skip
