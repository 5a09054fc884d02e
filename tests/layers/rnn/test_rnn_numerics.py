"""SimpleRNN, LSTM and GRU against NumPy written out step by step, with
masks, go_backwards, initial states and return_state."""

import numpy as np
import pytest
from rnn_reference import gru_step
from rnn_reference import lstm_step
from rnn_reference import run_rnn
from rnn_reference import simple_rnn_step

from multikeras import layers
from multikeras import ops

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 5, 4)).astype("float32")
MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [0, 1, 1, 0, 1]], bool)


def _random_weights(layer):
    """Random values (biases included) for every weight of a built layer."""
    weights = [
        RNG.normal(scale=0.5, size=w.shape).astype("float32")
        for w in layer.get_weights()
    ]  # fmt: skip
    layer.set_weights(weights)
    return weights


def _np(x):
    return ops.convert_to_numpy(x)


CASES = {
    "simple_rnn": (lambda **kw: layers.SimpleRNN(3, **kw),
                   simple_rnn_step, 1),
    "lstm": (lambda **kw: layers.LSTM(3, **kw), lstm_step, 2),
    "gru": (lambda **kw: layers.GRU(3, **kw), gru_step, 1),
    "gru_reset_before": (
        lambda **kw: layers.GRU(3, reset_after=False, **kw),
        lambda x, s, *w: gru_step(x, s, *w, reset_after=False), 1,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize(("masked", "go_backwards"), [(False, False),
                                                     (True, True)])
def test_layer_matches_numpy_loop(name, masked, go_backwards):
    make, step, n_states = CASES[name]
    layer = make(return_sequences=True, return_state=True,
                 go_backwards=go_backwards)  # fmt: skip
    layer.build(X.shape)
    weights = _random_weights(layer)
    mask = MASK if masked else None
    out, *states = layer(X, mask=mask)
    zeros = tuple(np.zeros((3, 3), "float32") for _ in range(n_states))
    want, want_states = run_rnn(
        lambda x, s: step(x, s, *weights), X, zeros, mask=mask,
        go_backwards=go_backwards,
    )  # fmt: skip
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    assert len(states) == n_states
    for got, expected in zip(states, want_states):
        np.testing.assert_allclose(_np(got), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["lstm", "gru"])
def test_initial_state_and_last_output(name):
    make, step, n_states = CASES[name]
    layer = make()
    layer.build(X.shape)
    weights = _random_weights(layer)
    init = [RNG.normal(size=(3, 3)).astype("float32")
            for _ in range(n_states)]  # fmt: skip
    out = layer(X, initial_state=init)
    want, _ = run_rnn(lambda x, s: step(x, s, *weights), X, tuple(init))
    assert out.shape == (3, 3)
    np.testing.assert_allclose(_np(out), want[:, -1], rtol=1e-5, atol=1e-5)


def test_zero_output_for_mask_outputs_zeros_at_masked_steps():
    layer = layers.RNN(layers.LSTMCell(3), return_sequences=True,
                       zero_output_for_mask=True)  # fmt: skip
    layer.build(X.shape)
    weights = _random_weights(layer)
    out = _np(layer(X, mask=MASK))
    zeros = (np.zeros((3, 3), "float32"),) * 2
    want, _ = run_rnn(lambda x, s: lstm_step(x, s, *weights), X, zeros,
                      mask=MASK, zero_output_for_mask=True)  # fmt: skip
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)
    assert np.all(out[~MASK] == 0) and np.all(out[MASK] != 0)


def test_unroll_gives_the_same_numbers():
    rolled = layers.GRU(3, return_sequences=True)
    rolled.build(X.shape)
    weights = _random_weights(rolled)
    unrolled = layers.GRU(3, return_sequences=True, unroll=True)
    unrolled.build(X.shape)
    unrolled.set_weights(weights)
    np.testing.assert_allclose(_np(unrolled(X, mask=MASK)),
                               _np(rolled(X, mask=MASK)), rtol=1e-5,
                               atol=1e-6)  # fmt: skip


def test_cells_called_directly_match_numpy():
    x, h = X[:, 0], RNG.normal(size=(3, 3)).astype("float32")
    for cell, step, states in (
        (layers.LSTMCell(3), lstm_step, [h, h * 2]),
        (layers.GRUCell(3), gru_step, [h]),
        (layers.GRUCell(3, reset_after=False),
         lambda x, s, *w: gru_step(x, s, *w, reset_after=False), [h]),
        (layers.SimpleRNNCell(3), simple_rnn_step, [h]),
    ):  # fmt: skip
        cell.build(x.shape)
        weights = _random_weights(cell)
        out, new_states = cell(x, states)
        want, want_states = step(x, tuple(states), *weights)
        np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
        for got, expected in zip(new_states, want_states):
            np.testing.assert_allclose(_np(got), expected, rtol=1e-5,
                                       atol=1e-5)  # fmt: skip


def test_stacked_cells_feed_each_other():
    layer = layers.RNN([layers.SimpleRNNCell(4), layers.LSTMCell(3)],
                       return_sequences=True)  # fmt: skip
    layer.build(X.shape)
    weights = _random_weights(layer)
    out = _np(layer(X))

    def stacked(x, state):
        (h1,), (h2, c2) = state[:1], state[1:]
        y, (h1,) = simple_rnn_step(x, (h1,), *weights[:3])
        y, (h2, c2) = lstm_step(y, (h2, c2), *weights[3:])
        return y, (h1, h2, c2)

    init = (np.zeros((3, 4)), np.zeros((3, 3)), np.zeros((3, 3)))
    want, _ = run_rnn(stacked, X, init)
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_unit_forget_bias_initializes_the_forget_gate_to_one():
    layer = layers.LSTM(3)
    layer.build(X.shape)
    np.testing.assert_array_equal(layer.get_weights()[2],
                                  [0] * 3 + [1] * 3 + [0] * 6)  # fmt: skip
    plain = layers.LSTM(3, unit_forget_bias=False)
    plain.build(X.shape)
    np.testing.assert_array_equal(plain.get_weights()[2], np.zeros(12))


def test_recurrent_kernel_is_orthogonal_by_default():
    layer = layers.SimpleRNN(3)
    layer.build(X.shape)
    u = layer.get_weights()[1]
    np.testing.assert_allclose(u @ u.T, np.eye(3), atol=1e-5)
