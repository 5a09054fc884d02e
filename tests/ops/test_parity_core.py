"""Parity of creation ops and core ops (conversion, queries, control flow)
on both backends, against NumPy."""

import numpy as np
import pytest
from op_checks import make_array

from multikeras import ops


def _x(dtype, seed=0, shape=(2, 3), **kw):
    return make_array(dtype, shape=shape, seed=seed, **kw)


# --------------------------------------------------------------- creation

CREATION = [
    ("arange-int", lambda: ops.arange(5), np.arange(5), "int32"),
    ("arange-start-step", lambda: ops.arange(2, 11, 3), np.arange(2, 11, 3),
     "int32"),
    ("arange-float", lambda: ops.arange(0.0, 2.0, 0.5),
     np.arange(0.0, 2.0, 0.5), "float32"),
    ("arange-dtype", lambda: ops.arange(1, 7, 2, dtype="float16"),
     np.arange(1, 7, 2), "float16"),
    ("zeros", lambda: ops.zeros((2, 3)), np.zeros((2, 3)), "float32"),
    ("zeros-int", lambda: ops.zeros(4, "int32"), np.zeros(4), "int32"),
    ("ones", lambda: ops.ones((3, 1)), np.ones((3, 1)), "float32"),
    ("ones-bool", lambda: ops.ones((2,), dtype="bool"), np.ones(2, bool),
     "bool"),
    ("full-int", lambda: ops.full((2, 2), 3), np.full((2, 2), 3), "int32"),
    ("full-float", lambda: ops.full((2,), 1.5), np.full(2, 1.5), "float32"),
    ("full-bool", lambda: ops.full((2,), True), np.full(2, True), "bool"),
    ("full-dtype", lambda: ops.full((2,), 7, "float16"), np.full(2, 7.0),
     "float16"),
    ("eye", lambda: ops.eye(3), np.eye(3), "float32"),
    ("eye-rect", lambda: ops.eye(3, 4, k=1, dtype="int32"),
     np.eye(3, 4, k=1), "int32"),
    ("zeros_like", lambda: ops.zeros_like(np.ones((2, 3), "int8")),
     np.zeros((2, 3)), "int8"),
    ("zeros_like-dtype", lambda: ops.zeros_like(np.ones(2), "bool"),
     np.zeros(2, bool), "bool"),
    ("ones_like", lambda: ops.ones_like(np.ones((2, 1), "float16")),
     np.ones((2, 1)), "float16"),
    ("full_like", lambda: ops.full_like(np.ones((2,), "int32"), 4),
     np.full(2, 4), "int32"),
    ("full_like-dtype", lambda: ops.full_like(np.ones(3, "int32"), 0.5,
                                              "float32"),
     np.full(3, 0.5), "float32"),
]  # fmt: skip


@pytest.mark.parametrize(
    "call, expected, out",
    [c[1:] for c in CREATION],
    ids=[c[0] for c in CREATION],
)
def test_creation_op(check_op, call, expected, out):
    check_op(call, np.asarray(expected).astype(out), out)


# ------------------------------------------------------------------- core


@pytest.mark.parametrize(
    "src, dst", [("float32", "int32"), ("int32", "float16"),
                 ("float32", "bool"), ("bool", "float32"),
                 ("int8", "uint8"), ("float16", "float32")],
)  # fmt: skip
def test_cast(check_op, src, dst):
    x = _x(src, low=0.0, high=3.0)
    check_op(lambda: ops.cast(x, dst), x.astype(dst), dst)


def test_convert_to_tensor_and_back(check_op, run_on_backends):
    # Python floats become float32 and ints int32, as in Keras.
    check_op(lambda: ops.convert_to_tensor([1.5, 2.0]), [1.5, 2.0], "float32")
    check_op(lambda: ops.convert_to_tensor([[1, 2]]), [[1, 2]], "int32")
    check_op(lambda: ops.convert_to_tensor(3, "float16"), 3.0, "float16")
    check_op(lambda: ops.convert_to_tensor(np.ones(2, "int8")), [1, 1], "int8")
    check_op(lambda: ops.convert_to_tensor(True), True, "bool")
    for name, (value, _) in run_on_backends(
        lambda: ops.convert_to_tensor(
            ops.convert_to_numpy(ops.arange(4) * 2)
        )
    ).items():
        np.testing.assert_array_equal(value, [0, 2, 4, 6], err_msg=name)


def test_core_queries(run_on_backends):
    x = np.zeros((2, 3, 4), "float16")

    def queries():
        t = ops.convert_to_tensor(x)
        assert ops.is_tensor(t)
        assert not ops.is_tensor([1.0, 2.0])
        assert ops.shape(t) == (2, 3, 4)
        assert ops.dtype(t) == "float16"
        assert ops.dtype(ops.ones((1,), "int8")) == "int8"
        assert ops.ndim(t) == 3
        assert ops.size(t) == 24
        assert isinstance(ops.convert_to_numpy(t), np.ndarray)
        return ops.stop_gradient(t + 1.0)

    for name, (value, dtype) in run_on_backends(queries).items():
        assert dtype == "float16", name
        np.testing.assert_array_equal(value, np.ones((2, 3, 4)), err_msg=name)


def test_control_flow_ops(check_op):
    xs = np.arange(1.0, 6.0, dtype="float32")

    def running_sum():
        def step(carry, x):
            carry = carry + x
            return carry, carry * 2.0

        final, ys = ops.scan(step, ops.zeros(()), xs)
        return ops.concatenate([ops.reshape(final, (1,)), ys])

    expected = np.concatenate([[xs.sum()], np.cumsum(xs) * 2])
    check_op(running_sum, expected, "float32")

    def reverse_scan():
        _, ys = ops.scan(lambda c, x: (c + x, c + x), ops.zeros(()), xs,
                         reverse=True)  # fmt: skip
        return ys

    check_op(reverse_scan, np.cumsum(xs[::-1])[::-1], "float32")
    check_op(
        lambda: ops.fori_loop(0, 4, lambda i, v: v * 2 + i, ops.ones((2,))),
        np.full(2, ((1 * 2 + 0) * 2 + 1) * 2 + 2) * 2 + 3, "float32",
    )  # fmt: skip
    check_op(
        lambda: ops.while_loop(lambda i, v: i < 5, lambda i, v: (i + 1, v * 3),
                               (0, ops.ones((), "int32")))[1],
        3**5, "int32",
    )  # fmt: skip
    check_op(
        lambda: ops.while_loop(lambda v: v < 100, lambda v: v * 2,
                               ops.ones((), "int32"), maximum_iterations=3),
        8, "int32",
    )  # fmt: skip
    for pred, value in ((True, 1.0), (False, -1.0)):
        check_op(
            lambda p=pred: ops.cond(
                ops.convert_to_tensor(p), lambda: ops.ones((2,)),
                lambda: ops.negative(ops.ones((2,)))),
            np.full(2, value), "float32",
        )  # fmt: skip


CHECKED = {c[0].split("-")[0] for c in CREATION} | {
    "cast", "convert_to_tensor", "convert_to_numpy", "is_tensor", "shape",
    "dtype", "ndim", "size", "stop_gradient", "scan", "fori_loop",
    "while_loop", "cond",
}  # fmt: skip
