"""EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, ModelCheckpoint:
their decisions from given logs, and their effect in real fits."""

import os

import numpy as np
import pytest

import multikeras as keras

jax_only = pytest.mark.jax_only


def _data(n=16, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x[:, 0] > 0).astype(np.int32)


def _model(learning_rate=0.1):
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def _drive(callback, model, values, monitor="loss", weights=None):
    """Feeds `values` of `monitor` as epoch logs; returns the epochs run."""
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin()
    ran = []
    for epoch, value in enumerate(values):
        if weights is not None:
            model.set_weights(weights[epoch])
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, {monitor: value})
        ran.append(epoch)
        if model.stop_training:
            break
    callback.on_train_end()
    return ran


# ------------------------------------------------------------ EarlyStopping
@pytest.mark.parametrize("values, kwargs, ran, stopped", [
    # patience 2: two epochs without improvement after the best (0.9).
    ([1.0, 0.9, 0.95, 0.93, 0.8], {"patience": 2}, [0, 1, 2, 3], 3),
    # min_delta: 0.9 -> 0.85 is not a large enough improvement.
    ([1.0, 0.8, 0.75, 0.5], {"min_delta": 0.1}, [0, 1, 2], 2),
    # baseline never beaten: patience counts from the start.
    ([1.0, 1.0, 1.0, 1.0], {"patience": 2, "baseline": 0.5}, [0, 1], 1),
    # warm-up epochs are not monitored.
    ([5.0, 6.0, 1.0, 2.0, 3.0], {"start_from_epoch": 2, "patience": 1},
     [0, 1, 2, 3], 3),
    # mode="max" (and "auto" for accuracy).
    ([0.1, 0.2, 0.1], {"mode": "max"}, [0, 1, 2], 2),
])
def test_early_stopping_decisions(values, kwargs, ran, stopped):
    stop = keras.callbacks.EarlyStopping(monitor="loss", **kwargs)
    assert _drive(stop, _model(), values) == ran
    assert stop.stopped_epoch == stopped


def test_early_stopping_restores_the_best_weights(capsys):
    model = _model()
    model.evaluate(*_data(), verbose=0)  # builds "accuracy": mode max
    weights = [[np.full_like(w, epoch) for w in model.get_weights()]
               for epoch in range(4)]
    stop = keras.callbacks.EarlyStopping(
        monitor="val_accuracy", patience=2, restore_best_weights=True,
        verbose=1,
    )
    ran = _drive(stop, model, [0.5, 0.8, 0.7, 0.6], "val_accuracy", weights)
    assert ran == [0, 1, 2, 3]
    assert stop.best == 0.8 and stop.best_epoch == 1
    for got, want in zip(model.get_weights(), weights[1], strict=True):
        np.testing.assert_array_equal(got, want)
    out = capsys.readouterr().out
    assert "Epoch 4: early stopping" in out
    assert "Restoring model weights from the end of the best epoch: 2." in out


def test_early_stopping_needs_a_known_direction_and_a_logged_value():
    stop = keras.callbacks.EarlyStopping(monitor="my_score")
    with pytest.raises(ValueError, match="monitor=my_score.*mode='max'"):
        _drive(stop, _model(), [1.0], "my_score")
    stop = keras.callbacks.EarlyStopping(monitor="val_loss")
    with pytest.warns(UserWarning, match="`val_loss` which is not available"):
        _drive(stop, _model(), [1.0], "loss")
    with pytest.warns(UserWarning, match="mode 'bogus' is unknown"):
        keras.callbacks.EarlyStopping(mode="bogus")


@jax_only
def test_early_stopping_in_fit_restores_weights_of_the_best_epoch():
    x, y = _data()
    model = _model()
    seen = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(model.get_weights())
    )
    # Nothing improves by 10: stop after patience=1 epoch past epoch 0.
    stop = keras.callbacks.EarlyStopping(
        monitor="loss", min_delta=10, patience=1, restore_best_weights=True
    )
    history = model.fit(x, y, batch_size=8, epochs=5, verbose=0,
                        callbacks=[record, stop])
    assert history.epoch == [0, 1]
    assert not np.array_equal(seen[0][0], seen[1][0])
    for got, want in zip(model.get_weights(), seen[0], strict=True):
        np.testing.assert_array_equal(got, want)


# -------------------------------------------------------- ReduceLROnPlateau
def test_reduce_lr_on_plateau_schedule():
    model = _model(learning_rate=1.0)
    reduce = keras.callbacks.ReduceLROnPlateau(
        monitor="loss", factor=0.5, patience=1, min_lr=0.3, cooldown=2,
        min_delta=0.0,
    )
    reduce.set_model(model)
    reduce.on_train_begin()
    rates = []
    for epoch, loss in enumerate([1.0, 1.0, 1.0, 1.0, 1.0, 1.0]):
        logs = {"loss": loss}
        reduce.on_epoch_end(epoch, logs)
        rates.append(logs["learning_rate"])  # the rate during that epoch
    # Reduce after 1 flat epoch, then 1 cooldown epoch, then again; never
    # below min_lr.
    np.testing.assert_allclose(rates, [1.0, 1.0, 0.5, 0.5, 0.3, 0.3])
    np.testing.assert_allclose(float(model.optimizer.learning_rate), 0.3)
    with pytest.raises(ValueError, match="factor >= 1.0"):
        keras.callbacks.ReduceLROnPlateau(factor=1.0)


