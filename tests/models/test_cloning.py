"""`clone_model`: Sequential, Functional and subclassed models."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.models import clone_model

X = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")


def _sequential():
    return keras.Sequential([
        keras.Input((4,), name="features"),
        layers.Dense(5, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(2),
    ], name="seq")


def _functional_with_shared_layer():
    inputs = keras.Input((4,), name="x")
    shared = layers.Dense(4, activation="tanh", name="shared")
    hidden = shared(shared(inputs))
    hidden = layers.Concatenate()([hidden, inputs])
    outputs = layers.Dense(2, name="head")(layers.Dropout(0.1)(hidden))
    return keras.Model(inputs, outputs, name="func")


def _np_mlp(weights, x):
    """Dense(relu) -> Dense, in NumPy."""
    k1, b1, k2, b2 = weights
    return np.maximum(x @ k1 + b1, 0) @ k2 + b2


def _np_shared(weights, x):
    """The shared-layer functional model, in NumPy."""
    ks, bs, kh, bh = weights
    h = np.tanh(np.tanh(x @ ks + bs) @ ks + bs)
    h = np.concatenate([h, x], axis=-1)
    return h @ kh + bh


def _assert_independent(model, clone):
    originals = {id(v) for v in model.weights}
    assert not originals & {id(v) for v in clone.weights}
    assert not {id(layer) for layer in model.layers} & {
        id(layer) for layer in clone.layers
    }
    before = model.get_weights()
    clone.set_weights([w + 1.0 for w in clone.get_weights()])
    for old, now in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, now)


def test_sequential_clone_has_same_architecture_and_new_weights():
    model = _sequential()
    clone = clone_model(model)
    assert isinstance(clone, keras.Sequential)
    assert clone.get_config() == model.get_config()
    assert clone.input_shape == (None, 4)
    assert clone.output_shape == model.output_shape == (None, 2)
    assert [w.shape for w in clone.get_weights()] == [
        w.shape for w in model.get_weights()
    ]
    # Freshly initialized: the kernels differ from the original's.
    assert not np.allclose(clone.get_weights()[0], model.get_weights()[0])
    _assert_independent(model, clone)
    clone.set_weights(model.get_weights())
    expected = _np_mlp(model.get_weights(), X)
    np.testing.assert_allclose(np.asarray(clone.predict(X, verbose=0)),
                               expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np.asarray(model.predict(X, verbose=0)),
                               expected, rtol=1e-5, atol=1e-5)


def test_functional_clone_replays_the_graph_and_clones_shared_layer_once():
    model = _functional_with_shared_layer()
    clone = clone_model(model)
    assert type(clone) is keras.Model
    assert clone.get_config() == model.get_config()
    assert clone.output_shape == model.output_shape == (None, 2)
    assert clone.inputs.name == "x"
    shared = [layer for layer in clone.layers if layer.name == "shared"]
    assert len(shared) == 1  # one layer, called at two nodes
    assert len(clone.weights) == len(model.weights) == 4
    _assert_independent(model, clone)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(np.asarray(clone(X)),
                               _np_shared(model.get_weights(), X),
                               rtol=1e-5, atol=1e-5)


def test_ops_on_symbolic_tensors_are_replayed():
    inputs = keras.Input((4,))
    dense = layers.Dense(4, name="d")
    outputs = ops.concatenate([dense(inputs), inputs], axis=-1) * 0.5
    model = keras.Model(inputs, outputs)
    clone = clone_model(model)
    assert clone.get_layer("d") is not dense
    clone.set_weights(model.get_weights())
    kernel, bias = model.get_weights()
    expected = np.concatenate([X @ kernel + bias, X], axis=-1) * 0.5
    np.testing.assert_allclose(np.asarray(clone(X)), expected,
                               rtol=1e-5, atol=1e-5)


def test_clone_function_replaces_layers():
    def clone_function(layer):
        if isinstance(layer, layers.Dropout):
            return layers.Dropout(0.5, name=layer.name)
        return layer.__class__.from_config(layer.get_config())

    seen = []

    def counting(layer):
        seen.append(layer.name)
        return clone_function(layer)

    model = _functional_with_shared_layer()
    clone = clone_model(model, clone_function=counting)
    # Once per layer: the shared layer's two calls reuse one clone.
    assert len(seen) == 4 and seen.count("shared") == 1
    rates = [la.rate for la in clone.layers if isinstance(la, layers.Dropout)]
    assert rates == [0.5]
    seq = clone_model(_sequential(), clone_function=clone_function)
    assert seq.layers[1].rate == 0.5
    # Returning the layer itself shares it (and its weights).
    shared = clone_model(model, clone_function=lambda layer: layer)
    assert shared.get_layer("head") is model.get_layer("head")


def test_call_function_wraps_each_call_in_functional_models():
    model = _functional_with_shared_layer()
    calls = []

    def call_function(layer, *args, **kwargs):
        calls.append(layer.name)
        out = layer(*args, **kwargs)
        return out * 2.0 if layer.name == "head" else out

    clone = clone_model(model, call_function=call_function)
    assert calls.count("shared") == 2 and calls[-1] == "head"
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(np.asarray(clone(X)),
                               2.0 * _np_shared(model.get_weights(), X),
                               rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="call_function.*Sequential"):
        clone_model(_sequential(), call_function=call_function)


def test_input_tensors_replace_the_inputs():
    new_input = keras.Input((4,), name="new_in")
    clone = clone_model(_functional_with_shared_layer(),
                        input_tensors=new_input)
    assert clone.inputs is new_input
    seq = clone_model(_sequential(), input_tensors=[keras.Input((4,))])
    assert seq.input_shape == (None, 4) and seq.output_shape == (None, 2)
    with pytest.raises(ValueError, match="single tensor"):
        clone_model(_sequential(),
                    input_tensors=[keras.Input((4,)), keras.Input((4,))])
    with pytest.raises(ValueError, match="KerasTensor"):
        clone_model(_sequential(), input_tensors=X)

    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    two = keras.Model({"a": a, "b": b},
                      layers.Dense(1)(layers.Concatenate()([a, b])))
    a2, b2 = keras.Input((2,)), keras.Input((3,))
    clone = clone_model(two, input_tensors={"b": b2, "a": a2})
    assert clone.inputs["a"] is a2 and clone.inputs["b"] is b2
    with pytest.raises(ValueError, match="structure of the inputs"):
        clone_model(two, input_tensors=[a2, b2])


def _nested():
    inner = keras.Sequential([
        keras.Input((4,)), layers.Dense(3), layers.Dropout(0.2),
    ], name="inner")
    return keras.Sequential([keras.Input((4,)), inner, layers.Dense(1)])


def test_recursive_clones_nested_models_layer_by_layer():
    def clone_function(layer):
        if isinstance(layer, layers.Dropout):
            return layers.Dropout(0.7, name=layer.name)
        return layer.__class__.from_config(layer.get_config())

    model = _nested()
    flat = clone_model(model, clone_function=clone_function)
    deep = clone_model(model, clone_function=clone_function, recursive=True)
    for clone in (flat, deep):
        assert isinstance(clone.layers[0], keras.Sequential)
        assert clone.layers[0] is not model.layers[0]
        assert clone.output_shape == (None, 1)
        _assert_independent(model, clone)
    # Not recursive: the nested model went through clone_function whole.
    assert flat.layers[0].layers[1].rate == 0.2
    assert deep.layers[0].layers[1].rate == 0.7

    # A nested model inside a Functional model, called twice: one clone.
    inner = _nested()
    inputs = keras.Input((4,))
    outputs = layers.Add()([inner(inputs), inner(inputs * 2.0)])
    outer = keras.Model(inputs, outputs)
    clone = clone_model(outer, recursive=True)
    assert len(clone.weights) == len(outer.weights) == 4
    clone.set_weights(outer.get_weights())
    np.testing.assert_allclose(np.asarray(clone(X)), np.asarray(outer(X)),
                               rtol=1e-5, atol=1e-6)


def test_compiled_model_clone_is_compiled_the_same_way():
    model = _sequential()
    model.compile(optimizer="sgd", loss="mse")
    clone = clone_model(model)
    assert clone.compiled
    assert clone.get_compile_config() == model.get_compile_config()
    assert not clone_model(_sequential()).compiled


class _Configured(keras.Model):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class _NoArgs(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(2)

    def call(self, inputs):
        return self.dense(inputs)


class _NoConfig(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)


def test_subclassed_models_clone_through_their_config():
    model = _Configured(3, name="custom")
    model(X)
    clone = clone_model(model)
    assert type(clone) is _Configured
    assert clone.units == 3 and clone.name == "custom"
    clone(X)
    _assert_independent(model, clone)
    assert type(clone_model(_NoArgs())) is _NoArgs
    with pytest.raises(ValueError, match=r"_NoConfig.*\['units'\].*get_conf"):
        clone_model(_NoConfig(2))
    with pytest.raises(ValueError, match="only supported for Sequential"):
        clone_model(model, clone_function=lambda layer: layer)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="expects a multikeras Model"):
        clone_model(layers.Dense(2))
    with pytest.raises(ValueError, match="unexpected keyword.*'foo'"):
        clone_model(_sequential(), foo=1)
    with pytest.raises(ValueError, match="clone_function` must be callable"):
        clone_model(_sequential(), clone_function=3)
    with pytest.raises(ValueError, match="must return a Layer"):
        clone_model(_sequential(), clone_function=lambda layer: None)
