"""SpatialDropout1D/2D/3D, GaussianDropout, GaussianNoise, AlphaDropout:
noise only in training, its statistics, seeding, errors."""

import numpy as np
import pytest

from multikeras import layers

X = np.ones((4, 6, 6, 50), "float32")


@pytest.mark.parametrize("layer", [
    layers.SpatialDropout1D(0.5), layers.SpatialDropout2D(0.5),
    layers.SpatialDropout3D(0.5), layers.GaussianDropout(0.5),
    layers.GaussianNoise(0.5), layers.AlphaDropout(0.5),
])
def test_identity_in_inference(layer):
    x = np.random.default_rng(0).normal(
        size=(2,) * (layer.input_spec.ndim - 1 if layer.input_spec else 2)
        + (3,)).astype("float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), x)
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)


def test_spatial_dropout_2d_drops_whole_channels():
    out = np.asarray(layers.SpatialDropout2D(0.5, seed=1)(X, training=True))
    # One draw per (example, channel), shared over rows and columns.
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1, :1],
                                                       out.shape))
    assert set(np.unique(out)) == {0.0, 2.0}
    assert 0.35 < np.mean(out == 0) < 0.65


def test_spatial_dropout_channels_first_and_other_ranks():
    x = np.ones((4, 50, 3, 3), "float32")
    out = np.asarray(layers.SpatialDropout2D(
        0.5, data_format="channels_first", seed=2)(x, training=True))
    np.testing.assert_array_equal(
        out, np.broadcast_to(out[:, :, :1, :1], out.shape))
    x1 = np.ones((4, 5, 50), "float32")
    out1 = np.asarray(layers.SpatialDropout1D(0.5, seed=3)(x1, training=True))
    np.testing.assert_array_equal(out1, np.broadcast_to(out1[:, :1],
                                                        out1.shape))
    x3 = np.ones((2, 2, 2, 2, 50), "float32")
    out3 = np.asarray(layers.SpatialDropout3D(0.5, seed=4)(x3,
                                                           training=True))
    np.testing.assert_array_equal(
        out3, np.broadcast_to(out3[:, :1, :1, :1], out3.shape))
    assert 0 < np.mean(out3 == 0) < 1


def test_gaussian_dropout_noise_statistics():
    rate = 0.3
    out = np.asarray(layers.GaussianDropout(rate, seed=5)(X, training=True))
    # 7200 draws of N(1, sqrt(rate / (1 - rate))): 5 sigma bounds.
    std = np.sqrt(rate / (1 - rate))
    assert abs(out.mean() - 1.0) < 5 * std / np.sqrt(out.size)
    assert abs(out.std() - std) < 0.03


def test_gaussian_noise_statistics():
    out = np.asarray(layers.GaussianNoise(0.4, seed=6)(X, training=True))
    noise = out - 1.0
    assert abs(noise.mean()) < 5 * 0.4 / np.sqrt(noise.size)
    assert abs(noise.std() - 0.4) < 0.02


def test_alpha_dropout_values_and_moments():
    rate = 0.2
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5
    b = -a * alpha_p * rate
    x = np.random.default_rng(7).normal(size=(200, 100)).astype("float32")
    out = np.asarray(layers.AlphaDropout(rate, seed=8)(x, training=True))
    kept = np.isclose(out, a * x + b, rtol=1e-5, atol=1e-6)
    dropped = np.isclose(out, a * alpha_p + b, rtol=1e-5)
    assert np.all(kept | dropped)
    assert abs(np.mean(dropped) - rate) < 0.02
    # Zero mean, unit variance are kept (20000 samples).
    assert abs(out.mean()) < 0.05 and abs(out.std() - 1.0) < 0.05


def test_alpha_dropout_noise_shape_shares_the_mask():
    x = np.zeros((3, 8, 40), "float32")
    out = np.asarray(layers.AlphaDropout(
        0.5, noise_shape=(None, 1, 40), seed=9)(x, training=True))
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1],
                                                       out.shape))
    with pytest.raises(ValueError, match=r"noise_shape.*rank"):
        layers.AlphaDropout(0.5, noise_shape=(1, 40))(x, training=True)


