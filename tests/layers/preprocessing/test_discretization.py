"""Discretization against np.digitize and Keras's documented adapt
result."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers

# The example of Keras 3's Discretization docstring.
DOC_X = np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]])


def test_int_mode_matches_np_digitize():
    bounds = [-1.0, 0.0, 0.5, 2.0]
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    out = layers.Discretization(bin_boundaries=bounds)(x)
    assert str(out.dtype) == "int32"
    np.testing.assert_array_equal(np.asarray(out), np.digitize(x, bounds))
    out = layers.Discretization(bounds)(DOC_X)
    np.testing.assert_array_equal(np.asarray(out),
                                  [[0, 3, 4, 3], [2, 4, 3, 2]])


def test_adapt_reproduces_keras_documented_bins():
    layer = layers.Discretization(num_bins=4, epsilon=0.01)
    layer.adapt(DOC_X)
    np.testing.assert_array_equal(np.asarray(layer(DOC_X)),
                                  [[0, 2, 3, 2], [1, 3, 3, 1]])
    np.testing.assert_allclose(layer.bin_boundaries, [0.0, 0.5, 1.3])


def test_adapt_on_many_values_finds_the_quantiles():
    x = np.linspace(0, 1, 1001, dtype="float32")
    rng = np.random.default_rng(0)
    batches = np.split(rng.permutation(x), 7)
    layer = layers.Discretization(num_bins=4, epsilon=0.001)
    layer.adapt(batches)
    np.testing.assert_allclose(layer.bin_boundaries, [0.25, 0.5, 0.75],
                               atol=0.01)


def test_encoded_output_modes():
    layer = layers.Discretization([0.0, 1.0], output_mode="one_hot")
    out = np.asarray(layer(np.array([[-1.0], [0.5], [3.0]])))
    np.testing.assert_array_equal(out, np.eye(3, dtype="float32"))
    layer = layers.Discretization([0.0, 1.0], output_mode="count")
    out = np.asarray(layer(np.array([[-1.0, 2.0, 3.0]])))
    np.testing.assert_array_equal(out, [[1.0, 0.0, 2.0]])


def test_adapted_config_round_trips_with_boundaries():
    layer = layers.Discretization(num_bins=3)
    layer.adapt(np.arange(30, dtype="float32"))
    clone = layers.Discretization.from_config(layer.get_config())
    assert clone.bin_boundaries == layer.bin_boundaries
    x = keras.Input((2,))
    assert clone(x).dtype == "int32"


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="exactly one"):
        layers.Discretization()
    with pytest.raises(ValueError, match="exactly one"):
        layers.Discretization([0.0], num_bins=2)
    with pytest.raises(ValueError, match="num_bins=-1"):
        layers.Discretization(num_bins=-1)
    with pytest.raises(ValueError, match="output_mode='bins'"):
        layers.Discretization([0.0], output_mode="bins")
    with pytest.raises(ValueError, match=r"sorted.*\[1.0, 0.0\]"):
        layers.Discretization([1.0, 0.0])
    with pytest.raises(ValueError, match="num_bins"):
        layers.Discretization([0.0]).adapt(np.ones(3))
    with pytest.raises(ValueError, match="adapt"):
        layers.Discretization(num_bins=2)(np.ones((1, 2)))


CONFORMANCE = [
    (layers.Discretization, dict(
        init_kwargs={"bin_boundaries": [-0.5, 0.0, 0.5]}, input_shape=(3, 4),
        expected_output_shape=(3, 4), expected_output_dtype="int32",
        expected_num_trainable_weights=0,
    )),
    (layers.Discretization, dict(
        init_kwargs={"bin_boundaries": [0.0], "output_mode": "multi_hot"},
        input_shape=(3, 4), expected_output_shape=(3, 2),
        expected_output_dtype="float32",
    )),
]  # fmt: skip
