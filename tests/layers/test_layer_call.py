"""Layer base: the `training` flag, config round trips, output shapes and
`stateless_call`."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops


class _Recorder(keras.Layer):
    """Records the `training` value its call received."""

    def call(self, x, training=None):
        self.seen = training
        return x


class _TrainingByDefault(keras.Layer):
    def call(self, x, training=True):
        self.seen = training
        return x


class _Outer(keras.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, x, training=None):
        self.seen = training
        return self.inner(x)


class _OuterNoTrainingArg(keras.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, x):
        return self.inner(x)


class _Counter(keras.Layer):
    """Adds its trainable `w` to the input and counts calls in a
    non-trainable variable (like moving statistics)."""

    def build(self, input_shape):
        self.w = self.add_weight(
            shape=(input_shape[-1],), initializer="ones", name="w"
        )
        self.calls = self.add_weight(
            shape=(), initializer="zeros", trainable=False, name="calls"
        )

    def call(self, x):
        self.calls.assign(self.calls + 1.0)
        return x + self.w


X = np.ones((2, 3), "float32")


@pytest.mark.parametrize("training", [True, False])
def test_training_flag_reaches_nested_layers(training):
    inner = _Recorder()
    outer = _Outer(_Outer(inner))
    outer(X, training=training)
    assert inner.seen is training
    assert outer.seen is training


def test_training_flag_passes_through_a_call_without_training_arg():
    inner = _Recorder()
    _Outer(_OuterNoTrainingArg(inner))(X, training=True)
    assert inner.seen is True


def test_explicit_inner_training_overrides_the_outer_flag():
    inner = _Recorder()

    class Forced(keras.Layer):
        def __init__(self):
            super().__init__()
            self.inner = inner

        def call(self, x, training=None):
            return self.inner(x, training=False)

    Forced()(X, training=True)
    assert inner.seen is False


def test_training_defaults_to_the_layers_own_default():
    plain = _Recorder()
    plain(X)
    assert plain.seen is None
    eager = _TrainingByDefault()
    eager(X)
    assert eager.seen is True
    # Nested under a caller that did not set it: still its own default.
    nested = _TrainingByDefault()
    _OuterNoTrainingArg(nested)(X)
    assert nested.seen is True
    # An explicit outer value wins over the default.
    _Outer(nested)(X, training=False)
    assert nested.seen is False


def test_outer_default_training_reaches_nested_layers():
    inner = _Recorder()

    class TrainingOuter(keras.Layer):
        def __init__(self):
            super().__init__()
            self.inner = inner

        def call(self, x, training=True):
            return self.inner(x)

    TrainingOuter()(X)
    assert inner.seen is True


def test_training_flag_reaches_layers_inside_models():
    inner = _Recorder()
    model = keras.Sequential([keras.Input((3,)), inner])
    model(X, training=True)
    assert inner.seen is True
    model(X, training=False)
    assert inner.seen is False


def test_get_config_from_config_round_trip():
    layer = layers.Dense(
        4, activation="relu", use_bias=False, name="proj", trainable=False
    )
    config = layer.get_config()
    assert config["units"] == 4
    assert config["activation"] == "relu"
    assert config["name"] == "proj"
    clone = layers.Dense.from_config(config)
    assert clone.get_config() == config
    assert clone.units == 4 and clone.use_bias is False
    assert clone.trainable is False


def test_base_layer_config_round_trip():
    layer = _Recorder(name="rec", trainable=False, dtype="float16")
    config = layer.get_config()
    assert config == {"name": "rec", "trainable": False, "dtype": "float16"}
    clone = _Recorder.from_config(config)
    assert (clone.name, clone.trainable, clone.dtype) == (
        "rec", False, "float16"
    )


def test_compute_output_shape_of_dense():
    layer = layers.Dense(5)
    assert layer.compute_output_shape((None, 3)) == (None, 5)
    assert layer.compute_output_shape((2, 7, 3)) == (2, 7, 5)


def test_compute_output_shape_by_the_generic_symbolic_route():
    class Pairs(keras.Layer):
        def call(self, x):
            return ops.reshape(x, (-1, x.shape[1] // 2, 2))

    assert Pairs().compute_output_shape((4, 6)) == (4, 3, 2)


def test_compute_output_shape_builds_a_layer_with_weights():
    layer = _Counter()
    assert layer.compute_output_shape((None, 4)) == (None, 4)
    assert layer.built
    assert tuple(layer.w.shape) == (4,)


def test_compute_output_spec_on_symbolic_input_keeps_dtype():
    x = keras.Input((3,), dtype="float32")
    y = layers.Dense(2)(x)
    assert y.shape == (None, 2)
    assert y.dtype == "float32"


def test_stateless_call_is_pure_and_returns_new_non_trainable_values():
    layer = _Counter()
    layer.build((None, 3))
    before = [w.copy() for w in layer.get_weights()]
    trainable = [np.full((3,), 10.0, "float32")]
    non_trainable = [np.array(5.0, "float32")]
    outputs, new_non_trainable = layer.stateless_call(
        trainable, non_trainable, X
    )
    np.testing.assert_allclose(np.asarray(outputs), X + 10.0)
    assert len(new_non_trainable) == 1
    np.testing.assert_allclose(np.asarray(new_non_trainable[0]), 6.0)
    for old, new in zip(before, layer.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_stateful_call_updates_the_non_trainable_variable():
    layer = _Counter()
    out = layer(X)
    layer(X)
    np.testing.assert_allclose(np.asarray(out), X + 1.0)
    np.testing.assert_allclose(layer.calls.numpy(), 2.0)


def test_stateless_call_with_the_wrong_count_of_values():
    layer = _Counter()
    layer.build((None, 3))
    with pytest.raises(ValueError, match=r"expects 1 trainable_variables"):
        layer.stateless_call([], [np.array(0.0, "float32")], X)


def test_stateless_call_before_build_raises():
    with pytest.raises(ValueError, match=r"'dense'.*built"):
        layers.Dense(2).stateless_call([], [], X)
