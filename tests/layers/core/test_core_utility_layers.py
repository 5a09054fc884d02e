"""Identity, Lambda, Masking and Wrapper."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask

X = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]],
              [[0.0, 0.0], [5.0, 5.0], [5.0, 5.0]]], "float32")


def _np(x):
    return keras.ops.convert_to_numpy(x)


def test_identity_keeps_values_dtypes_structure_and_mask():
    ids = np.array([[1, 2]], "int32")
    out = layers.Identity()({"a": ids, "b": X})
    assert str(out["a"].dtype) == "int32"
    np.testing.assert_array_equal(_np(out["b"]), X)
    masked = layers.Identity()(layers.Masking()(X))
    np.testing.assert_array_equal(_np(get_keras_mask(masked)),
                                  np.any(X != 0, -1))  # fmt: skip


def test_masking_zeroes_and_masks_padding_steps():
    layer = layers.Masking(mask_value=5.0)
    out = layer(X)
    keep = np.any(X != 5.0, axis=-1)
    np.testing.assert_array_equal(_np(get_keras_mask(out)), keep)
    np.testing.assert_array_equal(_np(out), X * keep[..., None])


def test_masking_mask_reaches_a_layer_that_takes_it():
    inputs = keras.Input((3, 2))
    masked = layers.Masking()(inputs)
    summed = layers.Lambda(
        lambda x, mask: ops.sum(ops.cast(mask, "float32"), axis=1),
        output_shape=(),
    )(masked)
    model = keras.Model(inputs, summed)
    np.testing.assert_array_equal(_np(model(X)), [2.0, 2.0])


def _double(x, factor=2.0):
    return x * factor


def test_lambda_calls_the_function_with_arguments():
    layer = layers.Lambda(_double, arguments={"factor": 3.0})
    np.testing.assert_allclose(_np(layer(X)), X * 3)
    assert not layer.supports_masking
    assert layer.weights == []


def test_lambda_output_shape_forms():
    inputs = keras.Input((3, 2))
    assert layers.Lambda(lambda x: x[:, 0])(inputs).shape == (None, 2)
    fixed = layers.Lambda(lambda x: ops.reshape(x, (-1, 6)),
                          output_shape=(6,))  # fmt: skip
    assert fixed(inputs).shape == (None, 6)
    by_fn = layers.Lambda(lambda x: x, output_shape=lambda s: s)
    assert by_fn.compute_output_shape((None, 3, 2)) == (None, 3, 2)


def test_lambda_mask_argument():
    fixed = layers.Lambda(lambda x: x, mask=lambda inputs, mask: ops.any(
        ops.greater(inputs, 2.0), axis=-1))
    out = fixed(X)
    np.testing.assert_array_equal(_np(get_keras_mask(out)),
                                  np.any(X > 2, -1))  # fmt: skip


def test_lambda_config_round_trips_named_functions():
    layer = layers.Lambda(keras.activations.relu, output_shape=(3, 2))
    config = layer.get_config()
    assert config["function"]["class_name"] == "function"
    assert config["function"]["config"] == "relu"
    clone = layers.Lambda.from_config(config)
    assert clone.function is keras.activations.relu
    assert clone.get_config() == config


def test_lambda_python_lambdas_load_only_outside_safe_mode():
    config = layers.Lambda(lambda x: x * 4.0 + 1.0).get_config()
    assert config["function"]["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match=r"lambda.*safe_mode=False"):
        layers.Lambda.from_config(config)
    clone = layers.Lambda.from_config(config, safe_mode=False)
    np.testing.assert_allclose(_np(clone(X)), X * 4 + 1)


def test_lambda_closure_values_survive_serialization():
    scale = 7.0
    config = layers.Lambda(lambda x: x * scale).get_config()
    clone = layers.Lambda.from_config(config, safe_mode=False)
    np.testing.assert_allclose(_np(clone(X)), X * 7)


def test_lambda_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"callable.*function=3"):
        layers.Lambda(3)
    with pytest.raises(ValueError, match=r"arguments=\[1\]"):
        layers.Lambda(_double, arguments=[1])
    with pytest.raises(ValueError, match=r"could not find the function"):
        layers.Lambda.from_config({"function": {
            "class_name": "function", "module": "nowhere", "config": "f"}})


def test_wrapper_tracks_builds_and_serializes_the_inner_layer():
    inner = layers.Dense(2, kernel_initializer="ones")
    wrapper = layers.Wrapper(inner)
    out = _np(wrapper(X))
    np.testing.assert_allclose(out, np.repeat(X.sum(-1, keepdims=True), 2,
                                              -1))  # fmt: skip
    assert wrapper.weights == inner.weights
    config = wrapper.get_config()
    assert config["layer"]["class_name"] == "Dense"
    clone = layers.Wrapper.from_config(config)
    assert isinstance(clone.layer, layers.Dense)
    assert clone.layer.units == 2
    with pytest.raises(ValueError, match=r"Wrapper.*Layer.*layer=3"):
        layers.Wrapper(3)


def test_masking_rejects_a_non_number():
    with pytest.raises(ValueError, match=r"Masking.*mask_value='pad'"):
        layers.Masking(mask_value="pad")


CONFORMANCE = [
    (layers.Identity, dict(
        input_shape=(2, 3), expected_output_shape=(2, 3),
        expected_output_dtype="float32", expected_num_trainable_weights=0,
        supports_masking=True,
    )),
    (layers.Lambda, dict(
        init_kwargs={"function": keras.activations.relu}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=0,
        supports_masking=False,
    )),
    (layers.Masking, dict(
        init_kwargs={"mask_value": 0.0}, input_data=X,
        expected_output_shape=(2, 3, 2), expected_mask_shape=(2, 3),
        supports_masking=True,
    )),
    (layers.Wrapper, dict(
        init_kwargs={"layer": layers.Dense(2)}, input_shape=(2, 3),
        expected_output_shape=(2, 2), expected_num_trainable_weights=2,
    )),
]  # fmt: skip
