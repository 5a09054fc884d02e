"""fit's optimizer hooks: the loss is scaled before gradients
(`scale_loss`), and the model ends with the EMA weights (`use_ema`)."""

import numpy as np
import pytest

import multikeras as keras

pytestmark = pytest.mark.jax_only

X = np.linspace(-1.0, 1.0, 24, dtype="float32").reshape(8, 3)
Y = (X @ np.array([[0.5], [-1.0], [2.0]], "float32") + 0.25).astype(
    "float32"
)


def _fit(optimizer, callbacks=None):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False,
                        verbose=0, callbacks=callbacks)
    return model, history


def _weights(model):
    return [np.asarray(w) for w in model.get_weights()]


@pytest.mark.parametrize("make", [
    lambda: keras.optimizers.SGD(0.1, loss_scale_factor=64.0),
    lambda: keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.1)),
], ids=["loss_scale_factor", "LossScaleOptimizer"])
def test_scaled_loss_gives_the_unscaled_update(make):
    # The optimizer divides gradients by the scale: had fit not scaled the
    # loss, the steps would be 64 (or 32768) times too small.
    plain, plain_history = _fit(keras.optimizers.SGD(0.1))
    scaled, scaled_history = _fit(make())
    for a, b in zip(_weights(plain), _weights(scaled)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # The logged loss is the model's loss, not the scaled one.
    np.testing.assert_allclose(scaled_history.history["loss"],
                               plain_history.history["loss"], rtol=1e-5)


class _Trajectory(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.weights = []

    def on_train_batch_end(self, batch, logs=None):
        self.weights.append(_weights(self.model))


def test_use_ema_leaves_the_moving_average_of_the_weights():
    trajectory = _Trajectory()
    raw, _ = _fit(keras.optimizers.SGD(0.1), callbacks=[trajectory])
    ema, _ = _fit(keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5))
    # The average starts at the first update's weights, then
    # average = 0.5 * average + 0.5 * weights after each step.
    expected = trajectory.weights[0]
    for step_weights in trajectory.weights[1:]:
        expected = [0.5 * a + 0.5 * w
                    for a, w in zip(expected, step_weights)]
    for got, want in zip(_weights(ema), expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # ...which is not where the raw trajectory ended.
    assert not np.allclose(_weights(raw)[0], _weights(ema)[0])


def test_ema_weights_survive_later_compiled_steps():
    # The model's weights get copies of the averages: a compiled evaluate
    # (which donates the model's state) must not take the averages along.
    model, _ = _fit(keras.optimizers.SGD(0.1, use_ema=True))
    model.evaluate(X, Y, verbose=0)
    averages = model.optimizer._model_variables_moving_average
    for average, weight in zip(averages, model.trainable_weights):
        np.testing.assert_allclose(average.numpy(), weight.numpy())
