"""Bad input gets a teaching error: layer name, expected and received."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def test_wrong_rank_into_dense_names_layer_and_both_shapes():
    layer = layers.Dense(3, name="proj")
    layer(np.ones((2, 4), "float32"))
    with pytest.raises(
        ValueError,
        match=r"'proj'.*rank >= 2.*Expected: shape \(\.\.\., 4\).*"
        r"received: shape \(4,\)",
    ):
        layer(np.ones((4,), "float32"))


def test_wrong_rank_into_an_unbuilt_dense():
    with pytest.raises(ValueError,
                       match=r"'fresh'.*rank >= 2.*received: shape \(5,\)"):
        layers.Dense(3, name="fresh")(np.ones((5,), "float32"))


def test_wrong_last_dim_into_built_dense():
    layer = layers.Dense(3, name="proj")
    layer.build((None, 4))
    with pytest.raises(
        ValueError,
        match=r"'proj'.*axis -1 to have size 4, found 5.*"
        r"received: shape \(2, 5\)",
    ):
        layer(np.ones((2, 5), "float32"))


def test_wrong_last_dim_on_symbolic_input():
    layer = layers.Dense(3, name="proj")
    layer.build((None, 4))
    with pytest.raises(ValueError, match=r"'proj'.*\(None, 6\)"):
        layer(keras.Input((6,)))


@pytest.mark.parametrize("units", [0, -1, 2.5, None])
def test_dense_rejects_non_positive_units(units):
    with pytest.raises(ValueError,
                       match=rf"`units` must be a positive.*units={units}"):
        layers.Dense(units)


@pytest.mark.parametrize("rate", [1.5, 1.0, -0.1])
def test_dropout_rejects_rate_outside_unit_interval(rate):
    with pytest.raises(ValueError, match=rf"`rate`.*rate={rate}"):
        layers.Dropout(rate=rate)


def test_unknown_activation_string():
    with pytest.raises(ValueError, match=r"Unknown activation: 'relux'"):
        layers.Activation("relux")
    with pytest.raises(ValueError, match=r"Unknown activation: 'relux'"):
        layers.Dense(2, activation="relux")


def test_unknown_initializer_string():
    with pytest.raises(ValueError, match=r"glorot_uniformm"):
        layers.Dense(2, kernel_initializer="glorot_uniformm")


def test_unknown_constructor_keyword():
    with pytest.raises(ValueError, match=r"Dense.*unit_count"):
        layers.Dense(2, unit_count=3)


def test_set_weights_wrong_shape_raises_and_changes_nothing():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4), layers.Dense(2)]
    )
    before = [w.copy() for w in model.get_weights()]
    new = [np.full(w.shape, 7.0, "float32") for w in before]
    new[3] = np.zeros((3,), "float32")  # last bias must be (2,)
    with pytest.raises(
        ValueError, match=r"dense_1/bias.*shape \(2,\).*shape \(3,\)"
    ):
        model.set_weights(new)
    # The earlier, well-shaped arrays were not assigned either.
    for old, current in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, current)


def test_set_weights_wrong_count_raises_and_changes_nothing():
    layer = layers.Dense(2)
    layer.build((None, 3))
    before = [w.copy() for w in layer.get_weights()]
    with pytest.raises(ValueError, match=r"expects 2 arrays, received 1"):
        layer.set_weights([np.ones((3, 2), "float32")])
    with pytest.raises(ValueError, match=r"expects 2 arrays, received 3"):
        layer.set_weights([np.ones((3, 2)), np.ones(2), np.ones(2)])
    for old, current in zip(before, layer.get_weights(), strict=True):
        np.testing.assert_array_equal(old, current)


def test_layer_name_with_slash_is_rejected():
    with pytest.raises(ValueError, match=r"without '/'.*'a/b'"):
        layers.Dense(2, name="a/b")


def test_call_without_call_method():
    class NoCall(keras.Layer):
        pass

    with pytest.raises(NotImplementedError, match=r"NoCall must implement"):
        NoCall()(np.ones((1, 2), "float32"))
