"""Layer base behaviour against Keras 3 itself (skipped without keras):
weight order, nested variable paths, activity-regularizer losses, and
`training=` to a call that does not take it. Each case is written once
against the shared API and built with both libraries."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND",
    "jax" if importlib.util.find_spec("jax") is not None else "numpy",
)
keras = pytest.importorskip("keras")

import multikeras  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

X = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
SEQ = np.random.default_rng(1).normal(size=(2, 5, 3)).astype("float32")


def _non_trainable_first(k):
    class NonTrainableFirst(k.layers.Layer):
        def build(self, input_shape):
            self.a = self.add_weight(shape=(1,), trainable=False, name="a")
            self.b = self.add_weight(shape=(2,), name="b")
            self.c = self.add_weight(shape=(3,), trainable=False, name="c")
            self.d = self.add_weight(shape=(4,), name="d")

        def call(self, x):
            return x

    layer = NonTrainableFirst(name="nt")
    layer(X)
    return layer


def _frozen_kernel(k):
    layer = k.layers.Dense(2, name="frozen")
    layer(X)
    layer.kernel.trainable = False
    return layer


def _lora_constructor(k):
    layer = k.layers.Dense(2, lora_rank=2, name="lora")
    layer(X)
    return layer


def _lora_enabled_later(k):
    layer = k.layers.Dense(2, name="lora")
    layer(X)
    layer.enable_lora(1)
    return layer


def _holder(k, build_in):
    class Holder(k.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = k.layers.Dense(2, name="inner")

        def build(self, input_shape):
            if build_in == "build":
                self.inner.build(input_shape)
            self.w = self.add_weight(shape=(1,), name="w")

        def call(self, x):
            return self.inner(x) * self.w

    layer = Holder(name="holder")
    layer(X)
    return layer


def _spectral(k):
    layer = k.layers.SpectralNormalization(
        k.layers.Dense(2, name="d"), name="sn"
    )
    layer(X)
    return layer


def _time_distributed(k):
    layer = k.layers.TimeDistributed(k.layers.Dense(2, name="d"), name="td")
    layer(SEQ)
    return layer


def _bidirectional(k):
    layer = k.layers.Bidirectional(k.layers.LSTM(2, name="lstm"), name="bi")
    layer(SEQ)
    return layer


def _sequential(k):
    model = k.Sequential(
        [k.layers.Dense(2, name="s1"), k.layers.Dense(1, name="s2")],
        name="seq",
    )
    model(X)
    return model


CASES = {
    "non_trainable_first": _non_trainable_first,
    "frozen_kernel": _frozen_kernel,
    "lora_constructor": _lora_constructor,
    "lora_enabled_later": _lora_enabled_later,
    "holder_build": lambda k: _holder(k, "build"),
    "holder_call": lambda k: _holder(k, "call"),
    "spectral_normalization": _spectral,
    "time_distributed": _time_distributed,
    "bidirectional": _bidirectional,
    "sequential": _sequential,
}


def _described(variables):
    return [(v.path, tuple(v.shape)) for v in variables]


@pytest.mark.parametrize("case", sorted(CASES))
def test_weight_order_and_paths_match_keras(case):
    theirs, ours = CASES[case](keras), CASES[case](multikeras)
    assert _described(ours.weights) == _described(theirs.weights)
    assert _described(ours.trainable_weights) == _described(
        theirs.trainable_weights
    )
    assert _described(ours.non_trainable_weights) == _described(
        theirs.non_trainable_weights
    )
    assert [w.shape for w in ours.get_weights()] == [
        w.shape for w in theirs.get_weights()
    ]


@pytest.mark.parametrize("case", ["frozen_kernel", "lora_enabled_later"])
def test_copied_weights_give_keras_outputs(case):
    theirs, ours = CASES[case](keras), CASES[case](multikeras)
    rng = np.random.default_rng(2)
    values = [rng.normal(size=w.shape).astype("float32")
              for w in theirs.get_weights()]  # fmt: skip
    theirs.set_weights(values)
    ours.set_weights(values)
    np.testing.assert_allclose(
        multikeras.ops.convert_to_numpy(ours(X)),
        keras.ops.convert_to_numpy(theirs(X)), rtol=1e-5, atol=1e-6,
    )  # fmt: skip


def _two_outputs(k):
    class Two(k.layers.Layer):
        def call(self, x):
            return [x, 2.0 * x[:2]]

    return Two(activity_regularizer=k.regularizers.L2(0.3))


@pytest.mark.parametrize("make", [
    lambda k: k.layers.Dense(
        3, kernel_initializer="ones",
        activity_regularizer=k.regularizers.L1L2(0.1, 0.2),
    ),
    _two_outputs,
])  # fmt: skip
def test_activity_regularizer_losses_match_keras(make):
    theirs, ours = make(keras), make(multikeras)
    theirs(X)
    ours(X)
    np.testing.assert_allclose(
        [float(multikeras.ops.convert_to_numpy(v)) for v in ours.losses],
        [float(keras.ops.convert_to_numpy(v)) for v in theirs.losses],
        rtol=1e-5,
    )


def test_training_is_dropped_for_a_call_without_it_as_in_keras():
    theirs = keras.layers.LayerNormalization()(X, training=True)
    ours = multikeras.layers.LayerNormalization()(X, training=True)
    np.testing.assert_allclose(
        multikeras.ops.convert_to_numpy(ours),
        keras.ops.convert_to_numpy(theirs), rtol=1e-5, atol=1e-6,
    )  # fmt: skip
