"""Sequential: construction, building, add/pop, config round trip."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers

X = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")


def _np_forward(model, x):
    """The stack of Dense layers (linear or relu) computed in NumPy."""
    for layer in model.layers:
        kernel, bias = layer.get_weights()
        x = x @ kernel + bias
        if layer.get_config()["activation"] == "relu":
            x = np.maximum(x, 0)
    return x


def test_sequential_from_a_list_with_input_is_built():
    model = keras.Sequential([
        keras.Input((5,)),
        layers.Dense(8, activation="relu"),
        layers.Dense(2),
    ])
    assert model.built
    assert model.output_shape == (None, 2)
    assert model.input_shape == (None, 5)
    assert [w.shape for w in model.get_weights()] == [
        (5, 8), (8,), (8, 2), (2,)
    ]
    # Sequential.layers does not list the InputLayer.
    assert [type(layer).__name__ for layer in model.layers] == [
        "Dense", "Dense"
    ]
    np.testing.assert_allclose(np.asarray(model(X)), _np_forward(model, X),
                               rtol=1e-5, atol=1e-6)


def test_sequential_add_and_pop():
    model = keras.Sequential()
    model.add(keras.Input((5,)))
    model.add(layers.Dense(3))
    model.add(layers.Dense(7))
    assert model.output_shape == (None, 7)
    assert len(model.weights) == 4
    popped = model.pop()
    assert isinstance(popped, layers.Dense) and popped.units == 7
    assert model.output_shape == (None, 3)
    assert len(model.weights) == 2
    assert np.asarray(model(X)).shape == (4, 3)


def test_input_shape_on_the_first_layer_builds_the_model():
    model = keras.Sequential([
        layers.Dense(4, input_shape=(5,)),
        layers.Dense(1),
    ])
    assert model.built
    assert model.input_shape == (None, 5)
    assert model.count_params() == (5 * 4 + 4) + (4 + 1)


def test_build_with_an_input_shape():
    model = keras.Sequential([layers.Dense(3), layers.Dense(2)])
    assert not model.built
    model.build((None, 6))
    assert model.built
    assert [w.shape for w in model.get_weights()] == [
        (6, 3), (3,), (3, 2), (2,)
    ]


def test_built_on_first_call_without_input():
    model = keras.Sequential([layers.Dense(3, activation="relu"),
                              layers.Dense(2)])
    assert not model.built
    out = np.asarray(model(X))
    assert model.built
    assert out.shape == (4, 2)
    assert model.input_shape == (None, 5)
    np.testing.assert_allclose(out, _np_forward(model, X), rtol=1e-5,
                               atol=1e-6)


def test_sequential_build_without_shape_raises():
    model = keras.Sequential([layers.Dense(2)], name="stack")
    with pytest.raises(ValueError, match=r"'stack' needs an input shape"):
        model.build()


def test_input_must_come_first():
    model = keras.Sequential([layers.Dense(2)], name="stack")
    with pytest.raises(ValueError, match=r"'stack'.*Input.*first"):
        model.add(keras.Input((3,)))


def test_add_rejects_non_layers():
    with pytest.raises(TypeError, match=r"takes Layer instances.*str"):
        keras.Sequential().add("dense")


def test_duplicate_layer_names_are_rejected():
    model = keras.Sequential([layers.Dense(2, name="same")])
    with pytest.raises(ValueError, match=r"already has a layer named 'same'"):
        model.add(layers.Dense(2, name="same"))


def test_pop_on_empty_model_raises():
    with pytest.raises(ValueError, match=r"has no layers"):
        keras.Sequential(name="empty").pop()


def test_config_round_trip_gives_identical_predictions():
    model = keras.Sequential([
        keras.Input((5,)),
        layers.Dense(6, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(3, activation="softmax"),
    ], name="classifier")
    config = model.get_config()
    clone = keras.Sequential.from_config(config)
    assert clone.name == "classifier"
    assert [type(layer).__name__ for layer in clone.layers] == [
        "Dense", "Dropout", "Dense"
    ]
    # Fresh weights differ (different random init) until copied over.
    assert not np.allclose(clone.get_weights()[0], model.get_weights()[0])
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(
        clone.predict(X, verbose=0), model.predict(X, verbose=0),
        rtol=1e-6, atol=1e-7,
    )
    assert clone.get_config()["layers"] == config["layers"]


def test_nested_sequential_weights_and_output():
    inner = keras.Sequential([layers.Dense(4), layers.Dense(3)])
    outer = keras.Sequential([keras.Input((5,)), inner, layers.Dense(2)])
    assert outer.output_shape == (None, 2)
    assert len(outer.weights) == 6
    out = np.asarray(outer(X))
    w = outer.get_weights()
    expected = ((X @ w[0] + w[1]) @ w[2] + w[3]) @ w[4] + w[5]
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
