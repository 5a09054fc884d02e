"""Attention and AdditiveAttention against NumPy written here."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask

Q, V, K = (2, 3, 4), (2, 5, 4), (2, 5, 4)


def _data(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(
        "float32"
    )


QV = [_data(*Q), _data(*V, seed=1)]
QVK = [*QV, _data(*K, seed=2)]

CONFORMANCE = [
    (layers.Attention, dict(
        input_data=QV, expected_output_shape=Q,
        expected_num_trainable_weights=0, expected_num_seed_generators=0,
        supports_masking=True,
    )),
    (layers.Attention, dict(
        init_kwargs={"use_scale": True, "score_mode": "concat"},
        input_data=QVK, expected_output_shape=Q,
        expected_num_trainable_weights=2,
    )),
    (layers.Attention, dict(
        init_kwargs={"dropout": 0.5, "seed": 1}, input_data=QV,
        call_kwargs={"return_attention_scores": True,
                     "use_causal_mask": True},
        expected_output_shape=[Q, (2, 3, 5)],
        expected_num_seed_generators=1,
    )),
    (layers.AdditiveAttention, dict(
        input_data=QV, expected_output_shape=Q,
        expected_num_trainable_weights=1,
    )),
    (layers.AdditiveAttention, dict(
        init_kwargs={"use_scale": False}, input_data=QVK,
        call_kwargs={"return_attention_scores": True},
        expected_output_shape=[Q, (2, 3, 5)],
        expected_num_trainable_weights=0,
    )),
]  # fmt: skip


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _np_attention(scores, value, value_mask=None, query_mask=None,
                  causal=False):  # fmt: skip
    """Keras's recipe: masked scores pushed down by 1e9, softmax, average
    the value, zero the masked query steps."""
    keep = np.ones(scores.shape, bool)
    if value_mask is not None:
        keep &= value_mask[:, None, :]
    if causal:
        keep &= np.tril(np.ones(scores.shape[-2:], bool))
    weights = _softmax(np.where(keep, scores, scores - 1e9))
    out = weights @ value
    if query_mask is not None:
        out = out * query_mask[..., None]
    return out, weights


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_dot_attention_matches_numpy():
    q, v, k = _data(*Q), _data(*V, seed=1), _data(*K, seed=2)
    out, scores = layers.Attention()([q, v, k], return_attention_scores=True)
    want, want_scores = _np_attention(q @ k.transpose(0, 2, 1), v)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_np(scores), want_scores, rtol=1e-5,
                               atol=1e-6)  # fmt: skip


def test_scaled_concat_attention_matches_numpy():
    q, v = _data(*Q), _data(*V, seed=1)
    layer = layers.Attention(use_scale=True, score_mode="concat")
    layer.build([Q, V])
    scale, weight = np.float32(0.7), np.float32(-1.3)
    layer.set_weights([scale, weight])
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/scale", f"{layer.name}/concat_score_weight"
    ]
    scores = weight * np.tanh(scale * (q[:, :, None] + v[:, None])).sum(-1)
    want, _ = _np_attention(scores, v)
    np.testing.assert_allclose(_np(layer([q, v])), want, rtol=1e-5,
                               atol=1e-6)  # fmt: skip


def test_additive_attention_matches_numpy():
    q, v, k = _data(*Q), _data(*V, seed=1), _data(*K, seed=2)
    layer = layers.AdditiveAttention()
    out = layer([q, v, k])
    (scale,) = layer.get_weights()
    assert scale.shape == (4,)
    scores = (scale * np.tanh(q[:, :, None] + k[:, None])).sum(-1)
    want, _ = _np_attention(scores, v)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("causal", [False, True])
def test_masks_match_numpy(causal):
    q, v = _data(*Q), _data(*V, seed=1)
    q_mask = np.array([[1, 1, 0], [1, 1, 1]], bool)
    v_mask = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]], bool)
    out, scores = layers.Attention()(
        [q, v], mask=[q_mask, v_mask], use_causal_mask=causal,
        return_attention_scores=True,
    )  # fmt: skip
    want, want_scores = _np_attention(q @ v.transpose(0, 2, 1), v, v_mask,
                                      q_mask, causal)  # fmt: skip
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_np(scores), want_scores, rtol=1e-5,
                               atol=1e-6)  # fmt: skip
    assert _np(out)[0, 2].tolist() == [0.0] * 4  # masked query step


class _NonZeroMask(keras.layers.Layer):
    """Passes its input through; masks out all-zero time steps."""

    def call(self, x):
        return x

    def compute_mask(self, inputs, previous_mask=None):
        return ops.any(ops.not_equal(inputs, 0), axis=-1)


def test_keras_masks_of_the_inputs_are_used_and_the_query_mask_passes_on():
    q, v = _data(*Q), _data(*V, seed=1)
    q[1, 2] = 0
    v[0, 3:] = 0
    query_in, value_in = keras.Input(Q[1:]), keras.Input(V[1:])
    out = layers.Attention()(
        [_NonZeroMask()(query_in), _NonZeroMask()(value_in)]
    )
    assert get_keras_mask(out).shape == (None, 3)
    model = keras.Model([query_in, value_in], out)
    want, _ = _np_attention(q @ v.transpose(0, 2, 1), v, (v != 0).any(-1),
                            (q != 0).any(-1))  # fmt: skip
    np.testing.assert_allclose(_np(model([q, v])), want, rtol=1e-5,
                               atol=1e-6)  # fmt: skip
    # Eagerly too: the output carries the query's mask.
    eager = layers.Attention()([_NonZeroMask()(q), _NonZeroMask()(v)])
    np.testing.assert_array_equal(_np(get_keras_mask(eager)),
                                  (q != 0).any(-1))  # fmt: skip


def test_dropout_acts_only_in_training():
    q, v = _data(*Q), _data(*V, seed=1)
    layer = layers.Attention(dropout=0.5, seed=3)
    _, scores = layer([q, v], return_attention_scores=True)
    np.testing.assert_allclose(_np(scores).sum(-1), 1.0, rtol=1e-5)
    _, dropped = layer([q, v], return_attention_scores=True, training=True)
    dropped = _np(dropped)
    assert (dropped == 0).any()
    kept = dropped != 0
    # Kept weights are scaled by 1 / (1 - rate).
    np.testing.assert_allclose(dropped[kept], 2 * _np(scores)[kept],
                               rtol=1e-5)  # fmt: skip


def test_bad_configurations_are_rejected():
    with pytest.raises(ValueError, match=r"score_mode.*'add'"):
        layers.Attention(score_mode="add")
    with pytest.raises(ValueError, match=r"dropout=1\.5"):
        layers.AdditiveAttention(dropout=1.5)


def test_bad_inputs_are_rejected_with_the_shapes():
    layer = layers.Attention(name="att")
    with pytest.raises(ValueError, match="'att' must be called on a list"):
        layer(_data(*Q))
    with pytest.raises(ValueError, match=r"'att'.*\(2, 5, 4\).*\(2, 6, 4\)"):
        layer([_data(*Q), _data(*V), _data(2, 6, 4)])
    with pytest.raises(ValueError, match=r"last dimension.*\(2, 3, 4\).*"
                                         r"\(2, 5, 3\)"):  # fmt: skip
        layers.AdditiveAttention()([_data(*Q), _data(2, 5, 3)])
    with pytest.raises(ValueError, match=r"mask.*\[query_mask, value_mask\]"):
        layers.Attention()([_data(*Q), _data(*V)], mask=np.ones((2, 3), bool))
