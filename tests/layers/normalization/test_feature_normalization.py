"""LayerNormalization, GroupNormalization, RMSNormalization and
UnitNormalization against NumPy; argument and shape errors."""

import numpy as np
import pytest

from multikeras import layers

RNG = np.random.default_rng(1)


def _np_layer_norm(x, axes, gamma, beta, eps):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def test_layer_normalization_matches_numpy():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    layer = layers.LayerNormalization(epsilon=0.01)
    layer.build(x.shape)
    gamma, beta = RNG.normal(size=4), RNG.normal(size=4)
    layer.set_weights([gamma.astype("float32"), beta.astype("float32")])
    np.testing.assert_allclose(
        np.asarray(layer(x)), _np_layer_norm(x, -1, gamma, beta, 0.01),
        rtol=1e-5, atol=1e-5)


def test_layer_normalization_over_several_axes():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    layer = layers.LayerNormalization(axis=[2, 1], center=False)
    layer.build(x.shape)
    assert layer.axis == [1, 2]
    assert [w.shape for w in layer.weights] == [(3, 4)]
    gamma = RNG.normal(size=(3, 4)).astype("float32")
    layer.set_weights([gamma])
    np.testing.assert_allclose(
        np.asarray(layer(x)), _np_layer_norm(x, (1, 2), gamma, 0, 1e-3),
        rtol=1e-5, atol=1e-5)


def test_layer_normalization_over_a_middle_axis():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    layer = layers.LayerNormalization(axis=1)
    layer.build(x.shape)
    gamma, beta = np.float32([1.0, 2.0, 3.0]), np.float32([0.0, 1.0, -1.0])
    layer.set_weights([gamma, beta])
    g, b = gamma.reshape(1, 3, 1), beta.reshape(1, 3, 1)
    np.testing.assert_allclose(
        np.asarray(layer(x)), _np_layer_norm(x, 1, g, b, 1e-3),
        rtol=1e-5, atol=1e-5)


def test_layer_normalization_rms_scaling_is_deprecated_and_unscaled():
    x = RNG.normal(size=(2, 4)).astype("float32")
    with pytest.warns(UserWarning, match="deprecated"):
        layer = layers.LayerNormalization(rms_scaling=True)
    out = np.asarray(layer(x))
    assert [w.name for w in layer.weights] == ["gamma"]
    np.testing.assert_allclose(
        out, x / np.sqrt(x.var(-1, keepdims=True) + 1e-3), rtol=1e-5)


def _np_group_norm(x, groups, gamma, beta, eps):
    n, c = x.shape[0], x.shape[-1]
    g = x.reshape(n, -1, groups, c // groups)
    mean = g.mean(axis=(1, 3), keepdims=True)
    var = g.var(axis=(1, 3), keepdims=True)
    out = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    return out * gamma + beta


def test_group_normalization_matches_numpy():
    x = RNG.normal(size=(2, 3, 3, 6)).astype("float32")
    layer = layers.GroupNormalization(groups=3, epsilon=0.01)
    layer.build(x.shape)
    gamma = RNG.normal(size=6).astype("float32")
    beta = RNG.normal(size=6).astype("float32")
    layer.set_weights([gamma, beta])
    np.testing.assert_allclose(
        np.asarray(layer(x)), _np_group_norm(x, 3, gamma, beta, 0.01),
        rtol=1e-4, atol=1e-5)


def test_group_normalization_channels_first_and_instance_norm():
    x = RNG.normal(size=(2, 4, 5)).astype("float32")
    layer = layers.GroupNormalization(groups=-1, axis=1, center=False)
    out = np.asarray(layer(x))
    assert layer.groups == 4 and len(layer.weights) == 1
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3),
                               rtol=1e-4, atol=1e-5)


def test_rms_normalization_matches_numpy():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    layer = layers.RMSNormalization()
    layer.build(x.shape)
    scale = RNG.normal(size=4).astype("float32")
    layer.set_weights([scale])
    want = x / np.sqrt(np.mean(x**2, -1, keepdims=True) + 1e-6) * scale
    np.testing.assert_allclose(np.asarray(layer(x)), want, rtol=1e-5,
                               atol=1e-6)
    assert [w.name for w in layer.weights] == ["scale"]


def test_unit_normalization_matches_numpy():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    out = np.asarray(layers.UnitNormalization(axis=[1, 2])(x))
    norms = np.sqrt(np.sum(x**2, axis=(1, 2), keepdims=True))
    np.testing.assert_allclose(out, x / norms, rtol=1e-5)
    zeros = np.zeros((1, 3), "float32")
    np.testing.assert_array_equal(
        np.asarray(layers.UnitNormalization()(zeros)), zeros)


@pytest.mark.parametrize(("make", "match"), [
    (lambda: layers.LayerNormalization(axis="a"), r"axis.*axis='a'"),
    (lambda: layers.LayerNormalization(epsilon="x"), r"epsilon='x'"),
    (lambda: layers.GroupNormalization(groups=0), r"groups=0"),
    (lambda: layers.GroupNormalization(axis=[1]), r"axis=\[1\]"),
    (lambda: layers.RMSNormalization(axis=1.5), r"axis=1.5"),
    (lambda: layers.UnitNormalization(axis=None), r"axis=None"),
])
def test_bad_arguments_are_rejected_at_construction(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make()


@pytest.mark.parametrize(("layer", "shape", "match"), [
    (layers.LayerNormalization(axis=3, name="ln"), (2, 3),
     r"'ln'.*axis 3.*\(2, 3\)"),
    (layers.GroupNormalization(groups=4, name="gn"), (2, 6),
     r"'gn'.*channels \(6.*groups=4.*\(2, 6\)"),
    (layers.RMSNormalization(axis=-3, name="rms"), (2, 3),
     r"'rms'.*axis -3.*\(2, 3\)"),
    (layers.UnitNormalization(axis=2, name="un"), (2, 3),
     r"'un'.*axis 2.*\(2, 3\)"),
])
def test_bad_input_shapes_name_the_layer_and_shape(layer, shape, match):
    with pytest.raises(ValueError, match=match):
        layer(np.ones(shape, "float32"))


def test_built_layer_rejects_a_different_feature_size():
    layer = layers.GroupNormalization(groups=2, name="gn")
    layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match=r"'gn'.*\(2, 6\)"):
        layer(np.ones((2, 6), "float32"))


CONFORMANCE = [
    (layers.LayerNormalization, dict(
        init_kwargs={"axis": -1}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2,
        supports_masking=True,
    )),
    (layers.LayerNormalization, dict(
        init_kwargs={"axis": [1, 2], "center": False}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=1,
    )),
    (layers.GroupNormalization, dict(
        init_kwargs={"groups": 2}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2,
        supports_masking=True,
    )),
    (layers.GroupNormalization, dict(
        init_kwargs={"groups": -1, "axis": 1}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2,
    )),
    (layers.RMSNormalization, dict(
        init_kwargs={"axis": -1}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=1,
        supports_masking=False,
    )),
    (layers.UnitNormalization, dict(
        init_kwargs={"axis": [1, 2]}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=0,
        supports_masking=True,
    )),
]  # fmt: skip
