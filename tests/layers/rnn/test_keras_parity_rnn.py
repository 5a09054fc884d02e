"""Parity with Keras 3 (skipped when keras is not installed): the same
config in both libraries, weights copied with get_weights/set_weights, the
same outputs, weight names, shapes and config keys."""

import importlib.util
import os

import numpy as np
import pytest

os.environ.setdefault(
    "KERAS_BACKEND", "jax" if importlib.util.find_spec("jax") else "numpy"
)
keras = pytest.importorskip("keras")

import multikeras  # noqa: E402
from multikeras import ops  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RNG = np.random.default_rng(7)
X = RNG.normal(size=(2, 6, 3)).astype("float32")
MASK = np.array([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], bool)

CASES = [
    ("SimpleRNN", dict(units=4, return_sequences=True), X),
    ("LSTM", dict(units=4), X),
    ("LSTM", dict(units=3, return_state=True, go_backwards=True,
                  unit_forget_bias=False), X),
    ("GRU", dict(units=4, return_sequences=True), X),
    ("GRU", dict(units=3, reset_after=False, return_state=True), X),
    ("ConvLSTM1D", dict(filters=2, kernel_size=3, padding="same",
                        return_sequences=True),
     RNG.normal(size=(2, 3, 5, 2)).astype("float32")),
    ("ConvLSTM2D", dict(filters=2, kernel_size=(2, 3), strides=(1, 2)),
     RNG.normal(size=(2, 3, 4, 5, 1)).astype("float32")),
]  # fmt: skip


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _theirs(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def _pair(name, config, x):
    theirs = getattr(keras.layers, name)(**config)
    ours = getattr(multikeras.layers, name)(**config)
    theirs.build(x.shape)
    ours.build(x.shape)
    weights = [RNG.normal(scale=0.4, size=w.shape).astype("float32")
               for w in theirs.get_weights()]  # fmt: skip
    theirs.set_weights(weights)
    ours.set_weights(weights)
    return theirs, ours


def _compare(got, want):
    got = got if isinstance(got, (list, tuple)) else [got]
    want = want if isinstance(want, (list, tuple)) else [want]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_allclose(_np(g), _theirs(w), rtol=1e-4,
                                   atol=1e-5)  # fmt: skip


@pytest.mark.parametrize(("name", "config", "x"), CASES)
def test_outputs_match_keras_with_copied_weights(name, config, x):
    theirs, ours = _pair(name, config, x)
    assert [w.shape for w in ours.weights] == [
        tuple(w.shape) for w in theirs.weights]
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    _compare(ours(x), theirs(x))
    if x.ndim == 3:
        _compare(ours(x, mask=MASK), theirs(x, mask=MASK))


@pytest.mark.parametrize(("name", "config", "x"), CASES[:5])
def test_defaults_and_config_keys_match_keras(name, config, x):
    theirs = getattr(keras.layers, name)(**config).get_config()
    ours = getattr(multikeras.layers, name)(**config).get_config()
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        if isinstance(value, (bool, int, float, str, type(None))) and (
            key != "name"
        ):
            assert ours[key] == value, key
        if isinstance(value, dict) and key != "dtype":
            assert ours[key]["class_name"] == value["class_name"], key


def test_bidirectional_and_time_distributed_match_keras():
    for make in (
        lambda m: m.layers.Bidirectional(
            m.layers.LSTM(3, return_sequences=True), merge_mode="ave"),
        lambda m: m.layers.Bidirectional(m.layers.GRU(2, return_state=True)),
        lambda m: m.layers.TimeDistributed(m.layers.Dense(2)),
    ):  # fmt: skip
        theirs, ours = make(keras), make(multikeras)
        theirs.build(X.shape)
        ours.build(X.shape)
        weights = [RNG.normal(scale=0.4, size=w.shape).astype("float32")
                   for w in theirs.get_weights()]  # fmt: skip
        theirs.set_weights(weights)
        ours.set_weights(weights)
        _compare(ours(X), theirs(X))
        if not isinstance(theirs, keras.layers.TimeDistributed):
            _compare(ours(X, mask=MASK), theirs(X, mask=MASK))
        assert set(ours.get_config()) == set(theirs.get_config())


def test_stacked_cells_match_keras():
    def make(m):
        return m.layers.RNN([m.layers.LSTMCell(3), m.layers.GRUCell(2)],
                            return_sequences=True)  # fmt: skip

    theirs, ours = make(keras), make(multikeras)
    theirs.build(X.shape)
    ours.build(X.shape)
    assert [w.shape for w in ours.weights] == [
        tuple(w.shape) for w in theirs.weights]
    ours.set_weights(theirs.get_weights())
    _compare(ours(X, mask=MASK), theirs(X, mask=MASK))
