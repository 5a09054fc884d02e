"""RNN behaviour: conformance rows, return_state, stateful, masks through a
model, dropout, config round trips, bad arguments, and (JAX) one trace of
the train step."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask

X = np.random.default_rng(1).normal(size=(3, 5, 4)).astype("float32")
H = np.zeros((3, 3), "float32")


def _np(x):
    return ops.convert_to_numpy(x)


def test_return_state_shapes_and_final_state_is_last_output():
    out, h, c = layers.LSTM(3, return_state=True)(X)
    assert out.shape == h.shape == c.shape == (3, 3)
    np.testing.assert_allclose(_np(out), _np(h))
    seq, h = layers.GRU(3, return_sequences=True, return_state=True)(X)
    assert seq.shape == (3, 5, 3)
    np.testing.assert_allclose(_np(seq)[:, -1], _np(h))


def test_symbolic_return_state_in_a_functional_model():
    inputs = keras.Input((5, 4))
    out, h, c = layers.LSTM(3, return_state=True)(inputs)
    assert out.shape == h.shape == c.shape == (None, 3)
    seq = layers.LSTM(3, return_sequences=True)(inputs, initial_state=[h, c])
    assert seq.shape == (None, 5, 3)
    model = keras.Model(inputs, seq)
    assert model.predict(X, verbose=0).shape == (3, 5, 3)


def test_stateful_carries_states_between_calls_and_resets():
    layer = layers.SimpleRNN(3, stateful=True)
    plain = layers.SimpleRNN(3)
    layer.build(X.shape)
    plain.build(X.shape)
    plain.set_weights(layer.get_weights())
    # States are non-trainable variables, not weights.
    assert len(layer.weights) == 3
    assert len(layer.non_trainable_variables) == 1
    first = _np(layer(X[:, :2]))
    second = _np(layer(X[:, 2:]))
    np.testing.assert_allclose(first, _np(plain(X[:, :2])), atol=1e-6)
    np.testing.assert_allclose(second, _np(plain(X)), atol=1e-6)
    np.testing.assert_allclose(_np(layer.states[0].value), second)
    layer.reset_states()
    np.testing.assert_array_equal(_np(layer.states[0].value), 0)
    np.testing.assert_allclose(_np(layer(X[:, 2:])), _np(plain(X[:, 2:])),
                               atol=1e-6)  # fmt: skip


def test_stateful_needs_a_static_batch_and_the_same_batch():
    with pytest.raises(ValueError, match="static batch size"):
        layers.LSTM(2, stateful=True)(keras.Input((5, 4)))
    layer = layers.LSTM(2, stateful=True)
    layer(X)
    with pytest.raises(ValueError, match="batch size 3"):
        layer(X[:2])


def test_mask_from_masking_layer_reaches_the_rnn_and_propagates():
    x = X.copy()
    x[1, 3:] = 0.0
    inputs = keras.Input((5, 4))
    masked = layers.Masking()(inputs)
    seq = layers.GRU(3, return_sequences=True)(masked)
    assert get_keras_mask(seq).shape == (None, 5)
    last = layers.GRU(3)(masked)
    assert get_keras_mask(last) is None
    model = keras.Model(inputs, [seq, last])
    gru = model.layers[2]
    got_seq, _ = model.predict(x, verbose=0)
    want = _np(gru(x, mask=np.any(x != 0, axis=-1)))
    np.testing.assert_allclose(got_seq, want, rtol=1e-5, atol=1e-6)
    # Masked steps repeat the last unmasked output.
    np.testing.assert_allclose(got_seq[1, 3], got_seq[1, 2], atol=1e-6)


def test_dropout_only_in_training_and_same_mask_over_time():
    layer = layers.SimpleRNN(3, dropout=0.5, recurrent_dropout=0.3, seed=1,
                             return_sequences=True)  # fmt: skip
    inference = _np(layer(X))
    np.testing.assert_allclose(inference, _np(layer(X, training=False)))
    trained = _np(layer(X, training=True))
    assert not np.allclose(trained, inference)
    assert len(layer.cell._seed_generators) == 1
    # The masks were drawn once for the sequence and then cleared.
    assert layer.cell._dropout_mask is None
    # Constant inputs with a per-sequence input mask: step 0 of each
    # sequence equals the cell applied to the masked input.
    kernel, _, bias = layer.get_weights()
    mask = np.asarray(layer.cell._draw_mask(X[:, 0], 0.5))
    assert set(np.unique(mask)) <= {0.0, 2.0}
    del kernel, bias


def test_get_config_round_trip_and_keras_keys():
    layer = layers.GRU(4, reset_after=False, dropout=0.1, seed=3,
                       return_sequences=True, go_backwards=True)  # fmt: skip
    config = layer.get_config()
    assert "cell" not in config
    for key in ("units", "reset_after", "return_sequences", "go_backwards",
                "stateful", "unroll", "zero_output_for_mask", "seed",
                "recurrent_initializer", "activity_regularizer"):
        assert key in config, key
    assert config["recurrent_initializer"]["class_name"] == "Orthogonal"
    clone = layers.GRU.from_config(config)
    assert clone.get_config() == config
    rnn = layers.RNN([layers.LSTMCell(2), layers.GRUCell(3)])
    config = rnn.get_config()
    assert config["cell"]["class_name"] == "StackedRNNCells"
    clone = layers.RNN.from_config(config)
    assert [type(c) for c in clone.cell.cells] == [layers.LSTMCell,
                                                   layers.GRUCell]


def test_layer_reads_cell_arguments_through():
    layer = layers.LSTM(5, recurrent_dropout=0.25, unit_forget_bias=False)
    assert layer.units == 5 and layer.recurrent_dropout == 0.25
    assert layer.unit_forget_bias is False
    assert layer.activation is keras.activations.tanh


@pytest.mark.parametrize(("make", "match"), [
    (lambda: layers.LSTM(0), r"`units`.*units=0"),
    (lambda: layers.GRUCell(-2), r"`units`.*units=-2"),
    (lambda: layers.SimpleRNN(2.5), r"`units`.*units=2.5"),
    (lambda: layers.LSTM(2, dropout=1.5), r"`dropout`.*dropout=1.5"),
    (lambda: layers.GRU(2, recurrent_dropout=-0.1),
     r"`recurrent_dropout`.*recurrent_dropout=-0.1"),
    (lambda: layers.RNN(object()), r"`cell` should have a `call`"),
    (lambda: layers.StackedRNNCells([]), r"non-empty list"),
    (lambda: layers.ConvLSTM2D(2, (3, 3, 3)),
     r"`kernel_size`.*kernel_size=\(3, 3, 3\)"),
    (lambda: layers.ConvLSTM1D(2, 3, padding="full"),
     r"`padding`.*padding='full'"),
    (lambda: layers.ConvLSTM1D(0, 3), r"`filters`.*filters=0"),
    (lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="max"),
     r"merge_mode='max'"),
    (lambda: layers.Bidirectional(layers.Dense(2)), r"recurrent layer"),
    (lambda: layers.TimeDistributed("dense"), r"`layer`"),
])  # fmt: skip
def test_bad_configurations_are_rejected_at_construction(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_input_shapes_name_the_layer_and_shapes():
    layer = layers.LSTM(2, name="my_lstm")
    with pytest.raises(ValueError, match=r"my_lstm.*rank 3.*\(3, 4\)"):
        layer(X[:, 0])
    layer(X)
    with pytest.raises(ValueError, match=r"my_lstm.*size 4.*\(3, 5, 6\)"):
        layer(np.ones((3, 5, 6), "float32"))
    with pytest.raises(ValueError, match=r"unknown number of time steps"):
        layers.GRU(2, unroll=True)(keras.Input((None, 4)))


class MinimalCell(keras.layers.Layer):
    """A user cell: `h = tanh(x W + h U)` with one state."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.w = self.add_weight((input_shape[-1], self.units))
        self.u = self.add_weight((self.units, self.units))

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.w)
                     + ops.matmul(states[0], self.u))  # fmt: skip
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_generic_rnn_runs_a_user_cell():
    layer = layers.RNN(MinimalCell(3), return_sequences=True)
    out = _np(layer(X))
    w, u = layer.get_weights()
    h, want = np.zeros((3, 3)), []
    for t in range(5):
        h = np.tanh(X[:, t] @ w + h @ u)
        want.append(h)
    np.testing.assert_allclose(out, np.stack(want, 1), rtol=1e-5, atol=1e-6)


