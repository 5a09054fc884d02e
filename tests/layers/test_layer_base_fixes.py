"""Layer base behaviour checked against what Keras 3 does: special call
arguments a `call` does not take, the activity-regularization loss, the
order of weights, masks on NumPy inputs, and nested variable paths.

The Keras values written here were read from keras 3.15.1; the same checks
run against keras itself in test_keras_parity_layer_base.py when it is
installed.
"""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask
from multikeras.backend.common.masking import set_keras_mask

X = np.arange(12, dtype="float32").reshape(4, 3) / 10.0


class _SeesTraining(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, x, training=None):
        self.seen.append(training)
        return x


class _NoTrainingArg(layers.Layer):
    """Its `call` takes neither `training` nor `mask`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = _SeesTraining()

    def call(self, x):
        return self.inner(x)


# ------------------------------------------------- 1. training= / mask=
def test_training_to_a_call_without_it_is_dropped():
    out = layers.LayerNormalization()(X, training=True)
    mean = X.mean(-1, keepdims=True)
    want = (X - mean) / np.sqrt(X.var(-1, keepdims=True) + 1e-3)
    np.testing.assert_allclose(
        ops.convert_to_numpy(out), want, rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize("training", [True, False])
def test_dropped_training_still_reaches_sublayers(training):
    outer = _NoTrainingArg()
    outer(X, training=training)
    assert outer.inner.seen == [training]


def test_dropped_training_reaches_sublayers_symbolically():
    outer = _NoTrainingArg()
    outer(keras.Input((3,)), training=True)
    assert outer.inner.seen[-1] is True


def test_mask_to_a_call_without_it_is_dropped_but_propagates():
    mask = np.array([True, False, True, True])
    # Dense's call takes no mask; it supports masking, so the mask given
    # is the mask of its output.
    out = layers.Dense(2)(X, mask=mask)
    assert out.shape == (4, 2)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(get_keras_mask(out)), mask
    )


def test_explicit_mask_reaches_a_call_with_var_kwargs():
    class TakesKwargs(layers.Layer):
        def call(self, x, **kwargs):
            self.kwargs = kwargs
            return x

    layer = TakesKwargs()
    mask = np.array([True, False, True, True])
    layer(X, mask=mask, training=True)
    # As Keras: an explicit mask goes into **kwargs, `training` does not.
    assert list(layer.kwargs) == ["mask"]


# --------------------------------------------- 2. activity regularizer
def test_activity_regularizer_loss_is_divided_by_the_batch_size():
    layer = layers.Dense(
        2, kernel_initializer="ones",
        activity_regularizer=keras.regularizers.L2(0.1),
    )  # fmt: skip
    y = X @ np.ones((3, 2), "float32")
    layer(X)
    (loss,) = layer.losses
    # Keras 3.15: regularizer(output) / batch_size.
    np.testing.assert_allclose(
        float(ops.convert_to_numpy(loss)), 0.1 * np.sum(y**2) / 4, rtol=1e-6
    )


def test_activity_regularizer_divides_each_output_by_its_batch():
    class Two(layers.Layer):
        def call(self, x):
            return [x, 2.0 * x[:2]]

    layer = Two(activity_regularizer=keras.regularizers.L1(0.5))
    layer(X)
    got = [float(ops.convert_to_numpy(v)) for v in layer.losses]
    want = [0.5 * np.abs(X).sum() / 4, 0.5 * np.abs(2 * X[:2]).sum() / 2]
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_activity_regularizer_of_a_scalar_output_is_not_divided():
    class Total(layers.Layer):
        def call(self, x):
            return ops.sum(x)

    layer = Total(activity_regularizer=lambda v: 2.0 * v)
    layer(X)
    np.testing.assert_allclose(
        float(ops.convert_to_numpy(layer.losses[0])), 2.0 * X.sum(),
        rtol=1e-6,
    )  # fmt: skip


def test_activity_regularization_reaches_the_evaluated_loss():
    inputs = keras.Input((3,))
    dense = layers.Dense(
        2, kernel_initializer="ones", bias_initializer="zeros",
        activity_regularizer=keras.regularizers.L2(0.1),
    )  # fmt: skip
    model = keras.Model(inputs, dense(inputs))
    model.compile(loss="mse")
    y = X @ np.ones((3, 2), "float32")
    target = np.zeros((4, 2), "float32")
    loss = model.evaluate(X, target, batch_size=4, verbose=0)
    want = np.mean(y**2) + 0.1 * np.sum(y**2) / 4
    np.testing.assert_allclose(loss, want, rtol=1e-5)


# ------------------------------------------------------ 3. weight order
class _NonTrainableFirst(layers.Layer):
    def build(self, input_shape):
        self.a = self.add_weight(shape=(1,), trainable=False, name="a")
        self.b = self.add_weight(shape=(2,), name="b")
        self.c = self.add_weight(shape=(3,), trainable=False, name="c")
        self.d = self.add_weight(shape=(4,), name="d")

    def call(self, x):
        return x


def _names(variables):
    return [v.path.rsplit("/", 1)[-1] for v in variables]


def test_weights_list_creation_time_trainables_first():
    layer = _NonTrainableFirst()
    layer(X)
    # Keras: ['b', 'd', 'a', 'c'].
    assert _names(layer.weights) == ["b", "d", "a", "c"]
    assert [w.shape for w in layer.get_weights()] == [(2,), (4,), (1,), (3,)]
    assert _names(layer.trainable_weights) == ["b", "d"]
    assert _names(layer.non_trainable_weights) == ["a", "c"]


def test_a_kernel_frozen_later_keeps_its_place():
    layer = layers.Dense(2)
    layer(X)
    layer.kernel.trainable = False
    # Keras: weights ['kernel', 'bias'], trainable ['bias'].
    assert _names(layer.weights) == ["kernel", "bias"]
    assert [w.shape for w in layer.get_weights()] == [(3, 2), (2,)]
    assert _names(layer.trainable_weights) == ["bias"]
    assert _names(layer.non_trainable_weights) == ["kernel"]


@pytest.mark.parametrize("when", ["constructor", "enable_lora"])
def test_lora_weights_follow_keras_order(when):
    if when == "constructor":
        layer = layers.Dense(2, lora_rank=1)
        layer(X)
    else:
        layer = layers.Dense(2)
        layer(X)
        layer.enable_lora(1)
    # Keras: ['kernel', 'bias', 'lora_kernel_a', 'lora_kernel_b'].
    assert _names(layer.weights) == [
        "kernel", "bias", "lora_kernel_a", "lora_kernel_b"
    ]
    assert [w.shape for w in layer.get_weights()] == [
        (3, 2), (2,), (3, 1), (1, 2)
    ]
    assert _names(layer.trainable_weights) == [
        "bias", "lora_kernel_a", "lora_kernel_b"
    ]
    assert _names(layer.non_trainable_weights) == ["kernel"]
    # stateless_call takes the values in the same (filtered) order.
    values = [v.value for v in layer.trainable_variables]
    out, _ = layer.stateless_call(
        values, [layer._kernel.value], X
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(out), ops.convert_to_numpy(layer(X)), rtol=1e-6
    )


def test_set_weights_then_get_weights_round_trips_with_lora():
    layer = layers.Dense(2, lora_rank=1)
    layer(X)
    values = [np.full(w.shape, i + 1.0, "float32")
              for i, w in enumerate(layer.get_weights())]  # fmt: skip
    layer.set_weights(values)
    for got, want in zip(layer.get_weights(), values):
        np.testing.assert_array_equal(got, want)
    # kernel 1 + (alpha / rank) * a @ b = 1 + 3 * 4 = 13; bias 2.
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(X)),
        X @ np.full((3, 2), 13.0) + 2.0, rtol=1e-5,
    )  # fmt: skip


# -------------------------------------------- 4. masks on NumPy inputs
class _ReadsMask(layers.Layer):
    def call(self, x, mask=None):
        self.mask = mask
        return x


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_mask_on_a_numpy_input_survives_conversion(dtype):
    # float64 is cast to float32 on every backend, so the layer computes on
    # a new array; on JAX even float32 becomes a new (device) array.
    x = np.ones((2, 3, 4), dtype)
    mask = np.array([[True, True, False], [True, False, False]])
    set_keras_mask(x, mask)
    layer = _ReadsMask()
    out = layer(x)
    assert layer.mask is not None
    np.testing.assert_array_equal(ops.convert_to_numpy(layer.mask), mask)
    # ...and a masking layer passes it on to its output.
    masked = layers.Activation("relu")(x)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(get_keras_mask(masked)), mask
    )
    assert out.shape == (2, 3, 4)


# ------------------------------------------------- 5. nested weight paths
def _paths(layer):
    return [w.path for w in layer.weights]


def test_wrapper_nests_the_wrapped_layer_paths():
    wrapper = layers.Wrapper(layers.Dense(2, name="inner"), name="wrap")
    wrapper(X)
    assert _paths(wrapper) == ["wrap/inner/kernel", "wrap/inner/bias"]


def test_spectral_normalization_paths_follow_keras():
    sn = layers.SpectralNormalization(layers.Dense(2, name="d"), name="sn")
    sn(X)
    # Keras: kernel, vector_u, bias (the wrapper tracks the kernel itself).
    assert _paths(sn) == ["sn/d/kernel", "sn/vector_u", "sn/d/bias"]


def test_time_distributed_nests_paths():
    td = layers.TimeDistributed(layers.Dense(2, name="d"), name="td")
    td(np.ones((2, 3, 4), "float32"))
    assert _paths(td) == ["td/d/kernel", "td/d/bias"]


def test_sublayer_built_in_build_or_call_nests_its_paths():
    class BuiltInBuild(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.d = layers.Dense(2, name="d")

        def build(self, input_shape):
            self.d.build(input_shape)
            self.w = self.add_weight(shape=(1,), name="w")

        def call(self, x):
            return self.d(x) * self.w

    class BuiltInCall(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.d = layers.Dense(2, name="d")

        def call(self, x):
            return self.d(x)

    a = BuiltInBuild(name="a")
    a(X)
    assert _paths(a) == ["a/w", "a/d/kernel", "a/d/bias"]
    b = BuiltInCall(name="b")
    b(X)
    assert _paths(b) == ["b/d/kernel", "b/d/bias"]


def test_a_layer_built_before_wrapping_keeps_its_paths():
    dense = layers.Dense(2, name="solo")
    dense(X)
    wrapper = layers.Wrapper(dense, name="wrap")
    wrapper(X)
    assert _paths(wrapper) == ["solo/kernel", "solo/bias"]


def test_variables_created_later_keep_the_first_build_path():
    class Lazy(layers.Layer):
        def call(self, x):
            if not hasattr(self, "late"):
                self.late = self.add_weight(shape=(), name="late")
            return x * self.late

    class Holder(layers.Layer):
        def __init__(self, inner, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner

        def call(self, x):
            return self.inner(x)

    lazy = Lazy(name="lazy")
    lazy.build((None, 3))  # first scope opened at the top level
    Holder(lazy, name="holder")(X)
    assert lazy.late.path == "lazy/late"


def test_functional_and_sequential_paths():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layers.Dense(2, name="f")(inputs))
    assert _paths(model) == ["f/kernel", "f/bias"]
    seq = keras.Sequential([layers.Dense(2, name="s")], name="seq")
    seq(X)
    # Keras builds a Sequential's layers in its own scope.
    assert _paths(seq) == ["seq/s/kernel", "seq/s/bias"]


def test_own_name_scope_in_build_is_not_doubled():
    # Keras would give "b/b/d/kernel"; a scope named like the layer, opened
    # inside that layer's own scope, adds nothing here.
    class ExplicitScope(layers.Layer):
        def build(self, input_shape):
            with keras.name_scope(self.name):
                self.d = layers.Dense(2, name="d")
                self.d.build(input_shape)

        def call(self, x):
            return self.d(x)

    layer = ExplicitScope(name="b")
    layer(X)
    assert _paths(layer) == ["b/d/kernel", "b/d/bias"]


def test_plain_name_scopes_nest():
    with keras.name_scope("a"):
        with keras.name_scope("a"):
            v = keras.Variable(1.0, name="v")
    assert v.path == "a/a/v"


def test_name_scope_rejects_a_slash():
    with pytest.raises(ValueError, match="without '/'.*name='a/b'"):
        keras.name_scope("a/b")
