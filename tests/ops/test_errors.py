"""Bad arguments raise errors that name the op, the argument and what came,
for concrete and symbolic (None-dim) inputs alike, on both backends."""

import re

import numpy as np
import pytest

from multikeras import KerasTensor
from multikeras import ops
from multikeras.testing import backend_scope
from multikeras.testing import jax_available

BACKENDS = ("jax", "numpy") if jax_available() else ("numpy",)


def K(shape, dtype="float32"):
    return KerasTensor(shape, dtype)


def _ones(*shape):
    return np.ones(shape, "float32")


def _raises(call, error, pattern):
    """`call()` raises `error` matching `pattern` under every backend."""
    for name in BACKENDS:
        with backend_scope(name), pytest.raises(error, match=pattern):
            call()


def _shapes(*shapes):
    return ".*".join(re.escape(str(s)) for s in shapes)


@pytest.mark.parametrize(
    "x1, x2",
    [
        (_ones(2, 3), _ones(4, 5)),
        (_ones(3), _ones(4)),
        (_ones(5, 2, 3), _ones(2, 3)),
        (K((None, 3)), K((4, 5))),
        (K((None, None, 3)), K((2, None))),
    ],
    ids=["2d", "1d", "batched", "symbolic", "symbolic-unknown"],
)
def test_matmul_shape_mismatch_names_both_shapes(x1, x2):
    pattern = r"ops\.matmul: .*Received: x1\.shape=" + _shapes(
        x1.shape, "x2.shape=", x2.shape
    )
    _raises(lambda: ops.matmul(x1, x2), ValueError, pattern)


def test_matmul_of_scalars_is_refused():
    _raises(lambda: ops.matmul(_ones(3), np.float32(2.0)), ValueError,
            r"ops\.matmul: both inputs need at least one dimension")


@pytest.mark.parametrize(
    "name, call",
    [
        ("sum", lambda x: ops.sum(x, axis=2)),
        ("mean", lambda x: ops.mean(x, axis=(0, -3))),
        ("max", lambda x: ops.max(x, axis=5)),
        ("argmax", lambda x: ops.argmax(x, axis=2)),
        ("cumsum", lambda x: ops.cumsum(x, axis=-3)),
        ("sort", lambda x: ops.sort(x, axis=2)),
        ("softmax", lambda x: ops.softmax(x, axis=2)),
        ("log_softmax", lambda x: ops.log_softmax(x, axis=-3)),
        ("logsumexp", lambda x: ops.logsumexp(x, axis=3)),
        ("concatenate", lambda x: ops.concatenate([x, x], axis=2)),
        ("stack", lambda x: ops.stack([x, x], axis=4)),
        ("take", lambda x: ops.take(x, [0], axis=2)),
        ("squeeze", lambda x: ops.squeeze(x, axis=2)),
        ("categorical_crossentropy",
         lambda x: ops.categorical_crossentropy(x, x, axis=2)),
    ],
)  # fmt: skip
@pytest.mark.parametrize("symbolic", [False, True])
def test_axis_out_of_range(name, call, symbolic):
    x = K((None, 3)) if symbolic else _ones(2, 3)
    pattern = rf"ops\.{name}: .*axis.*out of range for a tensor of rank"
    _raises(lambda: call(x), ValueError, pattern)


def test_axis_of_wrong_type():
    _raises(lambda: ops.sum(_ones(2, 3), axis=1.5), TypeError,
            r"ops\.sum: `axis` must be an int or a tuple of ints\. "
            r"Received: axis=1\.5")  # fmt: skip


@pytest.mark.parametrize(
    "x, newshape, pattern",
    [
        (_ones(2, 3), (4, 2), r"shape \(2, 3\) \(6 elements\) into shape "
                              r"\(4, 2\)"),
        (_ones(2, 3), (4, -1), r"\(6 elements\) into shape \(4, -1\)"),
        (_ones(2, 3), 5, r"into shape \(5,\)"),
        (_ones(2, 3), (-1, -1), r"at most one dimension .* -1\. "
                                r"Received: newshape=\(-1, -1\)"),
        (K((None, 3)), (-1, -1), r"at most one .*newshape=\(-1, -1\)"),
        (K((4, 3)), (5, -1), r"\(4, 3\) \(12 elements\) into shape"),
    ],
)  # fmt: skip
def test_reshape_size_mismatch(x, newshape, pattern):
    _raises(lambda: ops.reshape(x, newshape), ValueError,
            r"ops\.reshape: .*" + pattern)  # fmt: skip