@pytest.mark.jax_only
def test_training_step_compiles_once_and_learns():
    class Counting(keras.Model):
        traces = 0

        def train_step(self, state, data):
            Counting.traces += 1
            return super().train_step(state, data)

    inputs = keras.Input((6, 2))
    hidden = layers.LSTM(8, return_sequences=True)(inputs)
    hidden = layers.GRU(8, dropout=0.1, recurrent_dropout=0.1)(hidden)
    model = Counting(inputs, layers.Dense(1)(hidden))
    model.compile(keras.optimizers.Adam(0.02), "mse")
    x = np.random.default_rng(2).normal(size=(60, 6, 2)).astype("float32")
    y = x[:, :, :1].sum(axis=1)  # the sum over time of feature 0
    # 60 samples in batches of 16: a short last batch every epoch.
    losses = model.fit(x, y, batch_size=16, epochs=12, verbose=0).history
    assert Counting.traces == 1
    assert losses["loss"][-1] < 0.5 * losses["loss"][0]


def _cell_row(cell_cls, init, states, out_shape=(3, 3)):
    return (cell_cls, dict(
        init_kwargs=init, input_shape=(3, 4), call_kwargs={"states": states},
        expected_output_shape=(out_shape, [s.shape for s in states]),
        expected_num_trainable_weights=3,
    ))  # fmt: skip


