"""Joining, splitting and rearrange: parity of both backends with NumPy
(Keras's promoted dtypes), symbolic shapes with unknown dims, JAX
gradients, and errors that name the op."""

import re

import numpy as np
import pytest
from op_checks import check_gradient
from op_checks import check_symbolic
from op_checks import make_array

from multikeras import KerasTensor
from multikeras import ops
from multikeras.testing import backend_scope
from multikeras.testing import jax_available

BACKENDS = ("jax", "numpy") if jax_available() else ("numpy",)


def K(shape, dtype="float32"):
    return KerasTensor(shape, dtype)


def _run_list(call):
    """`{backend: [(numpy value, dtype), ...]}` of a call returning a list
    of tensors."""
    results = {}
    for name in BACKENDS:
        with backend_scope(name) as B:
            results[name] = [
                (np.asarray(B.convert_to_numpy(t)), ops.dtype(t))
                for t in call()
            ]
    return results


# ---------------------------------------------------------------- parity

# (input dtypes) -> Keras result dtype for joins.
JOIN_GRID = {
    ("float32", "float32"): "float32",
    ("int32", "int32"): "int32",
    ("bool", "bool"): "bool",
    ("int8", "uint8"): "int16",
    ("int32", "float16"): "float16",
    ("bool", "bfloat16"): "bfloat16",
}
JOINS = {
    "append": [((2, 3), (4,), lambda a, b: ops.append(a, b), np.append),
               ((2, 3), (1, 3), lambda a, b: ops.append(a, b, axis=0),
                lambda a, b: np.append(a, b, axis=0))],
    "hstack": [((2, 3), (2, 1), lambda a, b: ops.hstack([a, b]),
                lambda a, b: np.hstack([a, b])),
               ((3,), (2,), lambda a, b: ops.hstack([a, b]),
                lambda a, b: np.hstack([a, b]))],
    "vstack": [((2, 3), (3,), lambda a, b: ops.vstack([a, b]),
                lambda a, b: np.vstack([a, b]))],
    "dstack": [((2, 3), (2, 3, 2), lambda a, b: ops.dstack([a, b]),
                lambda a, b: np.dstack([a, b])),
               ((3,), (3,), lambda a, b: ops.dstack([a, b]),
                lambda a, b: np.dstack([a, b]))],
}  # fmt: skip


JOIN_CASES = [("append", pair) for pair in JOIN_GRID] + [
    (name, pair) for name in ("hstack", "vstack", "dstack")
    for pair in list(JOIN_GRID)[3:5]
]  # fmt: skip


@pytest.mark.parametrize("name, pair", JOIN_CASES,
                         ids=[f"{n}-{'-'.join(p)}" for n, p in JOIN_CASES])
def test_join_op(check_op, name, pair):
    out = JOIN_GRID[pair]
    for s1, s2, call, ref in JOINS[name]:
        a = make_array(pair[0], shape=s1, seed=1)
        b = make_array(pair[1], shape=s2, seed=2)
        expected = ref(a.astype("float64"), b.astype("float64")).astype(out)
        check_op(lambda c=call, a=a, b=b: c(a, b), expected, out)


SPLITS = {
    "split": [((6, 4), lambda x: ops.split(x, 3), lambda x: np.split(x, 3)),
              ((6, 4), lambda x: ops.split(x, [1, 3], axis=1),
               lambda x: np.split(x, [1, 3], axis=1)),
              ((6, 4), lambda x: ops.split(x, [2, -1, 9]),
               lambda x: np.split(x, [2, -1, 9])),
              # A cut going back: an empty part, then one from that cut.
              ((6, 4), lambda x: ops.split(x, [4, 1]),
               lambda x: np.split(x, [4, 1]))],
    "array_split": [((7, 2), lambda x: ops.array_split(x, 3),
                     lambda x: np.array_split(x, 3)),
                    ((2, 5), lambda x: ops.array_split(x, 4, axis=-1),
                     lambda x: np.array_split(x, 4, axis=-1))],
    "hsplit": [((2, 6), lambda x: ops.hsplit(x, 2),
                lambda x: np.hsplit(x, 2)),
               ((6,), lambda x: ops.hsplit(x, [4]),
                lambda x: np.hsplit(x, [4]))],
    "vsplit": [((4, 3), lambda x: ops.vsplit(x, 2),
                lambda x: np.vsplit(x, 2))],
    "dsplit": [((2, 2, 6), lambda x: ops.dsplit(x, [1, 4]),
                lambda x: np.dsplit(x, [1, 4]))],
}  # fmt: skip


