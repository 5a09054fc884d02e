"""ELU, LeakyReLU, PReLU, ReLU and Softmax layers against NumPy."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras.backend.common.masking import set_keras_mask

X = np.array([[-3.0, -0.5, 0.25, 0.7, 2.5, 7.0]], "float32")


def _np(x):
    return keras.ops.convert_to_numpy(x)


def _np_relu(x, max_value=None, negative_slope=0.0, threshold=0.0):
    # Keras's documented piecewise formula, written out.
    out = np.where(x > threshold, x, negative_slope * (x - threshold))
    return out if max_value is None else np.minimum(out, max_value)


@pytest.mark.parametrize("kwargs", [
    {},
    {"max_value": 2.0},
    {"negative_slope": 0.1},
    {"threshold": 0.5, "negative_slope": 0.2, "max_value": 6.0},
])  # fmt: skip
def test_relu_matches_the_keras_formula(kwargs):
    out = _np(layers.ReLU(**kwargs)(X))
    np.testing.assert_allclose(out, _np_relu(X, **kwargs), rtol=1e-6)


def test_elu_and_leaky_relu_match_numpy():
    np.testing.assert_allclose(
        _np(layers.ELU(alpha=0.5)(X)),
        np.where(X > 0, X, 0.5 * (np.exp(X) - 1)), rtol=1e-6,
    )  # fmt: skip
    np.testing.assert_allclose(
        _np(layers.LeakyReLU()(X)), np.where(X >= 0, X, 0.3 * X), rtol=1e-6
    )
    assert layers.LeakyReLU(alpha=0.1).negative_slope == 0.1


def test_prelu_learns_one_slope_per_shared_group():
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    layer = layers.PReLU(shared_axes=[1])
    layer.build(x.shape)
    alpha = np.arange(4, dtype="float32").reshape(1, 4) / 10
    layer.set_weights([alpha])
    assert layer.weights[0].path.endswith("alpha")
    out = _np(layer(x))
    np.testing.assert_allclose(out, np.where(x >= 0, x, alpha * x),
                               rtol=1e-6)  # fmt: skip
    default = layers.PReLU()
    default.build((None, 3, 4))
    assert default.weights[0].shape == (3, 4)
    np.testing.assert_array_equal(default.get_weights()[0], 0)


def _np_softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def test_softmax_axes_match_numpy():
    x = np.random.default_rng(1).normal(size=(2, 3, 4)).astype("float32")
    np.testing.assert_allclose(_np(layers.Softmax()(x)), _np_softmax(x, -1),
                               rtol=1e-5)  # fmt: skip
    np.testing.assert_allclose(_np(layers.Softmax(axis=1)(x)),
                               _np_softmax(x, 1), rtol=1e-5)  # fmt: skip
    np.testing.assert_allclose(_np(layers.Softmax(axis=[1, 2])(x)),
                               _np_softmax(x, (1, 2)), rtol=1e-5)  # fmt: skip


def test_softmax_mask_zeroes_masked_positions():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], "float32")
    mask = np.array([[True, False, True], [False, False, False]])
    out = _np(layers.Softmax()(x, mask=mask))
    kept = np.exp([1.0, 3.0]) / np.exp([1.0, 3.0]).sum()
    np.testing.assert_allclose(out[0], [kept[0], 0.0, kept[1]], rtol=1e-5)
    # A fully masked row is all zeros, not uniform.
    np.testing.assert_array_equal(out[1], 0.0)
    # A broadcastable float mask (> 0.5 keeps) works too.
    out = _np(layers.Softmax()(x, mask=np.array([[1.0, 0.0, 1.0]])))
    np.testing.assert_allclose(out[0], [kept[0], 0.0, kept[1]], rtol=1e-5)


def test_softmax_takes_the_mask_attached_to_its_input():
    x = keras.ops.convert_to_tensor(np.array([[1.0, 2.0, 3.0]], "float32"))
    set_keras_mask(x, keras.ops.convert_to_tensor([[True, True, False]]))
    out = _np(layers.Softmax()(x))
    assert out[0, 2] == 0.0
    np.testing.assert_allclose(out[0, :2].sum(), 1.0, rtol=1e-6)


@pytest.mark.parametrize(("cls", "kwargs", "pattern"), [
    (layers.ReLU, {"max_value": -1.0}, r"ReLU.*max_value.*>= 0.*-1.0"),
    (layers.ReLU, {"negative_slope": -0.1}, r"negative_slope=-0.1"),
    (layers.ReLU, {"threshold": None}, r"threshold=None"),
    (layers.LeakyReLU, {"negative_slope": -1}, r"LeakyReLU.*negative_slope"),
    (layers.ELU, {"alpha": "x"}, r"ELU.*alpha='x'"),
    (layers.Softmax, {"axis": 1.5}, r"Softmax.*axis=1.5"),
    (layers.PReLU, {"shared_axes": [0]}, r"PReLU.*shared_axes=\[0\]"),
])  # fmt: skip
def test_bad_arguments_are_rejected(cls, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        cls(**kwargs)


def test_softmax_rejects_a_mask_that_does_not_broadcast():
    with pytest.raises(ValueError, match=r"mask.shape=\(2, 2\)"):
        layers.Softmax()(np.ones((2, 3), "float32"), mask=np.ones((2, 2)))


def test_prelu_rejects_an_input_of_another_shape_after_build():
    layer = layers.PReLU()
    layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match=r"p_re_lu.*\(2, 4\)"):
        layer(np.ones((2, 4), "float32"))


CONFORMANCE = [
    (layers.ELU, dict(
        init_kwargs={"alpha": 0.5}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=0,
        supports_masking=True,
    )),
    (layers.LeakyReLU, dict(
        init_kwargs={"negative_slope": 0.1}, input_shape=(2, 3),
        expected_output_shape=(2, 3), supports_masking=True,
    )),
    (layers.PReLU, dict(
        init_kwargs={"shared_axes": [1],
                     "alpha_initializer": "random_uniform"},
        input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=1, supports_masking=True,
    )),
    (layers.ReLU, dict(
        init_kwargs={"max_value": 1.0, "negative_slope": 0.1,
                     "threshold": 0.2},
        input_shape=(2, 3), expected_output_shape=(2, 3),
        expected_output_dtype="float32", supports_masking=True,
    )),
    (layers.Softmax, dict(
        init_kwargs={"axis": [1, 2]}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), supports_masking=True,
    )),
]  # fmt: skip
