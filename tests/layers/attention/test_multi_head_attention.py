"""MultiHeadAttention and GroupQueryAttention against NumPy written here."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask


def _data(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(
        "float32"
    )


QUERY = _data(2, 4, 6)
VALUE = _data(2, 5, 6, seed=1)

# The value is a fixed call argument; the query is the fed input.
CONFORMANCE = [
    (layers.MultiHeadAttention, dict(
        init_kwargs={"num_heads": 2, "key_dim": 3},
        input_data=QUERY, call_kwargs={"value": VALUE},
        expected_output_shape=(2, 4, 6), expected_num_trainable_weights=8,
        expected_num_non_trainable_weights=0, supports_masking=True,
    )),
    (layers.MultiHeadAttention, dict(
        init_kwargs={"num_heads": 2, "key_dim": 3, "value_dim": 2,
                     "dropout": 0.25, "use_bias": False, "output_shape": 5,
                     "seed": 2},
        input_data=QUERY,
        call_kwargs={"value": VALUE, "return_attention_scores": True,
                     "use_causal_mask": True},
        expected_output_shape=[(2, 4, 5), (2, 2, 4, 5)],
        expected_num_trainable_weights=4, expected_num_seed_generators=1,
    )),
    (layers.MultiHeadAttention, dict(
        init_kwargs={"num_heads": 2, "key_dim": 2, "attention_axes": (1, 2),
                     "use_gate": True},
        input_data=_data(2, 3, 2, 4),
        call_kwargs={"value": _data(2, 2, 3, 4, seed=1),
                     "return_attention_scores": True},
        expected_output_shape=[(2, 3, 2, 4), (2, 2, 3, 2, 2, 3)],
        expected_num_trainable_weights=10,
    )),
    (layers.GroupQueryAttention, dict(
        init_kwargs={"head_dim": 3, "num_query_heads": 4,
                     "num_key_value_heads": 2},
        input_data=QUERY, call_kwargs={"value": VALUE},
        expected_output_shape=(2, 4, 6), expected_num_trainable_weights=8,
        supports_masking=True,
    )),
    (layers.GroupQueryAttention, dict(
        init_kwargs={"head_dim": 2, "num_query_heads": 2,
                     "num_key_value_heads": 1, "dropout": 0.5,
                     "sliding_window": 2, "seed": 1},
        input_data=QUERY,
        call_kwargs={"value": VALUE, "return_attention_scores": True,
                     "use_causal_mask": True},
        expected_output_shape=[(2, 4, 6), (2, 2, 4, 5)],
        expected_num_seed_generators=1,
    )),
]  # fmt: skip


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _np_mha(query, value, key, weights, key_dim, mask=None, groups=1):
    """Projections, per-head scaled dot-product softmax (masked entries to
    -1e9, fully masked rows to 0) and the output projection."""
    wq, bq, wk, bk, wv, bv, wo, bo = weights
    q = np.einsum("btd,dnh->btnh", query, wq) + bq
    k = np.repeat(np.einsum("bsd,dnh->bsnh", key, wk) + bk, groups, axis=2)
    v = np.repeat(np.einsum("bsd,dnh->bsnh", value, wv) + bv, groups, axis=2)
    logits = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(key_dim)
    if mask is not None:
        logits = np.where(mask[:, None], logits, -1e9)
    probs = _softmax(logits)
    if mask is not None:
        probs = np.where(mask[:, None], probs, 0.0)
    heads = np.einsum("bnts,bsnh->btnh", probs, v)
    return np.einsum("btnh,nhd->btd", heads, wo) + bo, probs


def _randomize(layer):
    values = [_data(*w.shape, seed=i) * 0.5
              for i, w in enumerate(layer.weights)]  # fmt: skip
    layer.set_weights(values)
    return values


def _mha(**kwargs):
    layer = layers.MultiHeadAttention(**{"num_heads": 2, "key_dim": 3,
                                         **kwargs})  # fmt: skip
    layer.build(QUERY.shape, VALUE.shape)
    return layer, _randomize(layer)


def test_weights_are_keras_shaped_and_ordered():
    layer, _ = _mha(value_dim=4)
    assert [(w.path, w.shape) for w in layer.weights] == [
        (f"{layer.name}/query/kernel", (6, 2, 3)),
        (f"{layer.name}/query/bias", (2, 3)),
        (f"{layer.name}/key/kernel", (6, 2, 3)),
        (f"{layer.name}/key/bias", (2, 3)),
        (f"{layer.name}/value/kernel", (6, 2, 4)),
        (f"{layer.name}/value/bias", (2, 4)),
        (f"{layer.name}/attention_output/kernel", (2, 4, 6)),
        (f"{layer.name}/attention_output/bias", (6,)),
    ]


@pytest.mark.parametrize("scores", [False, True])
def test_multi_head_attention_matches_numpy(scores):
    # Without scores the fused ops.dot_product_attention path runs, with
    # them the explicit softmax: both must equal the reference.
    key = _data(2, 5, 6, seed=2)
    layer, weights = _mha()
    out = layer(QUERY, VALUE, key, return_attention_scores=scores)
    want, want_probs = _np_mha(QUERY, VALUE, key, weights, key_dim=3)
    if scores:
        out, probs = out
        np.testing.assert_allclose(_np(probs), want_probs, rtol=1e-4,
                                   atol=1e-6)  # fmt: skip
    np.testing.assert_allclose(_np(out), want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("scores", [False, True])
def test_masks_combine_as_in_keras(scores):
    layer, weights = _mha()
    q_mask = np.array([[1, 1, 1, 1], [1, 1, 1, 0]], bool)
    v_mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    attention_mask = np.random.default_rng(3).random((2, 4, 5)) > 0.3
    attention_mask[..., 0] = True
    out = layer(QUERY, VALUE, query_mask=q_mask, value_mask=v_mask,
                attention_mask=attention_mask, use_causal_mask=True,
                return_attention_scores=scores)  # fmt: skip
    mask = (q_mask[:, :, None] & v_mask[:, None] & attention_mask
            & np.tril(np.ones((4, 5), bool)))  # fmt: skip
    want, _ = _np_mha(QUERY, VALUE, VALUE, weights, 3, mask)
    out = _np(out[0] if scores else out)
    # A fully masked query row (batch 1, step 3) is where the fused kernel
    # (uniform weights) and the explicit softmax (zeros) differ, in Keras
    # as here; compare the rest.
    np.testing.assert_allclose(out[0], want[0], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out[1, :3], want[1, :3], rtol=1e-4,
                               atol=1e-5)  # fmt: skip


def test_causal_mask_alone_matches_numpy():
    layer, weights = _mha()
    out = layer(QUERY, QUERY, use_causal_mask=True)
    want, _ = _np_mha(QUERY, QUERY, QUERY, weights, 3,
                      np.tril(np.ones((2, 4, 4), bool)))  # fmt: skip
    np.testing.assert_allclose(_np(out), want, rtol=1e-4, atol=1e-5)


class _NonZeroMask(keras.layers.Layer):
    """Passes its input through; masks out all-zero time steps."""

    def call(self, x):
        return x

    def compute_mask(self, inputs, previous_mask=None):
        return ops.any(ops.not_equal(inputs, 0), axis=-1)


def test_masks_carried_by_the_inputs_reach_the_attention():
    query, value = QUERY.copy(), VALUE.copy()
    query[1, 3] = 0
    value[0, 3:] = 0
    layer, weights = _mha()
    q_in, v_in = keras.Input((4, 6)), keras.Input((5, 6))
    out = layer(_NonZeroMask()(q_in), _NonZeroMask()(v_in))
    assert get_keras_mask(out).shape == (None, 4)
    model = keras.Model([q_in, v_in], out)
    mask = (query != 0).any(-1)[:, :, None] & (value != 0).any(-1)[:, None]
    want, _ = _np_mha(query, value, value, weights, 3, mask)
    got = _np(model([query, value]))
    np.testing.assert_allclose(got[0], want[0], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got[1, :3], want[1, :3], rtol=1e-4,
                               atol=1e-5)  # fmt: skip
    # The caller's tensors keep their masks.
    masked = _NonZeroMask()(query)
    layer(masked, masked)
    assert get_keras_mask(masked) is not None


def test_group_query_attention_matches_numpy():
    layer = layers.GroupQueryAttention(head_dim=3, num_query_heads=4,
                                       num_key_value_heads=2)  # fmt: skip
    layer.build(QUERY.shape, VALUE.shape)
    weights = _randomize(layer)
    assert [w.shape for w in layer.weights] == [
        (6, 4, 3), (4, 3), (6, 2, 3), (2, 3), (6, 2, 3), (2, 3), (4, 3, 6),
        (6,),
    ]  # fmt: skip
    for scores in (False, True):
        out = layer(QUERY, VALUE, use_causal_mask=True,
                    return_attention_scores=scores)  # fmt: skip
        want, probs = _np_mha(QUERY, VALUE, VALUE, weights, 3,
                              np.tril(np.ones((2, 4, 5), bool)), groups=2)
        if scores:
            out, got_probs = out
            np.testing.assert_allclose(_np(got_probs), probs, rtol=1e-4,
                                       atol=1e-6)  # fmt: skip
        np.testing.assert_allclose(_np(out), want, rtol=1e-4, atol=1e-5)


def test_fused_path_is_taken_where_it_applies(monkeypatch):
    calls = []
    fused = ops.dot_product_attention

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return fused(*args, **kwargs)

    monkeypatch.setattr(ops, "dot_product_attention", spy)
    layer, _ = _mha()
    layer(QUERY, VALUE, use_causal_mask=True)
    assert len(calls) == 1 and calls[0]["is_causal"]
    assert calls[0]["mask"] is None  # no (T, S) mask built
    layer(QUERY, VALUE, return_attention_scores=True)
    _mha(dropout=0.1)[0](QUERY, VALUE)
    _mha(value_dim=2)[0](QUERY, VALUE)
    assert len(calls) == 1  # scores, dropout, value_dim: explicit path


def test_dropout_acts_only_in_training():
    layer, weights = _mha(dropout=0.5, seed=1)
    want, _ = _np_mha(QUERY, VALUE, VALUE, weights, 3)
    np.testing.assert_allclose(_np(layer(QUERY, VALUE)), want, rtol=1e-4,
                               atol=1e-5)  # fmt: skip
    trained = _np(layer(QUERY, VALUE, training=True))
    assert not np.allclose(trained, want, rtol=1e-3)


def test_config_round_trip_keeps_keras_keys():
    layer = layers.MultiHeadAttention(2, 3, output_shape=4, seed=5)
    config = layer.get_config()
    assert config["value_dim"] == 3 and config["output_shape"] == (4,)
    for key in ("use_gate", "sliding_window", "attention_axes",
                "kernel_initializer", "activity_regularizer"):  # fmt: skip
        assert key in config
    assert "flash_attention" not in config  # as in Keras
    assert layers.MultiHeadAttention.from_config(config).get_config() == (
        config
    )
    revived = layers.deserialize(layers.serialize(
        layers.GroupQueryAttention(2, 2, 1)
    ))  # fmt: skip
    assert isinstance(revived, layers.GroupQueryAttention)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"num_heads": 0, "key_dim": 2}, r"num_heads.*num_heads=0"),
        ({"num_heads": 2, "key_dim": -1}, r"key_dim.*key_dim=-1"),
        ({"num_heads": 2, "key_dim": 2, "value_dim": 0}, r"value_dim=0"),
        ({"num_heads": 2, "key_dim": 2, "dropout": 1.0}, r"dropout=1\.0"),
        ({"num_heads": 2, "key_dim": 2, "output_shape": "x"},
         r"output_shape='x'"),
        ({"num_heads": 2, "key_dim": 2, "attention_axes": "1"},
         r"attention_axes='1'"),
        ({"num_heads": 2, "key_dim": 2, "sliding_window": 0},
         r"sliding_window=0"),
        ({"num_heads": 2, "key_dim": 2, "dropout": 0.1,
          "flash_attention": True}, r"flash attention.*dropout"),
    ],
)  # fmt: skip
def test_bad_configurations_are_rejected(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        layers.MultiHeadAttention(**kwargs)


def test_group_query_attention_bad_configurations_are_rejected():
    with pytest.raises(ValueError, match=r"num_query_heads=3.*"
                                         r"num_key_value_heads=2"):  # fmt: skip
        layers.GroupQueryAttention(2, 3, 2)
    with pytest.raises(ValueError, match="head_dim=0"):
        layers.GroupQueryAttention(0, 2, 2)


def test_bad_input_shapes_are_rejected_with_both_shapes():
    layer = layers.MultiHeadAttention(2, 3, name="mha")
    with pytest.raises(ValueError, match=r"'mha'.*value shape \(2, 5, 6\), "
                                         r"key shape \(2, 3, 6\)"):  # fmt: skip
        layer(QUERY, VALUE, _data(2, 3, 6))
    with pytest.raises(ValueError, match=r"'mha'.*same rank.*\(2, 6\)"):
        layer(_data(2, 6), VALUE)
    with pytest.raises(ValueError, match=r"attention_axes.*\(3,\)"):
        layers.MultiHeadAttention(2, 3, attention_axes=3)(QUERY, VALUE)
    gqa = layers.GroupQueryAttention(2, 2, 1, name="gqa")
    with pytest.raises(ValueError, match=r"'gqa'.*same number of steps"):
        gqa(QUERY, VALUE, _data(2, 3, 6))


def test_flash_attention_cannot_return_scores():
    layer = layers.MultiHeadAttention(2, 3, flash_attention=True)
    with pytest.raises(ValueError, match="cannot return attention scores"):
        layer(QUERY, VALUE, return_attention_scores=True)


def test_embedding_mask_zero_reaches_the_attention():
    tokens = keras.Input((5,), dtype="int32")
    embedding = layers.Embedding(7, 6, mask_zero=True)
    attention = layers.MultiHeadAttention(2, 3)
    hidden = embedding(tokens)
    model = keras.Model(tokens, attention(hidden, hidden))
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 1, 0]], "int32")
    vectors = ops.take(embedding.embeddings, ids, axis=0)  # no mask on it
    want = attention(vectors, vectors, query_mask=ids != 0,
                     value_mask=ids != 0)  # fmt: skip
    unmasked = attention(vectors, vectors)
    got = _np(model(ids))
    np.testing.assert_allclose(got, _np(want), rtol=1e-5, atol=1e-6)
    assert not np.allclose(got[0, :3], _np(unmasked)[0, :3], atol=1e-4)
