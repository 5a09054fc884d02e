"""Functional models: several inputs/outputs, dicts, raw ops, shared and
nested models, graph errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops

RNG = np.random.default_rng(0)
A = RNG.normal(size=(4, 3)).astype("float32")
B = RNG.normal(size=(4, 2)).astype("float32")


def _dense_np(layer, x):
    kernel, bias = layer.get_weights()
    return x @ kernel + bias


def _two_input_graph():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    joined = ops.concatenate([a, b], axis=-1) + 1.0
    left = layers.Dense(4, name="left")(joined)
    right = layers.Dense(1, name="right")(joined)
    return a, b, left, right


def _expected(model, a, b):
    joined = np.concatenate([a, b], axis=-1) + 1.0
    return (_dense_np(model.get_layer("left"), joined),
            _dense_np(model.get_layer("right"), joined))


def test_lists_of_inputs_and_outputs():
    a, b, left, right = _two_input_graph()
    model = keras.Model([a, b], [left, right])
    out = model([A, B])
    assert isinstance(out, list) and len(out) == 2
    expected = _expected(model, A, B)
    for got, want in zip(out, expected, strict=True):
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5,
                                   atol=1e-6)
    assert model.output_shape == [(None, 4), (None, 1)]


def test_dicts_of_inputs_and_outputs():
    a, b, left, right = _two_input_graph()
    model = keras.Model({"a": a, "b": b}, {"wide": left, "narrow": right})
    out = model({"b": B, "a": A})  # key order does not matter
    assert set(out) == {"wide", "narrow"}
    wide, narrow = _expected(model, A, B)
    np.testing.assert_allclose(np.asarray(out["wide"]), wide, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(np.asarray(out["narrow"]), narrow,
                               rtol=1e-5, atol=1e-6)


def test_dict_data_is_matched_to_list_inputs_by_input_name():
    a, b, left, right = _two_input_graph()
    model = keras.Model([a, b], [left, right])
    by_name = model({"b": B, "a": A})
    by_position = model([A, B])
    for x, y in zip(by_name, by_position, strict=True):
        np.testing.assert_array_equal(np.asarray(x), np.asarray(y))


def test_missing_dict_key_names_expected_and_received():
    a, b, left, right = _two_input_graph()
    model = keras.Model([a, b], [left, right], name="two")
    with pytest.raises(ValueError,
                       match=r"'two'.*missing \['b'\].*received keys: \['a'\]"):
        model({"a": A})


def test_wrong_input_shape_names_the_input():
    a, b, left, right = _two_input_graph()
    model = keras.Model([a, b], [left, right], name="two")
    with pytest.raises(ValueError,
                       match=r"'two'.*'b'.*\(None, 2\).*\(4, 5\)"):
        model([A, np.ones((4, 5), "float32")])


def test_wrong_number_of_inputs():
    a, b, left, right = _two_input_graph()
    model = keras.Model([a, b], [left, right], name="two")
    with pytest.raises(ValueError, match=r"'two' expects 2 input.*received 1"):
        model([A])


def test_predict_on_multi_output_returns_the_same_structure():
    a, b, left, right = _two_input_graph()
    as_list = keras.Model([a, b], [left, right])
    out = as_list.predict([A, B], verbose=0)
    assert isinstance(out, list)
    assert [np.asarray(o).shape for o in out] == [(4, 4), (4, 1)]
    as_dict = keras.Model({"a": a, "b": b}, {"wide": left, "narrow": right})
    out = as_dict.predict({"a": A, "b": B}, verbose=0)
    assert isinstance(out, dict) and set(out) == {"wide", "narrow"}
    wide, narrow = _expected(as_dict, A, B)
    np.testing.assert_allclose(out["wide"], wide, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out["narrow"], narrow, rtol=1e-5, atol=1e-6)


def test_layers_include_input_layers_first():
    a, b, left, right = _two_input_graph()
    model = keras.Model([a, b], [left, right])
    assert [layer.name for layer in model.layers] == [
        "a", "b", "left", "right"
    ]
    assert type(model.layers[0]).__name__ == "InputLayer"


def test_shared_layer_weights_are_used_twice_and_counted_once():
    a = keras.Input((3,))
    b = keras.Input((3,))
    shared = layers.Dense(2, name="shared")
    out = shared(a) - shared(b)
    model = keras.Model([a, b], out)
    assert len(model.weights) == 2
    assert model.count_params() == 3 * 2 + 2
    c = RNG.normal(size=(4, 3)).astype("float32")
    kernel, _ = shared.get_weights()
    # The bias cancels: (a K + b0) - (c K + b0).
    np.testing.assert_allclose(np.asarray(model([A, c])), (A - c) @ kernel,
                               rtol=1e-5, atol=1e-5)


def test_nested_functional_model_used_as_a_layer():
    inner_in = keras.Input((3,))
    inner = keras.Model(
        inner_in, layers.Dense(4, activation="relu")(inner_in), name="inner"
    )
    x = keras.Input((3,))
    head = layers.Dense(2, name="head")
    outer = keras.Model(x, head(inner(x)))
    assert [layer.name for layer in outer.layers][1:] == ["inner", "head"]
    assert len(outer.weights) == 4
    out = np.asarray(outer(A))
    hidden = np.maximum(_dense_np(inner.layers[1], A), 0)
    np.testing.assert_allclose(out, _dense_np(head, hidden), rtol=1e-5,
                               atol=1e-6)
    # The inner model still works on its own, with the same weights.
    np.testing.assert_allclose(np.asarray(inner(A)), hidden, rtol=1e-5,
                               atol=1e-6)


def test_graph_disconnected_error_names_the_missing_input():
    a = keras.Input((3,), name="used")
    b = keras.Input((3,), name="other")
    out = layers.Dense(2)(a)
    with pytest.raises(ValueError,
                       match=r"Graph disconnected.*input 'used'"):
        keras.Model(b, out)


def test_outputs_must_be_symbolic():
    a = keras.Input((3,))
    with pytest.raises(ValueError, match=r"every output must be a tensor"):
        keras.Model(a, np.ones((1, 3)))


def test_inputs_must_come_from_input():
    a = keras.Input((3,))
    hidden = layers.Dense(2)(a)
    with pytest.raises(ValueError, match=r"multikeras.Input\(\)"):
        keras.Model(hidden, layers.Dense(1)(hidden))


def test_model_needs_both_inputs_and_outputs():
    with pytest.raises(ValueError, match=r"both `inputs` and `outputs`"):
        keras.Model(inputs=keras.Input((3,)))


def test_functional_model_input_and_output_shapes():
    x = keras.Input((5, 3))
    model = keras.Model(x, layers.Flatten()(layers.Dense(2)(x)))
    assert model.input_shape == (None, 5, 3)
    assert model.output_shape == (None, 10)
    out = np.asarray(model(np.ones((2, 5, 3), "float32")))
    assert out.shape == (2, 10)
