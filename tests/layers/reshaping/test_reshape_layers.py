"""Reshape, Permute and RepeatVector against NumPy."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def _x(*shape, dtype="float32"):
    return np.arange(np.prod(shape)).reshape(shape).astype(dtype)


def test_reshape_is_a_per_sample_c_order_reshape():
    x = _x(2, 3, 4)
    out = np.asarray(layers.Reshape((4, 3))(x))
    np.testing.assert_array_equal(out, x.reshape(2, 4, 3))
    out = np.asarray(layers.Reshape((-1, 2))(x))
    np.testing.assert_array_equal(out, x.reshape(2, 6, 2))


def test_reshape_symbolic_shapes_infer_minus_one_and_keep_int_dtype():
    x = keras.Input(shape=(12,), dtype="int32")
    y = layers.Reshape((-1, 2, 2))(x)
    assert y.shape == (None, 3, 2, 2)
    assert y.dtype == "int32"
    z = layers.Reshape((-1, 4))(keras.Input(shape=(None, 4)))
    assert z.shape == (None, None, 4)


def test_reshape_rejects_bad_target_shapes_and_sizes():
    with pytest.raises(ValueError, match=r"target_shape=\(-1, -1\)"):
        layers.Reshape((-1, -1))
    with pytest.raises(ValueError, match=r"target_shape=\(0, 2\)"):
        layers.Reshape((0, 2))
    layer = layers.Reshape((5,), name="r")
    with pytest.raises(ValueError, match=r"'r'.*\(2, 3, 4\).*\(5,\)"):
        layer(_x(2, 3, 4))
    with pytest.raises(ValueError, match=r"\(None, 7\).*\(-1, 2\)"):
        layers.Reshape((-1, 2))(keras.Input(shape=(7,)))


def test_permute_matches_numpy_transpose():
    x = _x(2, 3, 4, 5)
    out = np.asarray(layers.Permute((3, 1, 2))(x))
    np.testing.assert_array_equal(out, x.transpose(0, 3, 1, 2))


def test_permute_rejects_a_non_permutation_and_a_wrong_rank():
    with pytest.raises(ValueError, match=r"dims=\(0, 1\)"):
        layers.Permute((0, 1))
    with pytest.raises(ValueError, match=r"dims=\(1, 3\)"):
        layers.Permute((1, 3))
    with pytest.raises(ValueError, match="rank 3"):
        layers.Permute((2, 1))(_x(2, 3))


def test_repeat_vector_matches_numpy():
    x = _x(2, 3)
    out = np.asarray(layers.RepeatVector(4)(x))
    np.testing.assert_array_equal(out, np.repeat(x[:, None, :], 4, axis=1))


@pytest.mark.parametrize("n", [0, -2, 1.5, True])
def test_repeat_vector_rejects_bad_n(n):
    with pytest.raises(ValueError, match=f"n={n!r}"):
        layers.RepeatVector(n)


CONFORMANCE = [
    (layers.Reshape, dict(
        init_kwargs={"target_shape": (4, 3)}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 4, 3), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
    )),
    (layers.Reshape, dict(
        init_kwargs={"target_shape": (-1,)}, input_shape=(2, 3, 4),
        input_dtype="int32", expected_output_shape=(2, 12),
        expected_output_dtype="int32",
    )),
    (layers.Permute, dict(
        init_kwargs={"dims": (2, 1)}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 4, 3), expected_num_trainable_weights=0,
    )),
    (layers.RepeatVector, dict(
        init_kwargs={"n": 3}, input_shape=(2, 4),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=0,
    )),
]  # fmt: skip