@jax_only
def test_reduce_lr_takes_effect_in_fit_without_recompiling():
    x, y = _data()
    model = _model(learning_rate=0.5)
    weights = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.append(model.get_weights())
    )
    # factor=0: after one flat epoch the rate drops to 0 and the weights
    # stop moving.
    reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.0,
                                               patience=1, min_delta=10)
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0,
                        callbacks=[reduce, record])
    assert history.history["learning_rate"] == [0.5, 0.5, 0.0]
    assert not np.array_equal(weights[0][0], weights[1][0])
    np.testing.assert_array_equal(weights[1][0], weights[2][0])
    assert len(model._trainer._functions) == 1  # one compiled train step


# ---------------------------------------------------- LearningRateScheduler
@jax_only
def test_learning_rate_scheduler_sets_each_epochs_rate():
    x, y = _data()
    model = _model(learning_rate=0.1)
    weights = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.append(model.get_weights())
    )
    schedule = keras.callbacks.LearningRateScheduler(
        lambda epoch, lr: 0.0 if epoch == 1 else lr * 2, verbose=1
    )
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0,
                        callbacks=[schedule, record])
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.2, 0.0, 0.0])
    np.testing.assert_array_equal(weights[0][0], weights[1][0])


def test_learning_rate_scheduler_api_forms_and_errors(capsys):
    model = _model(learning_rate=0.1)
    old_style = keras.callbacks.LearningRateScheduler(
        lambda epoch: 0.01 * (epoch + 1), verbose=1
    )
    old_style.set_model(model)
    old_style.on_epoch_begin(2)
    np.testing.assert_allclose(float(model.optimizer.learning_rate), 0.03)
    assert "Epoch 3: LearningRateScheduler setting learning rate to 0.03" \
        in capsys.readouterr().out
    bad = keras.callbacks.LearningRateScheduler(lambda epoch, lr: "fast")
    bad.set_model(model)
    with pytest.raises(ValueError, match="should be a float. Got: 'fast'"):
        bad.on_epoch_begin(0)


# ---------------------------------------------------------- ModelCheckpoint
@jax_only
def test_model_checkpoint_weights_every_epoch_and_best_only(tmp_path):
    x, y = _data()
    model = _model()
    weights = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.append(model.get_weights())
    )
    every = keras.callbacks.ModelCheckpoint(
        tmp_path / "w-{epoch:02d}-{loss:.3f}.weights.h5",
        save_weights_only=True,
    )
    best = keras.callbacks.ModelCheckpoint(
        tmp_path / "best.keras", monitor="loss", save_best_only=True,
        initial_value_threshold=0.0, verbose=1,
    )
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0,
                        callbacks=[record, every, best])
    names = sorted(os.listdir(tmp_path))
    losses = history.history["loss"]
    assert names == [f"w-{e + 1:02d}-{losses[e]:.3f}.weights.h5"
                     for e in range(2)]  # the loss never beat 0.0
    restored = _model()
    restored.load_weights(tmp_path / names[0])
    for got, want in zip(restored.get_weights(), weights[0], strict=True):
        np.testing.assert_array_equal(got, want)


@jax_only
def test_model_checkpoint_whole_model_every_n_batches(tmp_path):
    x, y = _data(24)  # 3 batches per epoch
    model = _model()
    checkpoint = keras.callbacks.ModelCheckpoint(
        tmp_path / "m-{epoch}-{batch}.keras", save_freq=2
    )
    model.fit(x, y, batch_size=8, epochs=2, verbose=0,
              callbacks=[checkpoint])
    # Batches 2, 4 and 6 of 6: epoch 1 batch 2, epoch 2 batches 1 and 3.
    assert sorted(os.listdir(tmp_path)) == [
        "m-1-2.keras", "m-2-1.keras", "m-2-3.keras"
    ]
    loaded = keras.models.load_model(tmp_path / "m-2-3.keras")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0),
                                  model.predict(x, verbose=0))
    np.testing.assert_array_equal(
        np.asarray(loaded.optimizer.iterations), 6
    )


def test_model_checkpoint_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        keras.callbacks.ModelCheckpoint(tmp_path / "w.h5",
                                        save_weights_only=True)
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint(tmp_path / "model.ckpt")
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.ModelCheckpoint(tmp_path / "m.keras",
                                        save_freq="batch")
    checkpoint = keras.callbacks.ModelCheckpoint(tmp_path / "{acc}.keras")
    checkpoint.set_model(_model())
    with pytest.raises(KeyError, match="Failed to format"):
        checkpoint.on_epoch_end(0, {"loss": 1.0})
