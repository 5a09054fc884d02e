"""Hashing: Keras 3's documented bins (FarmHash64 and SipHash64), output
modes, masks, and the FarmHash/SipHash implementations against reference
packages when those are installed."""

import os
import struct

import numpy as np
import pytest

import multikeras as keras
from multikeras import backend
from multikeras import layers
from multikeras.layers.preprocessing import _hash

WORDS = [["omar"], ["stringer"], ["marlo"], ["wire"], ["skywalker"]]
LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]]


def _bins(layer, x):
    return np.asarray(layer(x)).tolist()


def test_farmhash_bins_match_keras():
    assert _bins(layers.Hashing(3), LETTERS) == [[1], [0], [1], [1], [2]]
    assert _bins(layers.Hashing(2), WORDS) == [[0], [0], [1], [0], [0]]
    assert _bins(layers.Hashing(3), [0, 1, 2, 3, 4]) == [1, 0, 1, 0, 2]
    assert _bins(layers.Hashing(1), LETTERS) == [[0]] * 5


def test_siphash_bins_match_keras():
    salted = layers.Hashing(3, salt=[133, 137])
    assert _bins(salted, LETTERS) == [[1], [2], [1], [0], [2]]
    assert _bins(layers.Hashing(3, salt=133), LETTERS) == [
        [0], [0], [2], [1], [0]]
    assert _bins(layers.Hashing(2, salt=[211, 137]), np.asarray(WORDS)) == [
        [1], [0], [1], [0], [1]]
    ints = np.array([[0], [1], [2], [3], [4]])
    assert _bins(salted, ints) == [[1], [1], [2], [0], [1]]


def test_mask_value_takes_bin_zero():
    empty = layers.Hashing(3, mask_value="")
    assert _bins(empty, WORDS) == [[1], [1], [2], [1], [1]]
    omar = layers.Hashing(3, mask_value="omar")
    assert _bins(omar, WORDS) == [[0], [1], [2], [1], [1]]


def test_encoded_output_modes_are_float_vectors():
    layer = layers.Hashing(3, output_mode="one_hot")
    out = np.asarray(layer(LETTERS))
    np.testing.assert_array_equal(out, np.eye(3)[[1, 0, 1, 1, 2]])
    layer = layers.Hashing(3, output_mode="count")
    out = np.asarray(layer([["A", "B", "C"]]))
    np.testing.assert_array_equal(out, [[1.0, 2.0, 0.0]])


def test_symbolic_call_and_eager_model_use():
    inputs = keras.Input((1,), dtype="int32")
    outputs = layers.Hashing(3)(inputs)
    assert outputs.shape == (None, 1)
    model = keras.Model(inputs, outputs)
    if backend.backend() == "numpy":
        out = model.predict(np.arange(5).reshape(5, 1), verbose=0)
        assert out.tolist() == [[1], [0], [1], [0], [2]]
    else:
        with pytest.raises(ValueError, match="compiled"):
            model.predict(np.arange(5).reshape(5, 1), verbose=0)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="num_bins=0"):
        layers.Hashing(0)
    with pytest.raises(ValueError, match=r"salt=\[1, 2, 3\]"):
        layers.Hashing(3, salt=[1, 2, 3])
    with pytest.raises(ValueError, match="output_mode='hash'"):
        layers.Hashing(3, output_mode="hash")
    with pytest.raises(ValueError, match="dtype='float32'"):
        layers.Hashing(3, dtype="float32")


def test_hashes_match_reference_packages_on_every_length():
    farmhash = pytest.importorskip("farmhash")
    rng = np.random.default_rng(0)
    for n in [*range(0, 70), 127, 128, 129, 300]:
        data = rng.integers(0, 256, n, dtype="uint8").tobytes()
        assert _hash.fingerprint64(data) == farmhash.fingerprint64(data), n
    siphash = pytest.importorskip("siphash")
    for n in range(0, 20):
        data = os.urandom(n)
        key = (int(rng.integers(0, 2**63)), int(rng.integers(0, 2**63)))
        want = siphash.SipHash_2_4(struct.pack("<QQ", *key), data).hash()
        assert _hash.siphash64(key, data) == want, n


CONFORMANCE = [
    (layers.Hashing, dict(
        init_kwargs={"num_bins": 4}, input_shape=(3, 2), input_dtype="int32",
        expected_output_shape=(3, 2), expected_num_trainable_weights=0,
    )),
    (layers.Hashing, dict(
        init_kwargs={"num_bins": 4, "mask_value": 0, "salt": [1, 2]},
        input_data=np.array([[0, 1], [2, 3]], "int32"),
        expected_output_shape=(2, 2),
    )),
]  # fmt: skip
