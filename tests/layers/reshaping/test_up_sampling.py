"""UpSampling1D/2D/3D against np.repeat and a hand-computed bilinear
resize."""

import numpy as np
import pytest

from multikeras import layers


def _x(*shape):
    return np.arange(np.prod(shape), dtype="float32").reshape(shape)


def test_up_sampling1d_repeats_steps():
    x = _x(2, 3, 2)
    out = np.asarray(layers.UpSampling1D(3)(x))
    np.testing.assert_array_equal(out, np.repeat(x, 3, axis=1))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_up_sampling2d_nearest_repeats_rows_and_columns(data_format):
    x = _x(2, 3, 2, 2)
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    out = np.asarray(layers.UpSampling2D((2, 3), data_format=data_format)(x))
    want = np.repeat(np.repeat(x, 2, axis=axes[0]), 3, axis=axes[1])
    np.testing.assert_array_equal(out, want)


def test_up_sampling2d_bilinear_uses_half_pixel_centers():
    x = np.array([[0.0, 4.0]], "float32").reshape(1, 1, 2, 1)
    out = np.asarray(layers.UpSampling2D((1, 2),
                                         interpolation="bilinear")(x))
    # Output pixel centers map to input positions -0.25, 0.25, 0.75,
    # 1.25; edges clamp: [0, 0.25 * 4, 0.75 * 4, 4].
    np.testing.assert_allclose(out[0, 0, :, 0], [0.0, 1.0, 3.0, 4.0])


def test_up_sampling3d_repeats_each_axis():
    x = _x(1, 2, 1, 2, 2)
    out = np.asarray(layers.UpSampling3D((2, 3, 1))(x))
    want = np.repeat(np.repeat(x, 2, axis=1), 3, axis=2)
    np.testing.assert_array_equal(out, want)


def test_up_sampling_rejects_bad_size_and_interpolation():
    with pytest.raises(ValueError, match=r"size=0"):
        layers.UpSampling1D(0)
    with pytest.raises(ValueError, match=r"size=\(2, 2\)"):
        layers.UpSampling3D((2, 2))
    with pytest.raises(ValueError, match=r"interpolation='cubic'"):
        layers.UpSampling2D(interpolation="cubic")


CONFORMANCE = [
    (layers.UpSampling1D, dict(
        init_kwargs={"size": 2}, input_shape=(2, 3, 2),
        expected_output_shape=(2, 6, 2), expected_num_trainable_weights=0,
    )),
    (layers.UpSampling2D, dict(
        init_kwargs={"size": (2, 1), "data_format": "channels_first"},
        input_shape=(2, 1, 2, 3), expected_output_shape=(2, 1, 4, 3),
    )),
    (layers.UpSampling3D, dict(
        init_kwargs={"size": (1, 2, 2)}, input_shape=(1, 2, 2, 2, 1),
        expected_output_shape=(1, 2, 4, 4, 1),
    )),
]  # fmt: skip
