"""SpectralNormalization: one power-iteration step against NumPy, the
`vector_u` state in training, weight order, errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers

RNG = np.random.default_rng(2)


def _unit(v):
    return v / np.sqrt(np.sum(v**2))


def test_one_training_call_matches_numpy():
    x = RNG.normal(size=(2, 3)).astype("float32")
    layer = layers.SpectralNormalization(layers.Dense(2))
    layer.build(x.shape)
    assert [w.name for w in layer.weights] == ["kernel", "vector_u", "bias"]
    kernel = RNG.normal(size=(3, 2)).astype("float32")
    u = RNG.normal(size=(1, 2)).astype("float32")
    bias = np.float32([0.5, -0.5])
    layer.set_weights([kernel, u, bias])

    out = np.asarray(layer(x, training=True))
    v = _unit(u @ kernel.T)
    new_u = _unit(v @ kernel)
    sigma = (v @ kernel @ new_u.T).item()
    np.testing.assert_allclose(out, x @ (kernel / sigma) + bias, rtol=1e-5)
    np.testing.assert_allclose(layer.vector_u.numpy(), new_u, rtol=1e-5)
    np.testing.assert_allclose(layer.layer.kernel.numpy(), kernel / sigma,
                               rtol=1e-5)


def test_inference_leaves_the_kernel_alone():
    x = RNG.normal(size=(2, 3)).astype("float32")
    layer = layers.SpectralNormalization(layers.Dense(2))
    before = None
    out = np.asarray(layer(x))
    before = layer.layer.kernel.numpy()
    np.testing.assert_allclose(out, x @ before, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(layer.layer.kernel.numpy(), before)


def test_power_iterations_converge_to_unit_spectral_norm():
    # Singular values 3, 1, 0.5: each step shrinks the error by 9.
    q1, _ = np.linalg.qr(RNG.normal(size=(3, 3)))
    q2, _ = np.linalg.qr(RNG.normal(size=(3, 3)))
    kernel = (q1 @ np.diag([3.0, 1.0, 0.5]) @ q2).astype("float32")
    layer = layers.SpectralNormalization(layers.Dense(3), power_iterations=8)
    layer.build((1, 3))
    layer.set_weights([kernel, np.ones((1, 3), "float32"), np.zeros(3)])
    layer(np.ones((1, 3), "float32"), training=True)
    singular = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)
    np.testing.assert_allclose(singular, [1.0, 1 / 3, 1 / 6], rtol=1e-4)


def test_zero_kernel_is_left_as_is():
    layer = layers.SpectralNormalization(
        layers.Dense(2, kernel_initializer="zeros"))
    out = np.asarray(layer(np.ones((1, 3), "float32"), training=True))
    assert np.all(np.isfinite(out))
    np.testing.assert_array_equal(layer.layer.kernel.numpy(), 0)


@pytest.mark.jax_only
def test_fit_updates_vector_u_in_the_compiled_step():
    x = RNG.normal(size=(8, 3)).astype("float32")
    y = RNG.normal(size=(8, 2)).astype("float32")
    wrapper = layers.SpectralNormalization(layers.Dense(2))
    model = keras.Sequential([keras.Input((3,)), wrapper])
    model.compile(optimizer="sgd", loss="mse")
    u_before = wrapper.vector_u.numpy().copy()
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0).history
    assert np.all(np.isfinite(history["loss"]))
    u_after = wrapper.vector_u.numpy()
    assert not np.allclose(u_before, u_after)
    np.testing.assert_allclose(np.sum(u_after**2), 1.0, rtol=1e-4)


def test_errors():
    with pytest.raises(ValueError, match=r"power_iterations=0"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)
    layer = layers.SpectralNormalization(layers.Activation("relu"),
                                         name="sn")
    with pytest.raises(ValueError, match=r"'sn'.*no `kernel` nor"):
        layer(np.ones((1, 3), "float32"))


def test_config_round_trip_keeps_the_wrapped_layer():
    layer = layers.SpectralNormalization(layers.Dense(3), power_iterations=2)
    config = layer.get_config()
    clone = layers.SpectralNormalization.from_config(config)
    assert clone.power_iterations == 2
    assert clone.layer.units == 3


CONFORMANCE = [
    (layers.SpectralNormalization, dict(
        init_kwargs={"layer": layers.Dense(2)}, input_shape=(2, 3),
        call_kwargs={"training": True}, expected_output_shape=(2, 2),
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=1,
    )),
]  # fmt: skip
