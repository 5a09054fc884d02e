"""Input / InputLayer: shapes, dtypes, errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def test_input_shape_gets_a_free_batch_dimension():
    x = keras.Input(shape=(3, 4))
    assert x.shape == (None, 3, 4)
    assert x.dtype == "float32"


def test_input_int_shape_and_batch_size():
    x = keras.Input(shape=5, batch_size=8)
    assert x.shape == (8, 5)


def test_input_batch_shape_and_dtype():
    x = keras.Input(batch_shape=(2, None, 3), dtype="int32", name="ids")
    assert x.shape == (2, None, 3)
    assert x.dtype == "int32"
    assert x.name == "ids"


def test_input_layer_holds_its_output_tensor():
    layer = layers.InputLayer(shape=(6,), dtype="float16", name="inp")
    assert layer.batch_shape == (None, 6)
    assert layer.output.shape == (None, 6)
    assert layer.output.dtype == "float16"
    assert layer.built
    assert layer.weights == []
    assert layer.get_config()["batch_shape"] == (None, 6)


def test_input_layer_config_round_trip():
    layer = layers.InputLayer(shape=(2, 3), dtype="int32", name="tokens")
    clone = layers.InputLayer.from_config(layer.get_config())
    assert clone.batch_shape == (None, 2, 3)
    assert clone.dtype == "int32"
    assert clone.name == "tokens"


def test_model_casts_data_to_the_input_dtype():
    x = keras.Input(shape=(3,), dtype="int32")
    model = keras.Model(x, x + 1)
    out = np.asarray(model(np.array([[1.5, 2.0, 3.0]], "float32")))
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [[2, 3, 4]])


def test_input_without_shape_raises():
    with pytest.raises(ValueError, match=r"InputLayer needs a `shape`"):
        keras.Input()


def test_input_with_shape_and_batch_shape_raises():
    with pytest.raises(ValueError, match=r"not both.*shape=\(3,\)"):
        keras.Input(shape=(3,), batch_shape=(None, 3))
