"""EinsumDense: kernel/bias shapes by Keras's rules, outputs vs NumPy."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers


def _np(x):
    return keras.ops.convert_to_numpy(x)


@pytest.mark.parametrize(
    ("equation", "output_shape", "bias_axes", "input_shape", "kernel",
     "bias", "out"), [
        ("ab,bc->ac", 4, None, (2, 3), (3, 4), None, (2, 4)),
        ("ab,bc->ac", 4, "c", (2, 3), (3, 4), (4,), (2, 4)),
        ("abc,cd->abd", (5, 6), "d", (2, 5, 3), (3, 6), (6,), (2, 5, 6)),
        ("abc,cde->abde", (5, 2, 6), "de", (2, 5, 3), (3, 2, 6), (2, 6),
         (2, 5, 2, 6)),
        ("abc,cde->abde", (5, 2, 6), "d", (2, 5, 3), (3, 2, 6), (2, 1),
         (2, 5, 2, 6)),
        ("...b,bc->...c", 4, "c", (2, 5, 3), (3, 4), (4,), (2, 5, 4)),
        ("ab...,bc->ac...", 4, "c", (2, 3, 5), (3, 4), (4, 1), (2, 4, 5)),
    ])  # fmt: skip
def test_weight_shapes_and_output_match_numpy(
    equation, output_shape, bias_axes, input_shape, kernel, bias, out
):
    layer = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes,
                               bias_initializer="random_normal")
    x = np.random.default_rng(0).normal(size=input_shape).astype("float32")
    got = _np(layer(x))
    weights = layer.get_weights()
    assert weights[0].shape == kernel
    assert [w.name for w in layer.weights] == (
        ["kernel"] if bias is None else ["kernel", "bias"])
    if bias is not None:
        assert weights[1].shape == bias
    want = np.einsum(equation, x, weights[0])
    if bias is not None:
        want = want + weights[1]
    assert got.shape == out
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    symbolic = layers.EinsumDense(equation, output_shape,
                                  bias_axes=bias_axes)(
        keras.Input(input_shape[1:]))
    assert symbolic.shape == (None, *out[1:])


def test_glorot_fans_use_the_kernels_input_and_output_axes():
    # Kernel (3, 2, 50): fan_in 3, fan_out 100 -> limit sqrt(6 / 103).
    layer = layers.EinsumDense("abc,cde->abde", (4, 2, 50))
    layer.build((None, 4, 3))
    kernel = layer.get_weights()[0]
    limit = np.sqrt(6 / 103)
    assert np.abs(kernel).max() <= limit
    assert np.abs(kernel).max() > 0.8 * limit


def test_activation_is_applied():
    layer = layers.EinsumDense("ab,bc->ac", 3, activation="relu")
    x = np.random.default_rng(1).normal(size=(4, 2)).astype("float32")
    out = _np(layer(x))
    np.testing.assert_allclose(out, np.maximum(x @ layer.get_weights()[0],
                                               0), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("kwargs", "shape", "pattern"), [
    ({"equation": "ab->c", "output_shape": 3}, (2, 3),
     r"invalid equation 'ab->c'"),
    ({"equation": "ab,bc->ac", "output_shape": 0}, (2, 3),
     r"output_shape=\(0,\)"),
    ({"equation": "ab,bc->ac", "output_shape": 3, "bias_axes": "x"},
     (2, 3), r"bias axis 'x'.*'ac'"),
    ({"equation": "abc,cd->abd", "output_shape": (7, 4)}, (2, 5, 3),
     r"shared axis 'b'.*input has 5.*asks for 7"),
    ({"equation": "ab,bcz->ac", "output_shape": 3}, (2, 3),
     r"kernel axis 'z'"),
    ({"equation": "abc,cd->abd", "output_shape": (5, 4)}, (2, 3),
     r"rank 2"),
])  # fmt: skip
def test_bad_configurations_are_rejected(kwargs, shape, pattern):
    with pytest.raises(ValueError, match=pattern):
        layers.EinsumDense(**kwargs)(np.ones(shape, "float32"))


def test_rank_change_after_build_names_the_layer():
    layer = layers.EinsumDense("ab,bc->ac", 3, name="proj")
    layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match=r"'proj'.*\(2, 3, 4\)"):
        layer(np.ones((2, 3, 4), "float32"))


CONFORMANCE = [
    (layers.EinsumDense, dict(
        init_kwargs={"equation": "abc,cde->abde", "output_shape": (3, 2, 5),
                     "bias_axes": "de"},
        input_shape=(2, 3, 4), expected_output_shape=(2, 3, 2, 5),
        expected_output_dtype="float32",
        expected_num_trainable_weights=2, supports_masking=False,
    )),
    (layers.EinsumDense, dict(
        init_kwargs={"equation": "...b,bc->...c", "output_shape": 3,
                     "activation": "tanh"},
        input_shape=(2, 2, 4), expected_output_shape=(2, 2, 3),
        expected_num_trainable_weights=1,
    )),
]  # fmt: skip
