"""BatchNormalization: batch vs moving statistics, moving averages updated
inside the compiled train step, masks, renormalization, errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras.backend.common.masking import get_keras_mask

RNG = np.random.default_rng(0)


def _np_bn(x, mean, var, gamma, beta, eps, axis=-1):
    shape = [1] * x.ndim
    shape[axis] = -1
    r = [np.reshape(v, shape) for v in (mean, var, gamma, beta)]
    return (x - r[0]) / np.sqrt(r[1] + eps) * r[2] + r[3]


def _set(layer, x, gamma, beta, mean, var):
    layer.build(x.shape)
    layer.set_weights([gamma, beta, mean, var])


def test_weights_in_keras_order():
    layer = layers.BatchNormalization()
    layer.build((None, 3))
    assert [w.name for w in layer.weights] == [
        "gamma", "beta", "moving_mean", "moving_variance"]
    assert [w.trainable for w in layer.weights] == [True, True, False, False]
    assert all(w.shape == (3,) for w in layer.weights)


def test_inference_uses_moving_statistics():
    x = RNG.normal(size=(4, 3)).astype("float32")
    gamma, beta = np.float32([1.5, 0.5, 2.0]), np.float32([0.1, -1.0, 0.0])
    mean, var = np.float32([0.2, -0.3, 1.0]), np.float32([0.5, 2.0, 1.5])
    layer = layers.BatchNormalization(epsilon=0.01)
    _set(layer, x, gamma, beta, mean, var)
    np.testing.assert_allclose(
        np.asarray(layer(x)), _np_bn(x, mean, var, gamma, beta, 0.01),
        rtol=1e-5, atol=1e-6)
    # Inference changes no statistic.
    np.testing.assert_array_equal(layer.moving_mean.numpy(), mean)


def test_training_uses_batch_statistics_and_updates_moving_ones():
    x = RNG.normal(size=(5, 2, 3)).astype("float32")
    layer = layers.BatchNormalization(momentum=0.8)
    out = np.asarray(layer(x, training=True))
    mean, var = x.mean(axis=(0, 1)), x.var(axis=(0, 1))
    np.testing.assert_allclose(
        out, _np_bn(x, mean, var, np.ones(3), np.zeros(3), 1e-3),
        rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.2 * mean,
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(layer.moving_variance.numpy(),
                               0.8 + 0.2 * var, rtol=1e-5)


def test_channels_first_axis():
    x = RNG.normal(size=(3, 2, 4, 4)).astype("float32")
    layer = layers.BatchNormalization(axis=1, momentum=0.0, center=False,
                                      scale=False)
    out = np.asarray(layer(x, training=True))
    mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    np.testing.assert_allclose(
        out, _np_bn(x, mean, var, np.ones(2), np.zeros(2), 1e-3, axis=1),
        rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), var, rtol=1e-5)
    assert len(layer.weights) == 2


def test_frozen_layer_runs_in_inference_mode_in_training():
    x = RNG.normal(size=(4, 3)).astype("float32")
    layer = layers.BatchNormalization()
    layer.build(x.shape)
    layer.trainable = False
    out = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(out, x / np.sqrt(1 + 1e-3), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3))


def test_mask_excludes_masked_entries_from_statistics():
    x = RNG.normal(size=(2, 4, 3)).astype("float32")
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 0]], bool)
    layer = layers.BatchNormalization(momentum=0.0)
    out = np.asarray(layer(x, training=True, mask=mask))
    kept = x[mask]  # (5, 3)
    mean, var = kept.mean(0), kept.var(0)
    np.testing.assert_allclose(layer.moving_mean.numpy(), mean, rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), var, rtol=1e-5)
    np.testing.assert_allclose(
        out, _np_bn(x, mean, var, np.ones(3), np.zeros(3), 1e-3),
        rtol=1e-4, atol=1e-5)


def test_mask_from_embedding_reaches_batch_normalization_and_beyond():
    tokens = np.array([[1, 2, 0], [3, 0, 0]])
    vectors = layers.Embedding(4, 2, mask_zero=True)(tokens)
    layer = layers.BatchNormalization(momentum=0.0)
    out = layer(vectors, training=True)
    kept = np.asarray(vectors)[tokens != 0]
    np.testing.assert_allclose(layer.moving_mean.numpy(), kept.mean(0),
                               rtol=1e-5, atol=1e-6)
    # The mask passes through to the next layer.
    np.testing.assert_array_equal(np.asarray(get_keras_mask(out)),
                                  tokens != 0)


def test_stateless_call_returns_updated_moving_statistics():
    x = RNG.normal(size=(6, 2)).astype("float32")
    layer = layers.BatchNormalization(momentum=0.5)
    layer.build(x.shape)
    trainable = [v.value for v in layer.trainable_variables]
    state = [v.value for v in layer.non_trainable_variables]
    _, state = layer.stateless_call(trainable, state, x, training=True)
    np.testing.assert_allclose(np.asarray(state[0]), 0.5 * x.mean(0),
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(np.asarray(state[1]), 0.5 + 0.5 * x.var(0),
                               rtol=1e-5)
    # The layer's own variables are untouched.
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(2))


def _expected_moving(batches, momentum):
    mean, var = np.zeros(batches[0].shape[1]), np.ones(batches[0].shape[1])
    for b in batches:
        mean = momentum * mean + (1 - momentum) * b.mean(0)
        var = momentum * var + (1 - momentum) * b.var(0)
    return mean, var


class _CountingBN(layers.BatchNormalization):
    traces = 0

    def call(self, inputs, training=None, mask=None):
        type(self).traces += 1
        return super().call(inputs, training=training, mask=mask)


@pytest.mark.jax_only
@pytest.mark.parametrize("n", [12, 10])  # 10: a padded last batch
def test_fit_updates_moving_statistics_inside_the_compiled_step(n):
    x = RNG.normal(2.0, 3.0, size=(n, 3)).astype("float32")
    y = np.zeros((n, 3), "float32")
    model = keras.Sequential([keras.Input((3,)), _CountingBN(momentum=0.9)])
    model.compile(optimizer="sgd", loss="mse")
    _CountingBN.traces = 0
    model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    # One trace: the state updates and the padded last batch recompile
    # nothing.
    assert _CountingBN.traces == 1
    batches = [x[i:i + 4] for i in range(0, n, 4)] * 2
    mean, var = _expected_moving(batches, 0.9)
    bn = model.layers[-1]
    np.testing.assert_allclose(bn.moving_mean.numpy(), mean, rtol=1e-4)
    np.testing.assert_allclose(bn.moving_variance.numpy(), var, rtol=1e-4)
    # Evaluation and prediction leave the statistics alone.
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    np.testing.assert_allclose(bn.moving_mean.numpy(), mean, rtol=1e-4)


def test_renorm_step_matches_numpy():
    x = RNG.normal(1.0, 2.0, size=(8, 2)).astype("float32")
    eps, m, rm = 1e-3, 0.9, 0.5
    layer = layers.BatchNormalization(
        renorm=True, renorm_clipping={"rmax": 1.5, "rmin": 0.7, "dmax": 0.4},
        momentum=m, renorm_momentum=rm, epsilon=eps,
    )
    layer.build(x.shape)
    names = [w.name for w in layer.weights]
    assert names == ["gamma", "beta", "moving_mean", "moving_variance",
                     "moving_stddev", "renorm_mean", "renorm_stddev"]
    gamma, beta = np.float32([2.0, 0.5]), np.float32([0.1, 0.2])
    values = layer.get_weights()
    values[0], values[1] = gamma, beta
    values[5] = np.float32([0.5, 0.9])  # renorm_mean
    values[6] = np.float32([1.2, 3.0])  # renorm_stddev
    values[4] = np.float32([1.1, 1.3])  # moving_stddev
    layer.set_weights(values)
    out = np.asarray(layer(x, training=True))

    mean, var = x.mean(0), x.var(0)
    std = np.sqrt(var + eps)
    r = np.clip(std / np.float32([1.2, 3.0]), 0.7, 1.5)
    d = np.clip((mean - np.float32([0.5, 0.9])) / np.float32([1.2, 3.0]),
                -0.4, 0.4)
    xhat = (x - mean) / std
    np.testing.assert_allclose(out, (xhat * r + d) * gamma + beta,
                               rtol=1e-4, atol=1e-5)
    moving_std = m * np.float32([1.1, 1.3]) + (1 - m) * std
    np.testing.assert_allclose(layer.moving_stddev.numpy(), moving_std,
                               rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(),
                               moving_std**2 - eps, rtol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), (1 - m) * mean,
                               rtol=1e-5)
    np.testing.assert_allclose(
        layer.renorm_mean.numpy(), rm * np.float32([0.5, 0.9]) + rm * mean,
        rtol=1e-5)
    np.testing.assert_allclose(
        layer.renorm_stddev.numpy(), rm * np.float32([1.2, 3.0]) + rm * std,
        rtol=1e-5)


def test_half_precision_input_is_normalized_in_float32():
    x = (RNG.normal(size=(4, 3)) * 300).astype("float16")
    layer = layers.BatchNormalization(dtype="float16")
    out = layer(x, training=True)
    assert keras.backend.standardize_dtype(out.dtype) == "float16"
    assert np.all(np.isfinite(np.asarray(out, "float32")))


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"momentum": 1.5}, r"momentum.*\[0, 1\].*momentum=1.5"),
    ({"axis": "last"}, r"`axis` must be an int.*axis='last'"),
    ({"epsilon": -1.0}, r"epsilon.*epsilon=-1.0"),
    ({"renorm": True, "renorm_clipping": {"rmx": 1.0}},
     r"unknown keys \['rmx'\]"),
    ({"renorm": True, "renorm_clipping": {"rmax": 1.0, "rmin": 2.0}},
     r"rmax >= rmin"),
    ({"renorm": True, "renorm_clipping": {"dmax": -1.0}}, r"dmax >= 0"),
])
def test_bad_arguments_are_rejected_at_construction(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        layers.BatchNormalization(**kwargs)


def test_bad_shapes_name_the_layer_and_shapes():
    layer = layers.BatchNormalization(axis=3, name="bn")
    with pytest.raises(ValueError, match=r"'bn'.*axis 3.*\(2, 3\)"):
        layer(np.ones((2, 3), "float32"))
    layer = layers.BatchNormalization(name="bn2")
    layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match=r"'bn2'.*\(2, 4\)"):
        layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match=r"mask.*mask.shape=\(2, 3\)"):
        layer(np.ones((2, 3), "float32"), mask=np.ones((2, 3), bool))


CONFORMANCE = [
    (layers.BatchNormalization, dict(
        init_kwargs={"momentum": 0.9}, input_shape=(2, 3),
        call_kwargs={"training": True}, expected_output_shape=(2, 3),
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=2, supports_masking=True,
    )),
    (layers.BatchNormalization, dict(
        init_kwargs={"axis": 1, "center": False, "scale": False},
        input_shape=(2, 3, 2, 2), expected_output_shape=(2, 3, 2, 2),
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=2,
    )),
    (layers.BatchNormalization, dict(
        init_kwargs={"renorm": True, "renorm_clipping": {"rmax": 2.0}},
        input_shape=(3, 2), call_kwargs={"training": True},
        expected_output_shape=(3, 2), expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=5,
    )),
]  # fmt: skip
