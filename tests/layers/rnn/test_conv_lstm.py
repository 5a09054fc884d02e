"""ConvLSTM1D/2D/3D: the convolution written as explicit sums in NumPy,
shapes for both data formats, strides and padding."""

import numpy as np
import pytest
from rnn_reference import sigmoid

from multikeras import layers
from multikeras import ops

RNG = np.random.default_rng(5)


def _np(x):
    return ops.convert_to_numpy(x)


def _conv1d_same(x, kernel):
    """'same' 1-D cross-correlation as explicit sums: x (b, n, c), kernel
    (k, c, f), odd k."""
    k = kernel.shape[0]
    pad = np.pad(x, ((0, 0), (k // 2, k // 2), (0, 0)))
    out = np.zeros((x.shape[0], x.shape[1], kernel.shape[-1]))
    for i in range(x.shape[1]):
        for j in range(k):
            out[:, i] += pad[:, i + j] @ kernel[j]
    return out


def test_conv_lstm_1d_matches_numpy_sums():
    x = RNG.normal(size=(2, 4, 6, 3)).astype("float32")
    layer = layers.ConvLSTM1D(2, 3, padding="same", return_sequences=True)
    layer.build(x.shape)
    kernel, recurrent, bias = [
        RNG.normal(scale=0.4, size=w.shape).astype("float32")
        for w in layer.get_weights()
    ]  # fmt: skip
    assert kernel.shape == (3, 3, 8) and recurrent.shape == (3, 2, 8)
    layer.set_weights([kernel, recurrent, bias])
    h = c = np.zeros((2, 6, 2))
    want = []
    for t in range(4):
        z = _conv1d_same(x[:, t], kernel) + bias + _conv1d_same(h, recurrent)
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        want.append(h)
    np.testing.assert_allclose(_np(layer(x)), np.stack(want, 1), rtol=1e-4,
                               atol=1e-5)  # fmt: skip


def test_channels_first_equals_channels_last_transposed():
    x = RNG.normal(size=(2, 3, 5, 2)).astype("float32")
    last = layers.ConvLSTM1D(3, 3, strides=2, return_state=True)
    first = layers.ConvLSTM1D(3, 3, strides=2, return_state=True,
                              data_format="channels_first")  # fmt: skip
    out, h, c = last(x)
    assert out.shape == h.shape == c.shape == (2, 2, 3)
    first.build((2, 3, 2, 5))
    first.set_weights(last.get_weights())
    out_first, _, c_first = first(np.moveaxis(x, -1, 2))
    np.testing.assert_allclose(np.moveaxis(_np(out_first), 1, -1), _np(out),
                               rtol=1e-4, atol=1e-5)  # fmt: skip
    np.testing.assert_allclose(np.moveaxis(_np(c_first), 1, -1), _np(c),
                               rtol=1e-4, atol=1e-5)  # fmt: skip


def test_bad_spatial_rank_names_the_layer():
    with pytest.raises(ValueError, match=r"conv_lstm2_?d.*rank 6"):
        layers.ConvLSTM2D(2, 3)(np.ones((1, 2, 4, 4, 4, 1), "float32"))


CONFORMANCE = [
    (layers.ConvLSTM1D, dict(
        init_kwargs={"filters": 2, "kernel_size": 3, "padding": "same"},
        input_shape=(2, 3, 5, 2), expected_output_shape=(2, 5, 2),
        expected_num_trainable_weights=3, supports_masking=True,
    )),
    (layers.ConvLSTM2D, dict(
        init_kwargs={"filters": 2, "kernel_size": (2, 3), "strides": 2,
                     "return_sequences": True},
        input_shape=(2, 3, 5, 5, 1), expected_output_shape=(2, 3, 2, 2, 2),
        expected_num_trainable_weights=3,
    )),
    (layers.ConvLSTM3D, dict(
        init_kwargs={"filters": 2, "kernel_size": 2, "dilation_rate": 1,
                     "data_format": "channels_first"},
        input_shape=(1, 2, 1, 3, 3, 3), expected_output_shape=(1, 2, 2, 2, 2),
        expected_num_trainable_weights=3,
    )),
]  # fmt: skip
