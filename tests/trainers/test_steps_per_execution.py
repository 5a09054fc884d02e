"""`steps_per_execution`: several steps per compiled call, same numbers."""

import numpy as np
import pytest

import multikeras as keras
from multikeras.testing import assert_allclose


def _model(steps_per_execution):
    keras.utils.set_random_seed(3)
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(3)(hidden))
    model.compile(
        optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model


def _data(n):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4)).astype("float32")
    return x, rng.integers(0, 3, size=n).astype("int32")


class _Batches(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.ends = []

    def on_train_batch_end(self, batch, logs=None):
        self.ends.append(batch)


@pytest.mark.jax_only
@pytest.mark.parametrize("n", [128, 150])  # 4 full batches; 5 with a short one
def test_fit_matches_one_step_per_execution(n):
    x, y = _data(n)
    reference = _model(1)
    history_1 = reference.fit(x, y, batch_size=32, epochs=2, shuffle=False,
                              verbose=0)
    grouped = _model(4)
    batches = _Batches()
    history_4 = grouped.fit(x, y, batch_size=32, epochs=2, shuffle=False,
                            verbose=0, callbacks=[batches])
    for a, b in zip(reference.get_weights(), grouped.get_weights()):
        assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for key in history_1.history:
        assert_allclose(history_1.history[key], history_4.history[key],
                        rtol=1e-5, atol=1e-6)
    # Hooks run once per execution, with the index of its last batch.
    per_epoch = [3] if n == 128 else [3, 4]
    assert batches.ends == per_epoch * 2
    assert int(grouped.optimizer.iterations.numpy()) == 2 * ((n + 31) // 32)


def test_evaluate_and_predict_match_one_step_per_execution():
    x, y = _data(150)
    single, grouped = _model(1), _model(3)
    grouped.set_weights(single.get_weights())
    assert_allclose(
        single.evaluate(x, y, batch_size=16, verbose=0),
        grouped.evaluate(x, y, batch_size=16, verbose=0),
        rtol=1e-6,
    )
    predictions = grouped.predict(x, batch_size=16, verbose=0)
    assert predictions.shape == (150, 3)
    assert_allclose(predictions, single.predict(x, batch_size=16, verbose=0),
                    rtol=1e-6)


def test_steps_per_execution_must_be_a_positive_int():
    model = _model(1)
    with pytest.raises(ValueError, match="Received: steps_per_execution=0"):
        model.compile(loss="mse", steps_per_execution=0)
