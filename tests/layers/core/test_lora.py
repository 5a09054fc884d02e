"""LoRA on Dense, EinsumDense and Embedding: W + (alpha / r) * A @ B."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers

X = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")


def _np(x):
    return keras.ops.convert_to_numpy(x)


def _set_factors(layer, prefix):
    a, b = getattr(layer, f"{prefix}_a"), getattr(layer, f"{prefix}_b")
    rng = np.random.default_rng(1)
    a.assign(rng.normal(size=a.shape).astype("float32"))
    b.assign(rng.normal(size=b.shape).astype("float32"))
    return _np(a.value), _np(b.value)


def test_dense_lora_adds_the_scaled_low_rank_update():
    layer = layers.Dense(5, lora_rank=2, lora_alpha=6.0)
    out_before = _np(layer(X))
    kernel = _np(layer._kernel.value)
    bias = _np(layer.bias.value)
    # B starts at zero: enabling LoRA does not change the outputs.
    np.testing.assert_allclose(out_before, X @ kernel + bias, rtol=1e-5)
    a, b = _set_factors(layer, "lora_kernel")
    assert a.shape == (4, 2) and b.shape == (2, 5)
    want = X @ (kernel + 3.0 * a @ b) + bias
    np.testing.assert_allclose(_np(layer(X)), want, rtol=1e-4, atol=1e-5)
    assert not layer._kernel.trainable
    assert {w.name for w in layer.trainable_weights} == {
        "bias", "lora_kernel_a", "lora_kernel_b"}
    config = layer.get_config()
    assert (config["lora_rank"], config["lora_alpha"]) == (2, 6.0)


def test_einsum_dense_and_embedding_lora_shapes_and_values():
    layer = layers.EinsumDense("ab,bcd->acd", (2, 3))
    layer.build((None, 4))
    layer.enable_lora(2)
    a, b = _set_factors(layer, "lora_kernel")
    assert a.shape == (4, 2, 2) and b.shape == (2, 3)
    kernel = _np(layer._kernel.value) + np.matmul(a, b)
    np.testing.assert_allclose(_np(layer(X)), np.einsum("ab,bcd->acd", X,
                                                        kernel),
                               rtol=1e-4, atol=1e-5)  # fmt: skip
    emb = layers.Embedding(6, 3, lora_rank=1)
    ids = np.array([[0, 5, 2]])
    emb(ids)
    a, b = _set_factors(emb, "lora_embeddings")
    table = _np(emb._embeddings.value) + a @ b
    np.testing.assert_allclose(_np(emb(ids)), table[ids], rtol=1e-5)


def test_lora_errors():
    with pytest.raises(ValueError, match=r"lora_rank=0"):
        layers.Dense(2, lora_rank=0)
    layer = layers.Dense(2)
    with pytest.raises(ValueError, match=r"before the layer is built"):
        layer.enable_lora(2)
    layer.build((None, 3))
    layer.enable_lora(2)
    with pytest.raises(ValueError, match=r"already enabled"):
        layer.enable_lora(2)
    with pytest.raises(ValueError, match=r"quantization_config"):
        layers.Embedding(3, 2, quantization_config="int8")


CONFORMANCE = [
    (layers.Dense, dict(
        init_kwargs={"units": 3, "lora_rank": 2}, input_shape=(2, 4),
        expected_output_shape=(2, 3), expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=1,
    )),
]  # fmt: skip
