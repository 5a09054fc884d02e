"""Attention layers against Keras 3 itself (skipped without keras).

Each layer is built in Keras and in multikeras with the same config; the
Keras weights are copied over with get_weights/set_weights (same order,
same shapes, same names) and the outputs compared. Defaults and config
keys are compared too.
"""

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
from multikeras.backend.common.masking import set_keras_mask  # noqa: E402

# Keras-internal config entries that carry no constructor argument.
_INTERNAL = {"name", "dtype", "trainable"}


def _rng(seed=0):
    return np.random.default_rng(seed)


def _data(*shape, seed=0):
    return _rng(seed).standard_normal(shape).astype("float32")


def _np(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def _copy_weights(k_layer, m_layer):
    k_weights = k_layer.weights
    m_weights = m_layer.weights
    assert [w.shape for w in k_weights] == [tuple(w.shape) for w in m_weights]
    # Paths below the layer's own (auto-numbered) name.
    assert [w.path.split("/", 1)[1] for w in k_weights] == [
        w.path.split("/", 1)[1] for w in m_weights
    ]
    assert [w.trainable for w in k_weights] == [w.trainable for w in m_weights]
    # Random values, so that a bias or a scale of 1 cannot hide a mistake.
    values = [_rng(i).standard_normal(w.shape).astype("float32") * 0.5
              for i, w in enumerate(k_weights)]  # fmt: skip
    k_layer.set_weights(values)
    m_layer.set_weights(values)


def _config_keys_match(k_layer, m_layer):
    k_config = {k: v for k, v in k_layer.get_config().items()
                if k not in _INTERNAL}  # fmt: skip
    m_config = {k: v for k, v in m_layer.get_config().items()
                if k not in _INTERNAL}  # fmt: skip
    assert set(k_config) == set(m_config)
    for key, value in k_config.items():
        if isinstance(value, (int, float, str, bool, type(None))):
            assert m_config[key] == value, key


LIST_CASES = [
    ("Attention", {}, {}),
    ("Attention", {"use_scale": True}, {}),
    ("Attention", {"score_mode": "concat", "use_scale": True}, {}),
    ("Attention", {}, {"use_causal_mask": True}),
    ("AdditiveAttention", {}, {}),
    ("AdditiveAttention", {"use_scale": False}, {}),
    ("AdditiveAttention", {}, {"use_causal_mask": True}),
]


@pytest.mark.parametrize(("name", "config", "call_kwargs"), LIST_CASES)
@pytest.mark.parametrize("with_key", [False, True])
def test_list_input_attention_matches_keras(name, config, call_kwargs,
                                            with_key):  # fmt: skip
    query, value, key = _data(2, 3, 4), _data(2, 5, 4, seed=1), _data(
        2, 5, 4, seed=2
    )
    inputs = [query, value, key] if with_key else [query, value]
    mask = [np.array([[1, 1, 0], [1, 1, 1]], bool),
            np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool)]  # fmt: skip
    k_layer = getattr(keras.layers, name)(**config)
    m_layer = getattr(multikeras.layers, name)(**config)
    k_layer.build([x.shape for x in inputs])
    m_layer.build([x.shape for x in inputs])
    if k_layer.weights:
        _copy_weights(k_layer, m_layer)
    for kwargs in (call_kwargs, {**call_kwargs, "mask": mask}):
        k_out, k_scores = k_layer(inputs, return_attention_scores=True,
                                  **kwargs)  # fmt: skip
        m_out, m_scores = m_layer(inputs, return_attention_scores=True,
                                  **kwargs)  # fmt: skip
        np.testing.assert_allclose(_np(m_out), _np(k_out), rtol=1e-5,
                                   atol=1e-5)  # fmt: skip
        np.testing.assert_allclose(_np(m_scores), _np(k_scores), rtol=1e-5,
                                   atol=1e-6)  # fmt: skip
    _config_keys_match(k_layer, m_layer)


MHA_CASES = [
    ({"num_heads": 2, "key_dim": 3}, {}),
    ({"num_heads": 2, "key_dim": 3, "value_dim": 5, "use_bias": False}, {}),
    ({"num_heads": 3, "key_dim": 2, "output_shape": (2, 3)}, {}),
    ({"num_heads": 2, "key_dim": 3}, {"use_causal_mask": True}),
    ({"num_heads": 2, "key_dim": 3, "sliding_window": 2}, {}),
    ({"num_heads": 2, "key_dim": 3, "use_gate": True}, {}),
]


def _mha_inputs(rank=3):
    if rank == 4:
        return _data(2, 3, 4, 6), _data(2, 3, 5, 6, seed=1), _data(
            2, 3, 5, 6, seed=2
        )
    return _data(2, 4, 6), _data(2, 5, 6, seed=1), _data(2, 5, 6, seed=2)


