"""Initializers: constants, limits, seeding and variance statistics."""

import math

import numpy as np
import pytest

from multikeras import initializers
from multikeras import utils


def _np(x):
    return np.asarray(x)


def test_zeros_ones_constant():
    np.testing.assert_array_equal(_np(initializers.Zeros()((2, 3))),
                                  np.zeros((2, 3)))
    np.testing.assert_array_equal(_np(initializers.Ones()((4,))), np.ones(4))
    value = _np(initializers.Constant(2.5)((3, 2)))
    np.testing.assert_array_equal(value, np.full((3, 2), 2.5))
    assert value.dtype == np.float32


def test_initializer_respects_dtype():
    assert _np(initializers.Ones()((2,), dtype="float16")).dtype == np.float16
    assert _np(initializers.Zeros()((2,), dtype="int32")).dtype == np.int32


def test_identity_initializer():
    np.testing.assert_array_equal(
        _np(initializers.Identity(gain=3.0)((2, 3))), 3.0 * np.eye(2, 3)
    )


@pytest.mark.parametrize("shape", [(20, 30), (3, 3, 8, 16)])
def test_glorot_uniform_stays_within_its_limit(shape):
    values = _np(initializers.GlorotUniform(seed=1)(shape))
    receptive = math.prod(shape[:-2])
    fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    assert values.shape == shape
    assert np.abs(values).max() <= limit
    # Spread over the whole interval, not a narrower one.
    assert np.abs(values).max() > 0.9 * limit
    assert values.min() < -0.9 * limit


def test_string_names_give_instances():
    assert isinstance(initializers.get("glorot_uniform"),
                      initializers.GlorotUniform)
    assert isinstance(initializers.get("zeros"), initializers.Zeros)
    assert isinstance(initializers.get("he_normal"), initializers.HeNormal)


def test_seeded_initializer_repeats():
    init = initializers.RandomNormal(seed=42)
    first, second = _np(init((50,))), _np(init((50,)))
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(
        first, _np(initializers.RandomNormal(seed=42)((50,)))
    )
    assert not np.array_equal(
        first, _np(initializers.RandomNormal(seed=43)((50,)))
    )


def test_unseeded_initializer_draws_fresh_values_and_repeats_after_seed():
    init = initializers.RandomUniform()
    utils.set_random_seed(5)
    a, b = _np(init((50,))), _np(init((50,)))
    assert not np.array_equal(a, b)
    utils.set_random_seed(5)
    np.testing.assert_array_equal(_np(init((50,))), a)


def test_random_uniform_bounds():
    values = _np(initializers.RandomUniform(-0.3, 0.1, seed=0)((4000,)))
    assert values.min() >= -0.3 and values.max() < 0.1
    assert abs(values.mean() - (-0.1)) < 0.01


@pytest.mark.parametrize(
    "mode, distribution, scale",
    [
        ("fan_in", "untruncated_normal", 2.0),
        ("fan_out", "truncated_normal", 1.0),
        ("fan_avg", "uniform", 3.0),
    ],
)
def test_variance_scaling_stddev(mode, distribution, scale):
    shape = (100, 400)
    fan = {"fan_in": 100, "fan_out": 400, "fan_avg": 250}[mode]
    values = _np(initializers.VarianceScaling(
        scale=scale, mode=mode, distribution=distribution, seed=3
    )(shape))
    expected = math.sqrt(scale / fan)
    # 40,000 samples: the sample stddev is within ~1% of the truth.
    np.testing.assert_allclose(values.std(), expected, rtol=0.03)
    assert abs(values.mean()) < 0.05 * expected
    if distribution == "truncated_normal":
        # Truncated at two stddevs of the underlying normal.
        assert np.abs(values).max() <= 2 * expected / 0.8796256610342398


def test_he_normal_stddev():
    values = _np(initializers.HeNormal(seed=0)((200, 200)))
    np.testing.assert_allclose(values.std(), math.sqrt(2.0 / 200), rtol=0.03)


def test_variance_scaling_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"`scale` must be positive.*-1"):
        initializers.VarianceScaling(scale=-1)
    with pytest.raises(ValueError, match=r"`mode`.*fan_sideways"):
        initializers.VarianceScaling(mode="fan_sideways")


def test_initializer_config_round_trip():
    init = initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=7)
    clone = initializers.VarianceScaling.from_config(init.get_config())
    np.testing.assert_array_equal(_np(clone((5, 5))), _np(init((5, 5))))
    restored = initializers.deserialize(initializers.serialize(init))
    assert isinstance(restored, initializers.VarianceScaling)
    assert restored.get_config() == init.get_config()
