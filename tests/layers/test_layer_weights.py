"""Layer base: weight creation, order, trainability, counting, paths."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


class _Scaled(keras.Layer):
    """One non-trainable weight created BEFORE a trainable one, plus two
    sublayers: `weights` must still list own trainable first."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Dense(3, name="first")
        self.second = layers.Dense(2, name="second")

    def build(self, input_shape):
        self.offset = self.add_weight(
            shape=(2,), initializer="ones", trainable=False, name="offset"
        )
        self.scale = self.add_weight(
            shape=(2,), initializer="ones", name="scale"
        )

    def call(self, x):
        return self.second(self.first(x)) * self.scale + self.offset


def test_weights_are_created_on_first_call_from_input_shape():
    layer = layers.Dense(3)
    assert not layer.built
    assert layer.weights == []
    layer(np.ones((2, 5), "float32"))
    assert layer.built
    assert [tuple(w.shape) for w in layer.weights] == [(5, 3), (3,)]


def test_custom_layer_builds_from_the_input_shape():
    class PerFeature(keras.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), name="w")

        def call(self, x):
            return x * self.w

    layer = PerFeature()
    layer(np.ones((4, 2, 7), "float32"))
    assert tuple(layer.w.shape) == (7,)
    # A second call does not rebuild (same variable object).
    w = layer.w
    layer(np.ones((4, 2, 7), "float32"))
    assert layer.w is w


def test_weights_order_is_own_trainable_then_own_non_trainable_then_sublayers():
    layer = _Scaled(name="outer")
    layer(np.ones((1, 4), "float32"))
    # Sublayers built during the outer layer's first call nest their
    # paths under it, as in Keras.
    assert [w.path for w in layer.weights] == [
        "outer/scale",
        "outer/offset",
        "outer/first/kernel",
        "outer/first/bias",
        "outer/second/kernel",
        "outer/second/bias",
    ]
    shapes = [w.shape for w in layer.get_weights()]
    assert shapes == [(2,), (2,), (4, 3), (3,), (3, 2), (2,)]
    assert [w.path for w in layer.trainable_weights] == [
        "outer/scale",
        "outer/first/kernel",
        "outer/first/bias",
        "outer/second/kernel",
        "outer/second/bias",
    ]
    assert [w.path for w in layer.non_trainable_weights] == ["outer/offset"]


def test_get_weights_returns_values_matching_variables():
    layer = layers.Dense(2, bias_initializer="ones")
    layer.build((None, 3))
    kernel, bias = layer.get_weights()
    np.testing.assert_array_equal(kernel, np.asarray(layer.kernel.value))
    np.testing.assert_array_equal(bias, np.ones(2, "float32"))


def test_set_weights_round_trip_changes_outputs():
    layer = layers.Dense(2)
    layer.build((None, 3))
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    bias = np.array([1.0, -1.0], "float32")
    layer.set_weights([kernel, bias])
    x = np.array([[1.0, 2.0, 3.0]], "float32")
    np.testing.assert_allclose(np.asarray(layer(x)), x @ kernel + bias)
    np.testing.assert_array_equal(layer.get_weights()[0], kernel)


def test_trainable_false_moves_weights_to_non_trainable_recursively():
    layer = _Scaled()
    layer(np.ones((1, 4), "float32"))
    all_paths = [w.path for w in layer.weights]
    layer.trainable = False
    assert layer.trainable_weights == []
    assert [w.path for w in layer.non_trainable_weights] == all_paths
    assert not layer.first.trainable and not layer.second.trainable
    assert layer.first.trainable_weights == []
    assert len(layer.first.non_trainable_weights) == 2


def test_trainable_true_again_restores_the_original_split():
    layer = _Scaled()
    layer(np.ones((1, 4), "float32"))
    before = [w.path for w in layer.trainable_weights]
    layer.trainable = False
    layer.trainable = True
    assert [w.path for w in layer.trainable_weights] == before
    # A weight created non-trainable stays non-trainable.
    assert [w.path for w in layer.non_trainable_weights] == [
        layer.offset.path
    ]


def test_freezing_a_sublayer_removes_its_weights_from_parent_trainables():
    layer = _Scaled()
    layer(np.ones((1, 4), "float32"))
    layer.first.trainable = False
    trainable = {w.path for w in layer.trainable_weights}
    frozen = {w.path for w in layer.non_trainable_weights}
    first = [layer.first.kernel.path, layer.first.bias.path]
    assert first[0] not in trainable
    assert {*first, layer.offset.path} == frozen
    assert {v.path for v in layer.trainable_variables} == trainable


def test_trainable_constructor_argument_freezes_the_layer():
    layer = layers.Dense(2, trainable=False)
    layer.build((None, 3))
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2


def test_count_params_counts_every_weight():
    layer = _Scaled()
    layer(np.ones((1, 4), "float32"))
    assert layer.count_params() == 2 + 2 + (4 * 3 + 3) + (3 * 2 + 2)
    no_bias = layers.Dense(5, use_bias=False)
    no_bias.build((None, 7))
    assert no_bias.count_params() == 35


def test_count_params_before_build_raises():
    with pytest.raises(ValueError, match=r"'dense'.*not built"):
        layers.Dense(2).count_params()


def test_variable_paths_are_layer_name_slash_weight_name():
    layer = layers.Dense(2)
    layer.build((None, 3))
    assert [w.path for w in layer.weights] == ["dense/kernel", "dense/bias"]
    assert layer.kernel.name == "kernel"
    second = layers.Dense(2)
    second.build((None, 3))
    assert second.kernel.path == "dense_1/kernel"
    named = layers.Dense(2, name="proj")
    named.build((None, 3))
    assert named.bias.path == "proj/bias"


def test_variables_include_seed_state_but_weights_do_not():
    dropout = layers.Dropout(0.5, seed=1)
    assert dropout.weights == []
    assert len(dropout.variables) == 1
    assert dropout.non_trainable_variables == dropout.variables
    assert dropout.trainable_variables == []


def test_sublayers_in_lists_and_dicts_are_tracked():
    class Holder(keras.Layer):
        def __init__(self):
            super().__init__()
            self.stack = [layers.Dense(2), layers.Dense(3)]
            self.by_name = {"head": layers.Dense(1)}

        def call(self, x):
            for layer in self.stack:
                x = layer(x)
            return self.by_name["head"](x)

    holder = Holder()
    out = holder(np.ones((2, 4), "float32"))
    assert tuple(out.shape) == (2, 1)
    assert len(holder.layers) == 3
    assert len(holder.weights) == 6


def test_calling_a_custom_build_directly_marks_the_layer_built():
    class Custom(keras.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 2), name="w")

        def call(self, x):
            return x @ self.w

    layer = Custom()
    layer.build((None, 3))
    assert layer.built
    assert layer.count_params() == 6
    w = layer.w
    layer(np.ones((1, 3), "float32"))
    assert layer.w is w  # the call did not build again

