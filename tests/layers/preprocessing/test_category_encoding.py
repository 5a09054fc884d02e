"""CategoryEncoding against NumPy loops."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def _counts(x, depth):
    out = np.zeros((len(x), depth), "float32")
    for i, row in enumerate(x):
        for v in row:
            out[i, v] += 1
    return out


def test_count_multi_hot_and_one_hot_match_numpy():
    x = np.array([[0, 1, 1], [3, 2, 3]])
    count = np.asarray(layers.CategoryEncoding(4, output_mode="count")(x))
    np.testing.assert_array_equal(count, _counts(x, 4))
    multi = np.asarray(layers.CategoryEncoding(4)(x))
    np.testing.assert_array_equal(multi, np.minimum(_counts(x, 4), 1))
    one = np.asarray(layers.CategoryEncoding(4, output_mode="one_hot")(x))
    np.testing.assert_array_equal(one, np.eye(4, dtype="float32")[x])
    assert one.shape == (2, 3, 4)


def test_one_hot_replaces_a_trailing_unit_axis():
    x = np.array([[2], [0]])
    out = np.asarray(layers.CategoryEncoding(3, output_mode="one_hot")(x))
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0]])


def test_count_weights_are_summed():
    x = np.array([[0, 1, 1]])
    w = np.array([[0.5, 2.0, 3.0]], "float32")
    layer = layers.CategoryEncoding(3, output_mode="count")
    np.testing.assert_allclose(np.asarray(layer(x, count_weights=w)),
                               [[0.5, 5.0, 0.0]])


def test_symbolic_output_is_float_with_num_tokens_features():
    y = layers.CategoryEncoding(5)(keras.Input((3,), dtype="int32"))
    assert y.shape == (None, 5)
    assert y.dtype == "float32"


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="num_tokens=0"):
        layers.CategoryEncoding(0)
    with pytest.raises(ValueError, match="num_tokens=None"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match="output_mode='int'"):
        layers.CategoryEncoding(3, output_mode="int")
    with pytest.raises(ValueError, match="sparse=True"):
        layers.CategoryEncoding(3, sparse=True)
    with pytest.raises(ValueError, match="count_weights"):
        layers.CategoryEncoding(3)(np.array([[1]]), count_weights=[[1.0]])
    assert layers.CategoryEncoding(3, "binary").output_mode == "multi_hot"


CONFORMANCE = [
    (layers.CategoryEncoding, dict(
        init_kwargs={"num_tokens": 4, "output_mode": "multi_hot"},
        input_shape=(3, 2), input_dtype="int32",
        expected_output_shape=(3, 4), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
    )),
    (layers.CategoryEncoding, dict(
        init_kwargs={"num_tokens": 4, "output_mode": "count"},
        input_data=np.array([[0, 3, 3], [1, 1, 1]], "int32"),
        expected_output=np.array([[1, 0, 0, 2], [0, 3, 0, 0]], "float32"),
        expected_output_shape=(2, 4),
    )),
]  # fmt: skip
