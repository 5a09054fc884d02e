"""Merge layers (Add ... Dot) and their functional forms against NumPy,
with Keras's mask rules."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras.backend.common.masking import get_keras_mask
from multikeras.backend.common.masking import set_keras_mask

RNG = np.random.default_rng(0)
A = RNG.normal(size=(2, 3, 4)).astype("float32")
B = RNG.normal(size=(2, 3, 4)).astype("float32")
C = RNG.normal(size=(2, 3, 4)).astype("float32")


def _np(x):
    return keras.ops.convert_to_numpy(x)


@pytest.mark.parametrize(("cls", "fn", "reference"), [
    (layers.Add, layers.add, lambda a, b, c: a + b + c),
    (layers.Multiply, layers.multiply, lambda a, b, c: a * b * c),
    (layers.Average, layers.average, lambda a, b, c: (a + b + c) / 3),
    (layers.Maximum, layers.maximum, lambda a, b, c: np.maximum(
        np.maximum(a, b), c)),
    (layers.Minimum, layers.minimum, lambda a, b, c: np.minimum(
        np.minimum(a, b), c)),
])  # fmt: skip
def test_elementwise_merges_match_numpy(cls, fn, reference):
    want = reference(A, B, C)
    np.testing.assert_allclose(_np(cls()([A, B, C])), want, rtol=1e-6)
    np.testing.assert_allclose(_np(fn([A, B, C])), want, rtol=1e-6)


def test_subtract_and_rank_broadcasting():
    np.testing.assert_allclose(_np(layers.subtract([A, B])), A - B)
    # A rank-2 input gets an axis after the batch axis: (2, 4) -> (2, 1, 4).
    out = _np(layers.Add()([A, B[:, 0]]))
    np.testing.assert_allclose(out, A + B[:, :1], rtol=1e-6)


def test_concatenate_matches_numpy():
    np.testing.assert_array_equal(
        _np(layers.Concatenate(axis=1)([A, B])), np.concatenate([A, B], 1)
    )
    np.testing.assert_array_equal(
        _np(layers.concatenate([A, B[..., :2]])),
        np.concatenate([A, B[..., :2]], -1),
    )


@pytest.mark.parametrize(("x_shape", "y_shape", "axes", "subscripts"), [
    ((2, 3), (2, 3), 1, "bi,bi->b"),
    ((2, 3, 4), (2, 5, 4), 2, "bij,bkj->bik"),
    ((2, 3, 5), (2, 4, 3), (1, 2), "bij,bki->bjk"),
    ((2, 4), (2, 3, 4), -1, "bi,bki->bk"),
])  # fmt: skip
def test_dot_matches_einsum(x_shape, y_shape, axes, subscripts):
    x = RNG.normal(size=x_shape).astype("float32")
    y = RNG.normal(size=y_shape).astype("float32")
    want = np.einsum(subscripts, x, y)
    if want.ndim == 1:
        want = want[:, None]
    out = _np(layers.Dot(axes=axes)([x, y]))
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-6)
    symbolic = layers.Dot(axes=axes)(
        [keras.Input(x_shape[1:]), keras.Input(y_shape[1:])])
    assert symbolic.shape == (None, *want.shape[1:])


def test_dot_normalize_gives_cosine_similarity():
    x, y = A[:, 0], B[:, 0]
    out = _np(layers.dot([x, y], axes=1, normalize=True))
    cos = (x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)
    np.testing.assert_allclose(out[:, 0], cos, rtol=1e-5)


def _masked(x, mask):
    # A copy: on NumPy the mask attaches to the very array passed.
    x = keras.ops.convert_to_tensor(np.array(x, copy=True))
    set_keras_mask(x, keras.ops.convert_to_tensor(mask))
    return x


M1 = np.array([[True, False, False], [True, True, False]])
M2 = np.array([[False, True, False], [True, False, False]])


def test_masks_merge_by_or_and_masked_entries_follow_keras():
    keep1, keep2 = M1[..., None], M2[..., None]
    x, y = _masked(A, M1), _masked(B, M2)
    out = layers.Add()([x, y])
    np.testing.assert_array_equal(_np(get_keras_mask(out)), M1 | M2)
    np.testing.assert_allclose(_np(out), A + B, rtol=1e-6)
    # Multiply: a masked factor counts as 1; all-masked entries are 0.
    out = _np(layers.Multiply()([_masked(A, M1), _masked(B, M2)]))
    want = np.where(keep1, A, 1) * np.where(keep2, B, 1)
    np.testing.assert_allclose(out, np.where(keep1 | keep2, want, 0),
                               rtol=1e-6)  # fmt: skip
    # Maximum: a masked entry never wins (all masked: the first input).
    out = _np(layers.Maximum()([_masked(A, M1), _masked(B, M2)]))
    want = np.where(keep1 & keep2, np.maximum(A, B),
                    np.where(keep1, A, np.where(keep2, B, A)))
    np.testing.assert_allclose(out, want, rtol=1e-6)
    # An unmasked input drops the output mask.
    assert get_keras_mask(layers.Add()([_masked(A, M1), B])) is None


def test_concatenate_mask_treats_unmasked_inputs_as_all_true():
    out = layers.Concatenate(axis=1)([_masked(A, M1), B])
    want = np.concatenate([M1, np.ones((2, 3), bool)], axis=1)
    np.testing.assert_array_equal(_np(get_keras_mask(out)), want)
    out = layers.Concatenate()([_masked(A, M1), _masked(B, M2)])
    np.testing.assert_array_equal(_np(get_keras_mask(out)), M1 | M2)


def test_masks_flow_through_a_functional_merge():
    tokens = keras.Input((3,), dtype="int32")
    embedded = layers.Embedding(5, 4, mask_zero=True)(tokens)
    merged = layers.Concatenate()([embedded, embedded])
    assert get_keras_mask(merged).shape == (None, 3)
    assert layers.Dot(axes=2)([embedded, embedded]).shape == (None, 3, 3)


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda: layers.Subtract()([A, B, C]), r"Subtract.*exactly 2.*3"),
    (lambda: layers.Add()(A), r"list of tensors"),
    (lambda: layers.Add()([A, np.ones((2, 5, 4), "float32")]),
     r"add.*incompatible shapes.*\(2, 3, 4\).*\(2, 5, 4\)"),
    (lambda: layers.Add()([A, np.ones((3, 3, 4), "float32")]),
     r"different batch sizes"),
    (lambda: layers.Concatenate()([A, np.ones((2, 5, 4), "float32")]),
     r"concatenate.*matching shapes.*\(2, 5, 4\)"),
    (lambda: layers.Dot(axes=1)([A, np.ones((2, 5, 4), "float32")]),
     r"dot.*axis 1 of \(2, 3, 4\).*size 3.*size 5"),
    (lambda: layers.Dot(axes=0)([A, B]), r"axes=0.*batch axis"),
    (lambda: layers.Dot(axes=(1, 2, 3)), r"Dot.*pair of ints.*\(1, 2, 3\)"),
    (lambda: layers.Concatenate(axis="x"), r"Concatenate.*axis='x'"),
])  # fmt: skip
def test_bad_merges_are_rejected(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def _row(cls, input_shapes, output_shape, **kwargs):
    # Data, not shapes: the harness reads a list of shape tuples as one
    # nested shape.
    rng = np.random.default_rng(len(input_shapes))
    data = [rng.normal(size=s).astype("float32") for s in input_shapes]
    return (cls, dict(
        init_kwargs=kwargs, input_data=data,
        expected_output_shape=output_shape, expected_output_dtype="float32",
        expected_num_trainable_weights=0, supports_masking=True,
    ))  # fmt: skip


CONFORMANCE = [
    _row(layers.Add, [(2, 3), (2, 3)], (2, 3)),
    _row(layers.Subtract, [(2, 3), (2, 3)], (2, 3)),
    _row(layers.Multiply, [(2, 3, 4), (2, 4)], (2, 3, 4)),
    _row(layers.Average, [(2, 3), (2, 3), (2, 3)], (2, 3)),
    _row(layers.Maximum, [(2, 3), (2, 3)], (2, 3)),
    _row(layers.Minimum, [(2, 3), (2, 3)], (2, 3)),
    _row(layers.Concatenate, [(2, 3, 4), (2, 2, 4)], (2, 5, 4), axis=1),
    _row(layers.Dot, [(2, 3, 4), (2, 5, 4)], (2, 3, 5), axes=2),
    _row(layers.Dot, [(2, 4), (2, 4)], (2, 1), axes=1, normalize=True),
]