@pytest.mark.parametrize(
    "name, dtype",
    [(n, "float32") for n in sorted(SPLITS)] + [("split", "bool"),
                                                ("array_split", "int32")],
)  # fmt: skip
def test_split_op(name, dtype):
    for shape, call, ref in SPLITS[name]:
        x = make_array(dtype, shape=shape, low=-9.0, high=9.0)
        expected = ref(x)
        for backend, parts in _run_list(lambda c=call, x=x: c(x)).items():
            assert len(parts) == len(expected), backend
            for (value, got), want in zip(parts, expected):
                assert got == dtype, (backend, got)
                np.testing.assert_array_equal(value, want, err_msg=backend)


def _rearrange_ref(x, shape1, perm, shape2):
    return x.reshape(shape1).transpose(perm).reshape(shape2)


REARRANGE = [
    ("b h w c -> b c h w", {}, (2, 3, 4, 5),
     lambda x: x.transpose(0, 3, 1, 2)),
    ("b h w c -> (b h) w c", {}, (2, 3, 4, 5),
     lambda x: x.reshape(6, 4, 5)),
    ("b h w c -> h (b w) c", {}, (2, 3, 4, 5),
     lambda x: x.transpose(1, 0, 2, 3).reshape(3, 8, 5)),
    ("b (h1 h) (w1 w) c -> (b h1 w1) h w c", {"h1": 2, "w1": 2},
     (2, 4, 6, 1),
     lambda x: _rearrange_ref(x, (2, 2, 2, 2, 3, 1), (0, 1, 3, 2, 4, 5),
                              (8, 2, 3, 1))),
    ("b (h h1) (w w1) c -> b h w (c h1 w1)", {"h1": 2, "w1": 3},
     (1, 4, 6, 2),
     lambda x: _rearrange_ref(x, (1, 2, 2, 2, 3, 2), (0, 1, 3, 5, 2, 4),
                              (1, 2, 2, 12))),
    ("b ... c -> c b ...", {}, (2, 3, 4, 5),
     lambda x: x.transpose(3, 0, 1, 2)),
    ("a 1 b -> (b a) ()", {}, (3, 1, 2),
     lambda x: x[:, 0].T.reshape(6, 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    "pattern, lengths, shape, ref", REARRANGE, ids=[r[0] for r in REARRANGE]
)
def test_rearrange(check_op, pattern, lengths, shape, ref):
    x = make_array("float32", shape=shape, low=-9.0, high=9.0)
    check_op(lambda: ops.rearrange(x, pattern, **lengths), ref(x), "float32")


@pytest.mark.parametrize("dtype", ["int32", "bool", "bfloat16"])
def test_rearrange_keeps_dtype(check_op, dtype):
    x = make_array(dtype, shape=(2, 3, 4), low=-9.0, high=9.0)
    check_op(lambda: ops.rearrange(x, "a b c -> c (a b)"),
             x.transpose(2, 0, 1).reshape(4, 6), dtype)  # fmt: skip


def test_split_and_join_round_trip(check_op):
    x = make_array("float32", shape=(4, 6, 2))
    check_op(lambda: ops.concatenate(ops.array_split(x, 4, axis=1), axis=1),
             x, "float32")  # fmt: skip
    check_op(lambda: ops.vstack(ops.vsplit(x, [1, 3])), x, "float32")


CHECKED = set(JOINS) | set(SPLITS) | {"rearrange"}

# --------------------------------------------------------------- symbolic

X = K((None, 4, 6))
XI = K((None, 4, 6), "int32")
SYMBOLIC = {
    "append": [(lambda: ops.append(X, XI), (None,), "float32"),
               (lambda: ops.append(X, K((2, 4, 6)), axis=0), (None, 4, 6),
                "float32")],
    "hstack": [(lambda: ops.hstack([X, K((None, 1, 6), "int8")]),
                (None, 5, 6), "float32")],
    "vstack": [(lambda: ops.vstack([K((None, 3)), K((3,))]), (None, 3),
                "float32")],
    "dstack": [(lambda: ops.dstack([K((None, 3)), K((None, 3))]),
                (None, 3, 2), "float32")],
    "split": [(lambda: ops.split(X, 2, axis=1), [(None, 2, 6)] * 2,
               ["float32"] * 2),
              (lambda: ops.split(X, 2), [(None, 4, 6)] * 2, ["float32"] * 2),
              (lambda: ops.split(X, [1, 4], axis=2),
               [(None, 4, 1), (None, 4, 3), (None, 4, 2)], ["float32"] * 3)],
    "array_split": [(lambda: ops.array_split(X, 4, axis=2),
                     [(None, 4, 2)] * 2 + [(None, 4, 1)] * 2,
                     ["float32"] * 4)],
    "hsplit": [(lambda: ops.hsplit(XI, 2), [(None, 2, 6)] * 2,
                ["int32"] * 2)],
    "vsplit": [(lambda: ops.vsplit(X, 3), [(None, 4, 6)] * 3,
                ["float32"] * 3)],
    "dsplit": [(lambda: ops.dsplit(X, [5]), [(None, 4, 5), (None, 4, 1)],
                ["float32"] * 2)],
    "rearrange": [(lambda: ops.rearrange(X, "b h w -> b (h w)"), (None, 24),
                   "float32"),
                  (lambda: ops.rearrange(X, "(b n) h w -> b n h w", n=2),
                   (None, 2, 4, 6), "float32"),
                  (lambda: ops.rearrange(X, "b ... -> ... b"), (4, 6, None),
                   "float32")],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SYMBOLIC))
def test_symbolic(name):
    check_symbolic(SYMBOLIC[name])


# -------------------------------------------------------------- gradients


def _weighted(y):
    """A scalar that depends on every element and its position."""
    flat = ops.reshape(y, (-1,))
    weights = ops.cos(ops.arange(ops.size(flat)) * 0.7)
    return ops.sum(flat * ops.cast(weights, flat.dtype))


_X = make_array("float32", shape=(4, 6), seed=5, low=-1.0, high=1.0)
GRADIENTS = {
    "append": (lambda x: _weighted(ops.append(x, x[:1] * 3.0, axis=0)), _X),
    "hstack": (lambda x: _weighted(ops.hstack([x, x ** 2])), _X),
    "vstack": (lambda x: _weighted(ops.vstack([x[0], x])), _X),
    "dstack": (lambda x: _weighted(ops.dstack([x, ops.sin(x)])), _X),
    "split": (lambda x: _weighted(ops.split(x, 2, axis=1)[1]), _X),
    "array_split": (lambda x: _weighted(ops.array_split(x, 3)[0] * 2.0), _X),
    "hsplit": (lambda x: _weighted(ops.hsplit(x, [1])[1]), _X),
    "vsplit": (lambda x: _weighted(ops.vsplit(x, 4)[2]), _X),
    "dsplit": (lambda x: _weighted(
        ops.dsplit(ops.reshape(x, (2, 2, 6)), 3)[1]), _X),
    "rearrange": (lambda x: _weighted(
        ops.rearrange(x, "(a b) c -> c (b a)", a=2)), _X),
    "concatenate": (lambda x: _weighted(ops.concatenate([x, -x], 1)), _X),
    "stack": (lambda x: _weighted(ops.stack([x, x * x], axis=-1)), _X),
}  # fmt: skip


@pytest.mark.jax_only
@pytest.mark.parametrize("name", sorted(GRADIENTS))
def test_gradient(name):
    fn, *inputs = GRADIENTS[name]
    check_gradient(fn, *inputs)


# ----------------------------------------------------------------- errors

ERRORS = [
    (lambda: ops.split(np.ones((5, 2)), 2), ValueError,
     r"ops\.split: axis 0 of size 5 cannot be split into 2 equal sections"),
    (lambda: ops.split(K((None, 5)), 2, axis=1), ValueError,
     r"ops\.split: axis 1 of size 5 cannot be split into 2 equal sections "
     r"\(use ops\.array_split\)\. Received: x\.shape=\(None, 5\)"),
    (lambda: ops.array_split(np.ones(4), 0), ValueError,
     r"ops\.array_split: the number of sections must be positive"),
    (lambda: ops.vsplit(np.ones(4), 2), ValueError,
     r"ops\.vsplit: `x` needs at least 2 dimensions"),
    (lambda: ops.dsplit(K((None, 4)), 2), ValueError,
     r"ops\.dsplit: `x` needs at least 3 dimensions\. "
     r"Received: x\.shape=\(None, 4\)"),
    (lambda: ops.append(np.ones((2, 3)), np.ones((2, 4)), axis=0),
     ValueError, r"ops\.append: input shapes must match except on the join "
     r"axis \(0\)\. Received shapes: \[\(2, 3\), \(2, 4\)\]"),
    (lambda: ops.hstack([np.ones((2, 3)), np.ones((3, 3))]), ValueError,
     r"ops\.hstack: input shapes must match except on the join axis"),
    (lambda: ops.vstack([K((None, 3)), K((None, 4))]), ValueError,
     r"ops\.vstack: .*Received shapes: \[\(None, 3\), \(None, 4\)\]"),
    (lambda: ops.rearrange(np.ones((2, 3)), "a b -> a c"), ValueError,
     r"ops\.rearrange: both sides must name the same axes .*\['b', 'c'\]"),
    (lambda: ops.rearrange(np.ones((2, 3)), "a b c -> a b c"), ValueError,
     r"ops\.rearrange: the left side has 3 axes but the tensor has shape "
     r"\(2, 3\)"),
    (lambda: ops.rearrange(np.ones((6, 3)), "(a b) c -> a b c", a=4),
     ValueError, r"ops\.rearrange: a dim of size 6 cannot be split by "
     r"\['a'\]"),
    (lambda: ops.rearrange(K((None, 3)), "(a b) c -> a b c"), ValueError,
     r"ops\.rearrange: cannot infer the sizes of \['a', 'b'\]"),
    (lambda: ops.rearrange(np.ones((2, 3)), "a b"), ValueError,
     r"ops\.rearrange: the pattern needs exactly one '->'"),
    (lambda: ops.rearrange(np.ones((2, 3)), "a b -> (a (b))"), ValueError,
     r"ops\.rearrange: parentheses cannot nest"),
    (lambda: ops.rearrange(np.ones((2, 3)), "a b -> b a", c=2), ValueError,
     r"ops\.rearrange: axes_lengths names unknown axes \['c'\]"),
]  # fmt: skip


@pytest.mark.parametrize(
    "call, error, pattern", ERRORS,
    ids=[re.sub(r"\W+", "-", p[2][:40]) for p in ERRORS],
)  # fmt: skip
def test_bad_input_is_named(call, error, pattern):
    for name in BACKENDS:
        with backend_scope(name), pytest.raises(error, match=pattern):
            call()