@pytest.mark.parametrize("cls", [layers.GaussianDropout, layers.GaussianNoise,
                                 layers.AlphaDropout])
def test_same_seed_same_noise_and_calls_differ(cls):
    x = X
    first = np.asarray(cls(0.5, seed=11)(x, training=True))
    second = np.asarray(cls(0.5, seed=11)(x, training=True))
    np.testing.assert_array_equal(first, second)
    layer = cls(0.5, seed=11)
    assert not np.array_equal(np.asarray(layer(x, training=True)),
                              np.asarray(layer(x, training=True)))


def test_stateless_call_advances_the_noise_state():
    layer = layers.GaussianNoise(1.0, seed=1)
    state = [v.value for v in layer.non_trainable_variables]
    out1, state = layer.stateless_call([], state, X, training=True)
    out2, _ = layer.stateless_call([], state, X, training=True)
    assert not np.array_equal(np.asarray(out1), np.asarray(out2))


@pytest.mark.parametrize(("make", "match"), [
    (lambda: layers.SpatialDropout1D(1.0), r"rate=1.0"),
    (lambda: layers.SpatialDropout2D(0.5, data_format="nhwc"),
     r"data_format='nhwc'"),
    (lambda: layers.GaussianDropout(-0.1), r"`rate`.*rate=-0.1"),
    (lambda: layers.GaussianDropout(1), r"rate=1"),
    (lambda: layers.GaussianNoise(-1.0), r"`stddev`.*stddev=-1.0"),
    (lambda: layers.AlphaDropout(1.5), r"`rate`.*rate=1.5"),
])
def test_bad_arguments_are_rejected_at_construction(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_spatial_dropout_rejects_the_wrong_rank():
    layer = layers.SpatialDropout2D(0.5, name="sd")
    with pytest.raises(ValueError, match=r"'sd'.*rank 4.*\(2, 3\)"):
        layer(np.ones((2, 3), "float32"))


def test_spatial_dropout_config_has_keras_keys():
    assert set(layers.SpatialDropout1D(0.2).get_config()) == {
        "rate", "seed", "name", "dtype"}
    assert set(layers.SpatialDropout3D(0.2).get_config()) == {
        "rate", "seed", "name", "dtype", "data_format"}


_TRAIN = {"training": True}
CONFORMANCE = [
    (layers.SpatialDropout1D, dict(
        init_kwargs={"rate": 0.5}, input_shape=(2, 3, 4), call_kwargs=_TRAIN,
        expected_output_shape=(2, 3, 4), expected_num_seed_generators=1,
        supports_masking=True,
    )),
    (layers.SpatialDropout2D, dict(
        init_kwargs={"rate": 0.5, "data_format": "channels_first"},
        input_shape=(2, 3, 2, 2), call_kwargs=_TRAIN,
        expected_output_shape=(2, 3, 2, 2), expected_num_seed_generators=1,
    )),
    (layers.SpatialDropout3D, dict(
        init_kwargs={"rate": 0.5}, input_shape=(2, 2, 2, 2, 3),
        call_kwargs=_TRAIN, expected_output_shape=(2, 2, 2, 2, 3),
        expected_num_seed_generators=1,
    )),
    (layers.GaussianDropout, dict(
        init_kwargs={"rate": 0.3}, input_shape=(2, 3), call_kwargs=_TRAIN,
        expected_output_shape=(2, 3), expected_num_seed_generators=1,
        expected_num_trainable_weights=0, supports_masking=True,
    )),
    (layers.GaussianNoise, dict(
        init_kwargs={"stddev": 0.3, "seed": 3}, input_shape=(2, 3),
        call_kwargs=_TRAIN, expected_output_shape=(2, 3),
        expected_num_seed_generators=1, supports_masking=True,
    )),
    (layers.AlphaDropout, dict(
        init_kwargs={"rate": 0.3}, input_shape=(2, 3), call_kwargs=_TRAIN,
        expected_output_shape=(2, 3), expected_num_seed_generators=1,
        supports_masking=True,
    )),
]  # fmt: skip
