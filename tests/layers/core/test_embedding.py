"""Embedding: lookups vs NumPy indexing, mask_zero, weights=, errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras.backend.common.masking import get_keras_mask

IDS = np.array([[1, 0, 4], [3, 3, 0]], "int32")


def _np(x):
    return keras.ops.convert_to_numpy(x)


def test_lookup_matches_numpy_indexing():
    layer = layers.Embedding(5, 3)
    out = _np(layer(IDS))
    (table,) = layer.get_weights()
    assert table.shape == (5, 3)
    assert layer.weights[0].name == "embeddings"
    np.testing.assert_array_equal(out, table[IDS])
    # Keras's "uniform" default: U(-0.05, 0.05).
    assert np.abs(table).max() <= 0.05
    # Float indices are cast to int32.
    np.testing.assert_array_equal(_np(layer(IDS.astype("float32"))),
                                  table[IDS])  # fmt: skip


def test_mask_zero_makes_a_mask_that_reaches_the_next_layer():
    layer = layers.Embedding(5, 2, mask_zero=True)
    assert layer.supports_masking
    out = layer(IDS)
    np.testing.assert_array_equal(_np(get_keras_mask(out)), IDS != 0)
    assert layers.Embedding(5, 2).compute_mask(IDS) is None
    inputs = keras.Input((3,), dtype="int32")
    hidden = layers.Embedding(5, 2, mask_zero=True)(inputs)
    assert get_keras_mask(hidden).shape == (None, 3)


def test_weights_argument_sets_the_table():
    table = np.arange(12, dtype="float32").reshape(4, 3)
    layer = layers.Embedding(4, 3, weights=table)
    assert layer.built
    np.testing.assert_array_equal(_np(layer(np.array([[2, 0]]))),
                                  table[[[2, 0]]])  # fmt: skip
    with pytest.raises(ValueError, match=r"shape \(4, 3\).*\(2, 3\)"):
        layers.Embedding(4, 3, weights=[np.ones((2, 3), "float32")])


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"input_dim": 0, "output_dim": 3}, r"input_dim.*Received: input_dim=0"),
    ({"input_dim": 5, "output_dim": 2.5}, r"output_dim=2.5.*float"),
    ({"input_dim": True, "output_dim": 2}, r"input_dim=True"),
])  # fmt: skip
def test_bad_sizes_are_rejected(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        layers.Embedding(**kwargs)


@pytest.mark.jax_only
def test_only_looked_up_rows_get_gradients():
    inputs = keras.Input((2,), dtype="int32")
    model = keras.Model(inputs, layers.Embedding(6, 2)(inputs))
    model.compile("sgd", "mse")
    before = model.get_weights()[0].copy()
    model.fit(np.array([[1, 2], [2, 1]]), np.ones((2, 2, 2)), verbose=0)
    after = model.get_weights()[0]
    changed = np.any(before != after, axis=1)
    np.testing.assert_array_equal(changed, [0, 1, 1, 0, 0, 0])


CONFORMANCE = [
    (layers.Embedding, dict(
        init_kwargs={"input_dim": 5, "output_dim": 3, "mask_zero": True},
        input_shape=(2, 4), input_dtype="int32",
        expected_output_shape=(2, 4, 3), expected_output_dtype="float32",
        expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=0, supports_masking=True,
        expected_mask_shape=(2, 4),
    )),
]  # fmt: skip
