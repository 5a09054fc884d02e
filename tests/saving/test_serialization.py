"""serialize_keras_object / deserialize_keras_object and the custom-object
registry (register_keras_serializable, custom_object_scope)."""

import json

import numpy as np
import pytest

import multikeras as keras
from multikeras import saving


def _round_trip(obj, **kwargs):
    config = json.loads(json.dumps(saving.serialize_keras_object(obj)))
    return config, saving.deserialize_keras_object(config, **kwargs)


def test_python_values_tuples_arrays_bytes():
    assert _round_trip(None)[1] is None
    assert _round_trip(3.5)[1] == 3.5
    config, value = _round_trip((1, (2, 3)))
    assert config["class_name"] == "__tuple__" and value == (1, (2, 3))
    array = np.arange(6, dtype="int16").reshape(2, 3)
    config, value = _round_trip(array)
    assert config["class_name"] == "__numpy__"
    assert value.dtype == np.int16
    np.testing.assert_array_equal(value, array)
    assert _round_trip(b"\x00\xffab")[1] == b"\x00\xffab"


def test_layer_config_round_trip_and_keras_module_names():
    layer = keras.layers.Dense(3, activation="relu", name="d")
    config, clone = _round_trip(layer)
    assert config["module"] == "multikeras.layers"
    assert config["class_name"] == "Dense"
    assert clone.get_config() == layer.get_config()
    # A config written by Keras names `keras.layers`.
    from_keras = saving.deserialize_keras_object({
        "module": "keras.layers", "class_name": "Dense",
        "config": {"units": 2, "name": "k"}, "registered_name": None,
    })
    assert isinstance(from_keras, keras.layers.Dense)
    assert from_keras.units == 2


class Tiny(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(3)

    def call(self, x):
        return self.dense(x)


def test_built_subclassed_model_comes_back_built():
    model = Tiny()
    model(np.ones((2, 4), "float32"))
    config, clone = _round_trip(model, custom_objects={"Tiny": Tiny})
    assert config["build_config"] == {"input_shape": [None, 4]}
    assert clone.built and clone.dense.kernel.shape == (4, 3)


def test_functions_and_lambdas():
    config, fn = _round_trip(keras.losses.mean_squared_error)
    assert config["class_name"] == "function"
    assert fn is keras.losses.mean_squared_error

    def square(x):
        return x * x

    with pytest.raises(ValueError, match="could not find the function "
                       "'square'"):
        _round_trip(square)
    assert _round_trip(square, custom_objects={"square": square})[1] is (
        square
    )
    config = json.loads(json.dumps(
        saving.serialize_keras_object(lambda x: x + 1)
    ))
    with pytest.raises(ValueError, match="safe_mode=False"):
        saving.deserialize_keras_object(config)
    restored = saving.deserialize_keras_object(config, safe_mode=False)
    assert restored(2) == 3


def test_unserializable_and_unknown_are_clear_errors():
    with pytest.raises(TypeError, match="cannot serialize"):
        saving.serialize_keras_object(object())
    with pytest.raises(ValueError, match="unknown class 'NoSuchLayer'"):
        saving.deserialize_keras_object({
            "module": "multikeras.layers", "class_name": "NoSuchLayer",
            "config": {},
        })


def test_register_and_lookup_names():
    @saving.register_keras_serializable(package="MyPkg", name="Twice")
    class Doubler(keras.layers.Layer):
        def call(self, x):
            return 2 * x

    try:
        assert saving.get_registered_name(Doubler) == "MyPkg>Twice"
        assert saving.get_registered_object("MyPkg>Twice") is Doubler
        assert saving.get_registered_object("absent") is None
        assert saving.get_registered_object(
            "x", custom_objects={"x": Doubler}) is Doubler
        config, clone = _round_trip(Doubler(name="dbl"))
        assert config["registered_name"] == "MyPkg>Twice"
        assert type(clone) is Doubler and clone.name == "dbl"
    finally:
        for key in ("MyPkg>Twice", "Twice"):
            saving.get_custom_objects().pop(key, None)

    with pytest.raises(ValueError, match="no get_config"):
        saving.register_keras_serializable()(type("Plain", (), {}))


def test_custom_object_scope_is_seen_by_lookups_only_inside():
    def my_act(x):
        return x

    objects = saving.get_custom_objects()
    with saving.custom_object_scope({"my_act": my_act}):
        assert keras.activations.get("my_act") is my_act
        assert "my_act" in objects and objects["my_act"] is my_act
        assert "my_act" not in list(objects)  # not added to the dict
        with saving.CustomObjectScope({}):
            assert "my_act" not in objects  # the inner scope replaces
    assert "my_act" not in objects
    with pytest.raises(ValueError, match="Unknown activation"):
        keras.activations.get("my_act")
    with pytest.raises(TypeError, match="expects a dict"):
        saving.CustomObjectScope(["my_act"])
    assert keras.utils.custom_object_scope is saving.CustomObjectScope
