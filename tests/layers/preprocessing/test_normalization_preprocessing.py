"""The Normalization preprocessing layer: adapt against NumPy statistics,
given statistics, inversion, and errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers

EPS = 1e-7


def _data(*shape, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=shape) * 3 + 1).astype("float32")


def test_adapt_on_an_array_gives_numpy_mean_and_variance_and_normalizes():
    x = _data(20, 3)
    layer = layers.Normalization()
    layer.adapt(x)
    mean, variance, count = layer.get_weights()
    np.testing.assert_allclose(mean, x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(variance, x.var(0), rtol=1e-5)
    assert count.shape == ()
    out = np.asarray(layer(x))
    np.testing.assert_allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0)),
                               rtol=1e-4, atol=1e-5)
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/mean", f"{layer.name}/variance", f"{layer.name}/count"
    ]
    assert not layer.trainable_weights


def test_adapt_merges_uneven_batches_exactly():
    x = _data(23, 2, 4, seed=1)
    batches = [x[:5], x[5:6], x[6:]]
    layer = layers.Normalization(axis=(1, 2))
    layer.adapt(iter([(b, np.zeros(len(b))) for b in batches]))  # (x, y)
    mean, variance, _ = layer.get_weights()
    assert mean.shape == (2, 4)
    np.testing.assert_allclose(mean, x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(variance, x.var(0), rtol=1e-5)


def test_adapt_with_axis_none_uses_one_scalar_statistic():
    x = _data(6, 5, seed=2)
    layer = layers.Normalization(axis=None)
    layer.adapt([x[:3], x[3:]])
    mean, variance, _ = layer.get_weights()
    assert mean.shape == ()
    np.testing.assert_allclose(mean, x.mean(), rtol=1e-5)
    np.testing.assert_allclose(variance, x.var(), rtol=1e-5)


def test_given_statistics_broadcast_from_the_right_and_invert():
    x = _data(2, 3, 4, seed=3)
    mean = np.array([1.0, 2.0, 3.0, 4.0], "float32")
    variance = np.array([1.0, 4.0, 9.0, 0.0], "float32")
    layer = layers.Normalization(mean=mean, variance=variance)
    out = np.asarray(layer(x))
    scale = np.maximum(np.sqrt(variance), EPS)
    np.testing.assert_allclose(out, (x - mean) / scale, rtol=1e-5)
    assert layer.weights == []
    back = layers.Normalization(mean=mean, variance=variance, invert=True)
    np.testing.assert_allclose(np.asarray(back(out))[..., :3], x[..., :3],
                               rtol=1e-5, atol=1e-5)


def test_statistics_stay_fixed_inside_a_compiled_model():
    x = _data(8, 3, seed=4)
    norm = layers.Normalization()
    norm.adapt(x)
    inputs = keras.Input((3,))
    model = keras.Model(inputs, norm(inputs))
    out = model.predict(x, verbose=0)
    np.testing.assert_allclose(out, (x - x.mean(0)) / x.std(0), rtol=1e-4,
                               atol=1e-5)
    model.compile(loss="mse")
    model.evaluate(x, np.zeros_like(x), verbose=0)
    np.testing.assert_allclose(norm.get_weights()[0], x.mean(0), rtol=1e-5,
                               atol=1e-6)


def test_normalization_passes_masks_through():
    layer = layers.Normalization(mean=0.0, variance=1.0)
    assert layer.supports_masking


def test_bad_arguments_and_shapes_are_rejected():
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        layers.Normalization(mean=1.0)
    with pytest.raises(ValueError, match="same shape"):
        layers.Normalization(mean=[1.0, 2.0], variance=[1.0])
    with pytest.raises(ValueError, match=r"axis=\(3,\)"):
        layers.Normalization(axis=3)(_data(2, 3))
    with pytest.raises(ValueError, match=r"unknown"):
        layers.Normalization(axis=1)(keras.Input(shape=(None,)))
    layer = layers.Normalization(name="norm")
    layer.adapt(_data(4, 3))
    with pytest.raises(ValueError, match=r"'norm'.*\(4, 3\).*\(4, 5\)"):
        layer.adapt(_data(4, 5))
    with pytest.raises(TypeError, match="adapt"):
        layers.Normalization().adapt(3.0)


CONFORMANCE = [
    (layers.Normalization, dict(
        init_kwargs={"axis": -1}, input_shape=(3, 4),
        expected_output_shape=(3, 4), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=3, supports_masking=True,
    )),
]  # fmt: skip
