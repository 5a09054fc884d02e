"""The Keras 3 activations built on `ops.nn`: values against NumPy formulas
written here, defaults and arguments, lookup and serialization by name."""

import inspect

import numpy as np
import pytest

import multikeras
from multikeras import activations

X = np.array([-4.0, -2.5, -1.0, -0.5, -0.2, 0.0, 0.3, 0.5, 1.0, 2.0, 3.5],
             dtype="float32")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _sparsemax(z):
    # Martins & Astudillo (2016), one row at a time.
    z_sorted = np.sort(z)[::-1]
    cumulative = np.cumsum(z_sorted)
    k = np.arange(1, z.size + 1)
    support = 1 + k * z_sorted > cumulative
    k_max = k[support][-1]
    tau = (cumulative[k_max - 1] - 1) / k_max
    return np.maximum(z - tau, 0)


# name, call, NumPy reference
CASES = [
    ("celu", lambda x: activations.celu(x),
     lambda x: np.where(x > 0, x, np.expm1(x))),
    ("celu_alpha", lambda x: activations.celu(x, alpha=2.0),
     lambda x: np.where(x > 0, x, 2.0 * np.expm1(x / 2.0))),
    ("hard_shrink", lambda x: activations.hard_shrink(x),
     lambda x: np.where(np.abs(x) > 0.5, x, 0.0)),
    ("hard_shrink_1", lambda x: activations.hard_shrink(x, threshold=1.0),
     lambda x: np.where(np.abs(x) > 1.0, x, 0.0)),
    ("hard_silu", lambda x: activations.hard_silu(x),
     lambda x: x * np.clip(x + 3.0, 0.0, 6.0) / 6.0),
    ("hard_swish", lambda x: activations.hard_swish(x),
     lambda x: x * np.clip(x + 3.0, 0.0, 6.0) / 6.0),
    ("hard_tanh", lambda x: activations.hard_tanh(x),
     lambda x: np.clip(x, -1.0, 1.0)),
    ("log_sigmoid", lambda x: activations.log_sigmoid(x),
     lambda x: np.log(_sigmoid(x))),
    ("soft_shrink", lambda x: activations.soft_shrink(x),
     lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0.0)),
    ("soft_shrink_2", lambda x: activations.soft_shrink(x, threshold=2.0),
     lambda x: np.sign(x) * np.maximum(np.abs(x) - 2.0, 0.0)),
    ("sparse_plus", lambda x: activations.sparse_plus(x),
     lambda x: np.where(x <= -1, 0.0,
                        np.where(x >= 1, x, (x + 1) ** 2 / 4))),
    ("sparse_sigmoid", lambda x: activations.sparse_sigmoid(x),
     lambda x: np.where(x <= -1, 0.0,
                        np.where(x >= 1, 1.0, (x + 1) / 2))),
    ("squareplus", lambda x: activations.squareplus(x),
     lambda x: (x + np.sqrt(x**2 + 4)) / 2),
    ("squareplus_b1", lambda x: activations.squareplus(x, b=1),
     lambda x: (x + np.sqrt(x**2 + 1)) / 2),
    ("tanh_shrink", lambda x: activations.tanh_shrink(x),
     lambda x: x - np.tanh(x)),
    ("threshold", lambda x: activations.threshold(x, 0.4, -7.0),
     lambda x: np.where(x > 0.4, x, -7.0)),
]


@pytest.mark.parametrize("name,fn,reference", CASES,
                         ids=[c[0] for c in CASES])
def test_elementwise_values(name, fn, reference):
    out = np.asarray(fn(X))
    assert out.dtype == np.float32 and out.shape == X.shape
    expected = reference(X.astype("float64"))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_glu_splits_the_axis_in_halves():
    x = np.arange(24, dtype="float32").reshape(2, 4, 3) / 10 - 1
    a, b = x[:, :, :1], x[:, :, 1:]
    np.testing.assert_allclose(
        np.asarray(activations.glu(x[:, :, :2])),
        a * _sigmoid(b[:, :, :1]), rtol=1e-6,
    )
    out = np.asarray(activations.glu(x, axis=1))
    assert out.shape == (2, 2, 3)
    np.testing.assert_allclose(
        out, x[:, :2] * _sigmoid(x[:, 2:]), rtol=1e-6
    )


def test_glu_rejects_an_odd_axis():
    with pytest.raises(ValueError, match="even"):
        activations.glu(np.ones((2, 3), "float32"))


def test_sparsemax_is_a_projection_onto_the_simplex():
    x = np.array([[0.0, 1.0, 1.5, -2.0], [0.3, 0.1, 0.2, 0.25]],
                 dtype="float32")
    out = np.asarray(activations.sparsemax(x))
    expected = np.stack([_sparsemax(row.astype("float64")) for row in x])
    np.testing.assert_allclose(out, expected, atol=1e-6)
    np.testing.assert_allclose(out.sum(-1), 1.0, rtol=1e-6)
    # Along another axis: the same as on the transpose.
    np.testing.assert_allclose(
        np.asarray(activations.sparsemax(x.T, axis=0)), out.T, atol=1e-6
    )


def test_signatures_and_defaults_are_keras():
    expected = {
        "celu": "(x, alpha=1.0)",
        "glu": "(x, axis=-1)",
        "hard_shrink": "(x, threshold=0.5)",
        "hard_silu": "(x)",
        "hard_swish": "(x)",
        "hard_tanh": "(x)",
        "log_sigmoid": "(x)",
        "soft_shrink": "(x, threshold=0.5)",
        "sparse_plus": "(x)",
        "sparse_sigmoid": "(x)",
        "sparsemax": "(x, axis=-1)",
        "squareplus": "(x, b=4)",
        "tanh_shrink": "(x)",
        "threshold": "(x, threshold, default_value)",
    }
    for name, signature in expected.items():
        fn = getattr(activations, name)
        assert str(inspect.signature(fn)) == signature, name


@pytest.mark.parametrize(
    "name", ["celu", "glu", "hard_shrink", "hard_silu", "hard_tanh",
             "log_sigmoid", "soft_shrink", "sparse_plus", "sparse_sigmoid",
             "sparsemax", "squareplus", "tanh_shrink"],
)
def test_found_and_serialized_by_name(name):
    fn = activations.get(name)
    assert fn is getattr(activations, name)
    assert activations.serialize(fn) == name
    assert activations.deserialize(name) is fn


def test_hard_swish_is_hard_silu():
    assert activations.hard_swish is activations.hard_silu
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.serialize(activations.hard_swish) == "hard_silu"


def test_a_layer_uses_and_saves_them_by_name():
    layer = multikeras.layers.Dense(
        2, activation="sparse_plus", kernel_initializer="ones"
    )
    x = np.array([[-3.0, 1.0], [0.25, 0.25]], dtype="float32")
    out = np.asarray(layer(x))
    z = x.sum(-1, keepdims=True) * np.ones((1, 2))
    expected = np.where(z <= -1, 0.0, np.where(z >= 1, z, (z + 1) ** 2 / 4))
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    config = layer.get_config()
    assert config["activation"] == "sparse_plus"
    clone = multikeras.layers.Dense.from_config(config)
    assert clone.activation is activations.sparse_plus