@pytest.mark.parametrize(
    "name, xs, axis, pattern",
    [
        ("concatenate", [_ones(2, 3), _ones(3, 3)], 1,
         r"must match except on the join axis \(1\)\. Received shapes: "
         r"\[\(2, 3\), \(3, 3\)\]"),
        ("concatenate", [_ones(2, 3), _ones(3)], 0,
         r"same rank\. Received shapes: \[\(2, 3\), \(3,\)\]"),
        ("concatenate", [K((None, 3)), K((None, 4))], 0,
         r"join axis \(0\)\. Received shapes: \[\(None, 3\), \(None, 4\)\]"),
        ("concatenate", [], 0, r"needs at least one tensor"),
        ("stack", [_ones(2), _ones(3)], 0,
         r"Received shapes: \[\(2,\), \(3,\)\]"),
    ],
)  # fmt: skip
def test_join_shape_mismatch(name, xs, axis, pattern):
    fn = getattr(ops, name)
    pattern = rf"ops\.{name}: .*" + pattern
    _raises(lambda: fn(xs, axis=axis), ValueError, pattern)


@pytest.mark.parametrize("num_classes", [0, -3, 2.5, "3", None, True])
def test_one_hot_bad_num_classes(num_classes):
    _raises(
        lambda: ops.one_hot(np.array([0, 1]), num_classes), ValueError,
        r"ops\.one_hot: `num_classes` must be a positive int\. Received: "
        rf"num_classes={re.escape(repr(num_classes))}",
    )  # fmt: skip


def test_one_hot_accepts_numpy_int_num_classes():
    out = ops.one_hot(np.array([2]), np.int64(3))
    np.testing.assert_array_equal(ops.convert_to_numpy(out), [[0, 0, 1]])


def test_one_hot_sparse_is_refused():
    _raises(lambda: ops.one_hot(np.array([1]), 3, sparse=True), ValueError,
            r"ops\.one_hot: sparse .*Received: sparse=True")


@pytest.mark.parametrize("args", [(), (1.0,)], ids=["one-arg", "two-args"])
def test_where_needs_both_branches(args):
    _raises(lambda: ops.where(np.array([True, False]), *args), ValueError,
            r"ops\.where: pass both `x1` and `x2`")


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: ops.transpose(_ones(2, 3), (0, 0)),
         r"ops\.transpose: `axes` must be a permutation of \(0, 1\)\. "
         r"Received: axes=\(0, 0\)"),
        (lambda: ops.squeeze(_ones(2, 3), 0),
         r"ops\.squeeze: axis 0 has size 2, not 1\. "
         r"Received: x\.shape=\(2, 3\)"),
        (lambda: ops.arange(0, 5, 0), r"ops\.arange: `step` must not be 0"),
        (lambda: ops.binary_crossentropy(_ones(3), _ones(4)),
         r"ops\.binary_crossentropy: .*same shape\. "
         r"Received: target\.shape=\(3,\), output\.shape=\(4,\)"),
        (lambda: ops.categorical_crossentropy(K((None, 3)), K((None, 4))),
         r"target\.shape=\(None, 3\), output\.shape=\(None, 4\)"),
        (lambda: ops.sparse_categorical_crossentropy(_ones(3), _ones(2, 4)),
         r"ops\.sparse_categorical_crossentropy: .*Received: "
         r"target\.shape=\(3,\), output\.shape=\(2, 4\)"),
        (lambda: ops.sparse_categorical_crossentropy(K((None, 3)),
                                                     K((None, 4))),
         r"target\.shape=\(None, 3\), output\.shape=\(None, 4\)"),
        (lambda: ops.add(K((None, 3)), K((None, 4))),
         r"ops\.add: .*shapes \(None, 3\), \(None, 4\)"),
        (lambda: ops.dot(K((None, 3)), K((4,))),
         r"ops\.dot: .*shapes \(None, 3\), \(4,\)"),
        (lambda: ops.convert_to_tensor([1.0], sparse=True),
         r"convert_to_tensor: .*no sparse"),
    ],
    ids=["transpose", "squeeze", "arange", "bce", "cce-symbolic", "scce",
         "scce-symbolic",
         "add-symbolic", "dot-symbolic", "sparse-tensor"],
)  # fmt: skip
def test_other_argument_errors(call, pattern):
    _raises(call, ValueError, pattern)


@pytest.mark.parametrize(
    "name", ["add", "subtract", "multiply", "divide", "maximum", "equal",
             "less", "logical_and", "power"],
)
def test_elementwise_shape_mismatch_names_the_op_and_shapes(name):
    fn = getattr(ops, name)
    with pytest.raises(ValueError, match=rf"ops\.{name}: shapes \(2, 3\), "
                       r"\(2, 4\) cannot be broadcast"):
        fn(np.ones((2, 3), "float32"), np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match=rf"ops\.{name}: shapes \(None, 3\), "
                       r"\(None, 4\)"):
        fn(KerasTensor((None, 3)), KerasTensor((None, 4)))


def test_broadcasting_shapes_still_work_symbolically():
    out = ops.add(KerasTensor((None, 1, 3)), KerasTensor((5, 1)))
    assert out.shape == (None, 5, 3)
    assert ops.where(np.array([True, False]), KerasTensor((None, 2)),
                     0.0).shape == (None, 2)
