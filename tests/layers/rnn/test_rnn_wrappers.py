"""Bidirectional and TimeDistributed against NumPy and their Keras
contracts (weight order, merge modes, states, masks)."""

import numpy as np
import pytest
from rnn_reference import lstm_step
from rnn_reference import run_rnn
from rnn_reference import simple_rnn_step

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask

RNG = np.random.default_rng(4)
X = RNG.normal(size=(3, 5, 4)).astype("float32")
MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 1, 1, 1, 0]], bool)


def _np(x):
    return ops.convert_to_numpy(x)


def _randomize(layer):
    weights = [RNG.normal(scale=0.5, size=w.shape).astype("float32")
               for w in layer.get_weights()]  # fmt: skip
    layer.set_weights(weights)
    return weights


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_bidirectional_matches_numpy(merge_mode):
    layer = layers.Bidirectional(layers.SimpleRNN(3, return_sequences=True),
                                 merge_mode=merge_mode)  # fmt: skip
    layer.build(X.shape)
    weights = _randomize(layer)
    assert [w.name for w in layer.weights] == [
        "kernel", "recurrent_kernel", "bias"] * 2
    assert layer.forward_layer.name.startswith("forward_")
    assert layer.backward_layer.go_backwards
    zeros = (np.zeros((3, 3)),)
    fwd, _ = run_rnn(lambda x, s: simple_rnn_step(x, s, *weights[:3]), X,
                     zeros, mask=MASK, zero_output_for_mask=True)
    bwd, _ = run_rnn(lambda x, s: simple_rnn_step(x, s, *weights[3:]), X,
                     zeros, mask=MASK, go_backwards=True,
                     zero_output_for_mask=True)  # fmt: skip
    bwd = bwd[:, ::-1]
    want = {
        "concat": np.concatenate([fwd, bwd], -1), "sum": fwd + bwd,
        "mul": fwd * bwd, "ave": (fwd + bwd) / 2, None: [fwd, bwd],
    }[merge_mode]  # fmt: skip
    got = layer(X, mask=MASK)
    if merge_mode is None:
        got = [_np(g) for g in got]
    np.testing.assert_allclose(_np(got) if merge_mode else got, want,
                               rtol=1e-5, atol=1e-5)  # fmt: skip


def test_bidirectional_states_and_initial_state_halves():
    layer = layers.Bidirectional(layers.LSTM(3, return_state=True))
    layer.build(X.shape)
    weights = _randomize(layer)
    init = [RNG.normal(size=(3, 3)).astype("float32") for _ in range(4)]
    out, fh, fc, bh, bc = layer(X, initial_state=init)
    fwd, (h, c) = run_rnn(lambda x, s: lstm_step(x, s, *weights[:3]), X,
                          tuple(init[:2]))
    bwd, (h2, c2) = run_rnn(lambda x, s: lstm_step(x, s, *weights[3:]), X,
                            tuple(init[2:]), go_backwards=True)
    np.testing.assert_allclose(_np(out), np.concatenate([h, h2], -1),
                               rtol=1e-5, atol=1e-5)  # fmt: skip
    for got, want in zip((fh, fc, bh, bc), (h, c, h2, c2)):
        np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)


def test_bidirectional_config_round_trip_and_weights_argument():
    layer = layers.Bidirectional(layers.GRU(2), merge_mode="sum")
    config = layer.get_config()
    assert set(config) >= {"merge_mode", "layer", "backward_layer"}
    clone = layers.Bidirectional.from_config(config)
    assert clone.get_config() == config
    layer.build(X.shape)
    weights = [np.full(w.shape, 0.1 * i, "float32")
               for i, w in enumerate(layer.get_weights())]  # fmt: skip
    preset = layers.Bidirectional(layers.GRU(2), merge_mode="sum",
                                  weights=weights)  # fmt: skip
    preset(X)
    for got, want in zip(preset.get_weights(), weights):
        np.testing.assert_array_equal(got, want)


def test_bidirectional_mask_propagates_with_sequences():
    inputs = keras.Input((5, 4))
    masked = layers.Masking()(inputs)
    out = layers.Bidirectional(layers.GRU(2, return_sequences=True))(masked)
    assert out.shape == (None, 5, 4)
    assert get_keras_mask(out).shape == (None, 5)


def test_time_distributed_applies_the_layer_to_each_step():
    layer = layers.TimeDistributed(layers.Dense(2))
    out = _np(layer(X))
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(out, X @ kernel + bias, rtol=1e-5, atol=1e-6)
    assert layer.weights[0].path == "time_distributed/dense/kernel"
    symbolic = layers.TimeDistributed(layers.Dense(2))(keras.Input((5, 4)))
    assert symbolic.shape == (None, 5, 2)


def test_time_distributed_passes_the_mask_on_and_keeps_it():
    class Recorder(keras.layers.Layer):
        def call(self, x, mask=None):
            self.seen = mask
            return x

    inner = Recorder()
    layer = layers.TimeDistributed(inner)
    out = layer(X, mask=MASK)
    assert tuple(inner.seen.shape) == (15,)
    np.testing.assert_array_equal(_np(inner.seen), MASK.reshape(-1))
    np.testing.assert_array_equal(_np(get_keras_mask(out)), MASK)
    with pytest.raises(ValueError, match=r"mask.*\(3, 5\)"):
        layer(X, mask=MASK[:, :4])
    with pytest.raises(ValueError, match=r"rank >= 3"):
        layers.TimeDistributed(layers.Dense(2))(X[:, 0])


CONFORMANCE = [
    (layers.Bidirectional, dict(
        init_kwargs={"layer": layers.LSTM(3)}, input_shape=(3, 5, 4),
        expected_output_shape=(3, 6), expected_num_trainable_weights=6,
        supports_masking=True,
    )),
    (layers.Bidirectional, dict(
        init_kwargs={"layer": layers.GRU(2, return_sequences=True,
                                         return_state=True),
                     "merge_mode": None},
        input_shape=(3, 5, 4),
        expected_output_shape=((3, 5, 2),) * 2 + ((3, 2),) * 2,
        expected_num_trainable_weights=6,
    )),
    (layers.TimeDistributed, dict(
        init_kwargs={"layer": layers.Dense(2)}, input_shape=(3, 5, 4),
        expected_output_shape=(3, 5, 2), expected_num_trainable_weights=2,
        supports_masking=True,
    )),
]  # fmt: skip