@pytest.mark.parametrize(("config", "call_kwargs"), MHA_CASES)
def test_multi_head_attention_matches_keras(config, call_kwargs):
    query, value, key = _mha_inputs()
    k_layer = keras.layers.MultiHeadAttention(**config)
    m_layer = multikeras.layers.MultiHeadAttention(**config)
    k_layer.build(query.shape, value.shape, key.shape)
    m_layer.build(query.shape, value.shape, key.shape)
    _copy_weights(k_layer, m_layer)
    attention_mask = _rng(3).random((2, 4, 5)) > 0.3
    attention_mask[:, :, 0] = True  # no fully masked row
    # Keras's fused path fails when value_dim != key_dim (jax refuses
    # the shapes); multikeras takes the explicit path there, which Keras
    # takes when it returns the scores.
    fused_ok = config.get("value_dim", config["key_dim"]) == config["key_dim"]
    for kwargs in (call_kwargs,
                   {**call_kwargs, "attention_mask": attention_mask}):
        for scores in (False, True) if fused_ok else (True,):
            k_out = k_layer(query, value, key, return_attention_scores=scores,
                            **kwargs)  # fmt: skip
            m_out = m_layer(query, value, key, return_attention_scores=scores,
                            **kwargs)  # fmt: skip
            for k, m in zip(keras.tree.flatten(k_out),
                            multikeras.tree.flatten(m_out)):  # fmt: skip
                np.testing.assert_allclose(_np(m), _np(k), rtol=1e-4,
                                           atol=1e-5)  # fmt: skip
    _config_keys_match(k_layer, m_layer)


def test_multi_head_attention_over_two_axes_matches_keras():
    query, value, key = _mha_inputs(rank=4)
    config = {"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}
    k_layer = keras.layers.MultiHeadAttention(**config)
    m_layer = multikeras.layers.MultiHeadAttention(**config)
    k_layer.build(query.shape, value.shape, key.shape)
    m_layer.build(query.shape, value.shape, key.shape)
    _copy_weights(k_layer, m_layer)
    k_out, k_scores = k_layer(query, value, key, return_attention_scores=True)
    m_out, m_scores = m_layer(query, value, key, return_attention_scores=True)
    assert tuple(m_scores.shape) == tuple(k_scores.shape)
    np.testing.assert_allclose(_np(m_out), _np(k_out), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_np(m_scores), _np(k_scores), rtol=1e-4,
                               atol=1e-6)  # fmt: skip
    _config_keys_match(k_layer, m_layer)


def test_multi_head_attention_with_keras_masks_matches_keras():
    """Masks that travel on the tensors (as from Embedding(mask_zero))."""
    query, value, _ = _mha_inputs()
    q_mask = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)
    v_mask = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], bool)
    config = {"num_heads": 2, "key_dim": 3}
    k_layer = keras.layers.MultiHeadAttention(**config)
    m_layer = multikeras.layers.MultiHeadAttention(**config)
    k_layer.build(query.shape, value.shape)
    m_layer.build(query.shape, value.shape)
    _copy_weights(k_layer, m_layer)
    k_query, k_value = keras.ops.array(query), keras.ops.array(value)
    k_query._keras_mask = keras.ops.array(q_mask)
    k_value._keras_mask = keras.ops.array(v_mask)
    m_query = multikeras.ops.convert_to_tensor(query)
    m_value = multikeras.ops.convert_to_tensor(value)
    set_keras_mask(m_query, multikeras.ops.convert_to_tensor(q_mask))
    set_keras_mask(m_value, multikeras.ops.convert_to_tensor(v_mask))
    k_out = k_layer(k_query, k_value)
    m_out = m_layer(m_query, m_value)
    np.testing.assert_allclose(_np(m_out), _np(k_out), rtol=1e-4, atol=1e-5)


GQA_CASES = [
    {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2},
    {"head_dim": 3, "num_query_heads": 2, "num_key_value_heads": 1,
     "use_bias": False},
    {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 2,
     "use_gate": True, "sliding_window": 2},
]  # fmt: skip


@pytest.mark.parametrize("config", GQA_CASES)
@pytest.mark.parametrize("causal", [False, True])
def test_group_query_attention_matches_keras(config, causal):
    query, value, key = _mha_inputs()
    k_layer = keras.layers.GroupQueryAttention(**config)
    m_layer = multikeras.layers.GroupQueryAttention(**config)
    k_layer.build(query.shape, value.shape, key.shape)
    m_layer.build(query.shape, value.shape, key.shape)
    _copy_weights(k_layer, m_layer)
    attention_mask = _rng(3).random((2, 4, 5)) > 0.3
    attention_mask[:, :, 0] = True
    for kwargs in ({}, {"attention_mask": attention_mask}):
        for scores in (False, True):
            k_out = k_layer(query, value, key, return_attention_scores=scores,
                            use_causal_mask=causal, **kwargs)  # fmt: skip
            m_out = m_layer(query, value, key, return_attention_scores=scores,
                            use_causal_mask=causal, **kwargs)  # fmt: skip
            for k, m in zip(keras.tree.flatten(k_out),
                            multikeras.tree.flatten(m_out)):  # fmt: skip
                np.testing.assert_allclose(_np(m), _np(k), rtol=1e-4,
                                           atol=1e-5)  # fmt: skip
    _config_keys_match(k_layer, m_layer)
    assert type(k_layer).__name__ == type(m_layer).__name__


@pytest.mark.parametrize(
    "name",
    ["Attention", "AdditiveAttention", "MultiHeadAttention",
     "GroupQueryAttention"],
)  # fmt: skip
def test_constructor_defaults_match_keras(name):
    import inspect

    k_params = inspect.signature(getattr(keras.layers, name)).parameters
    m_params = inspect.signature(getattr(multikeras.layers, name)).parameters
    k_args = {n: p.default for n, p in k_params.items()
              if p.kind is p.POSITIONAL_OR_KEYWORD}  # fmt: skip
    m_args = {n: p.default for n, p in m_params.items()
              if p.kind is p.POSITIONAL_OR_KEYWORD}  # fmt: skip
    assert list(m_args) == list(k_args)
    assert m_args == k_args