CONFORMANCE = [
    (layers.SimpleRNN, dict(
        init_kwargs={"units": 3}, input_shape=(3, 5, 4),
        expected_output_shape=(3, 3), expected_output_dtype="float32",
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0, supports_masking=True,
    )),
    (layers.LSTM, dict(
        init_kwargs={"units": 3, "return_sequences": True},
        input_shape=(3, 5, 4),
        expected_output_shape=(3, 5, 3), expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0, supports_masking=True,
    )),
    (layers.LSTM, dict(
        init_kwargs={"units": 3, "return_state": True, "go_backwards": True,
                     "dropout": 0.2, "recurrent_dropout": 0.2, "seed": 1},
        input_shape=(3, 5, 4), expected_output_shape=((3, 3),) * 3,
        expected_num_trainable_weights=3, expected_num_seed_generators=1,
    )),
    (layers.GRU, dict(
        init_kwargs={"units": 3}, input_shape=(3, 5, 4),
        expected_output_shape=(3, 3), expected_num_trainable_weights=3,
    )),
    (layers.GRU, dict(
        init_kwargs={"units": 3, "reset_after": False,
                     "return_sequences": True},
        input_shape=(3, 5, 4), expected_output_shape=(3, 5, 3),
        expected_num_trainable_weights=3,
    )),
    (layers.RNN, dict(
        init_kwargs={"cell": layers.SimpleRNNCell(3)}, input_shape=(3, 5, 4),
        expected_output_shape=(3, 3), expected_num_trainable_weights=3,
        supports_masking=True,
    )),
    (layers.RNN, dict(
        init_kwargs={"cell": [layers.LSTMCell(3), layers.GRUCell(2)],
                     "return_state": True},
        input_shape=(3, 5, 4),
        expected_output_shape=((3, 2), [(3, 3), (3, 3)], (3, 2)),
        expected_num_trainable_weights=6,
    )),
    _cell_row(layers.SimpleRNNCell, {"units": 3}, [H]),
    _cell_row(layers.LSTMCell, {"units": 3}, [H, H]),
    _cell_row(layers.GRUCell, {"units": 3, "reset_after": False}, [H]),
    (layers.StackedRNNCells, dict(
        init_kwargs={"cells": [layers.SimpleRNNCell(3), layers.GRUCell(3)]},
        input_shape=(3, 4), call_kwargs={"states": [[H], [H]]},
        expected_output_shape=((3, 3), [[(3, 3)], [(3, 3)]]),
        expected_num_trainable_weights=6,
    )),
]  # fmt: skip
