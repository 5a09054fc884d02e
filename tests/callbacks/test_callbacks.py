"""Callbacks in real loops: hook order, stop_training, live weights, the bar."""

import re

import numpy as np
import pytest

import multikeras as keras
from multikeras.callbacks import Callback
from multikeras.utils.progbar import Progbar

jax_only = pytest.mark.jax_only


def _data(n=10, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x[:, 0] > 0).astype(np.int32)


def _model():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    model.compile(
        optimizer=keras.optimizers.SGD(0.1),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


class _Recorder(Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_train_begin(self, logs=None):
        self.events.append(("train_begin",))

    def on_train_end(self, logs=None):
        self.events.append(("train_end", sorted(logs or {})))

    def on_epoch_begin(self, epoch, logs=None):
        self.events.append(("epoch_begin", epoch))

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(("epoch_end", epoch, sorted(logs)))

    def on_train_batch_begin(self, batch, logs=None):
        self.events.append(("batch_begin", batch))

    def on_train_batch_end(self, batch, logs=None):
        self.events.append(("batch_end", batch, sorted(logs)))

    def on_test_begin(self, logs=None):
        self.events.append(("test_begin",))

    def on_test_batch_end(self, batch, logs=None):
        self.events.append(("test_batch_end", batch))

    def on_test_end(self, logs=None):
        self.events.append(("test_end", sorted(logs)))

    def on_predict_begin(self, logs=None):
        self.events.append(("predict_begin",))

    def on_predict_batch_end(self, batch, logs=None):
        self.events.append(("predict_batch_end", batch,
                            tuple(np.shape(logs["outputs"]))))

    def on_predict_end(self, logs=None):
        self.events.append(("predict_end",))


@jax_only
def test_fit_calls_hooks_in_order_with_indices():
    x, y = _data(10)  # batches of 4, 4, 2
    recorder = _Recorder()
    model = _model()
    model.fit(x, y, batch_size=4, epochs=2, callbacks=[recorder], verbose=0)
    keys = ["accuracy", "loss"]
    expected = [("train_begin",)]
    for epoch in range(2):
        expected.append(("epoch_begin", epoch))
        for batch in range(3):
            expected += [("batch_begin", batch), ("batch_end", batch, keys)]
        expected.append(("epoch_end", epoch, keys))
    expected.append(("train_end", keys))
    assert recorder.events == expected
    assert recorder.model is model
    assert recorder.params["epochs"] == 2
    assert recorder.params["steps"] == 3


@jax_only
def test_validation_in_fit_calls_the_test_hooks_before_epoch_end():
    x, y = _data(8)
    recorder = _Recorder()
    _model().fit(x, y, batch_size=4, epochs=1, validation_data=(x[:6], y[:6]),
                 callbacks=[recorder], verbose=0)
    names = [e[0] for e in recorder.events]
    assert names == [
        "train_begin", "epoch_begin", "batch_begin", "batch_end",
        "batch_begin", "batch_end", "test_begin", "test_batch_end",
        "test_batch_end", "test_end", "epoch_end", "train_end",
    ]
    assert recorder.events[-2][2] == ["accuracy", "loss", "val_accuracy",
                                      "val_loss"]


def test_evaluate_and_predict_call_their_hooks():
    x, y = _data(10)
    model = _model()
    recorder = _Recorder()
    model.evaluate(x, y, batch_size=4, callbacks=[recorder], verbose=0)
    assert recorder.events == [
        ("test_begin",), ("test_batch_end", 0), ("test_batch_end", 1),
        ("test_batch_end", 2), ("test_end", ["accuracy", "loss"]),
    ]
    recorder.events.clear()
    model.predict(x, batch_size=4, callbacks=[recorder], verbose=0)
    # Batch outputs are full padded batches; predict() trims the result.
    assert recorder.events == [
        ("predict_begin",), ("predict_batch_end", 0, (4, 2)),
        ("predict_batch_end", 1, (4, 2)), ("predict_batch_end", 2, (4, 2)),
        ("predict_end",),
    ]


class _StopAt(Callback):
    def __init__(self, epoch=None, batch=None):
        super().__init__()
        self.epoch, self.batch, self.batches = epoch, batch, 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        if batch == self.batch:
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.epoch:
            self.model.stop_training = True


@jax_only
def test_stop_training_at_epoch_end_ends_fit():
    x, y = _data(8)
    stop = _StopAt(epoch=1)
    history = _model().fit(x, y, batch_size=4, epochs=5, callbacks=[stop],
                           verbose=0)
    assert history.epoch == [0, 1]
    assert len(history.history["loss"]) == 2
    assert stop.batches == 4


@jax_only
def test_stop_training_in_a_batch_ends_the_epoch_and_fit():
    x, y = _data(16)
    stop = _StopAt(batch=1)
    model = _model()
    history = model.fit(x, y, batch_size=4, epochs=5, callbacks=[stop],
                        verbose=0)
    assert stop.batches == 2
    assert history.epoch == [0]
    assert int(model.optimizer.iterations.numpy()) == 2


class _WeightWatcher(Callback):
    def __init__(self):
        super().__init__()
        self.seen = []

    def on_train_batch_end(self, batch, logs=None):
        self.seen.append(self.model.get_weights()[0].copy())


@jax_only
def test_batch_callback_sees_the_current_weights():
    x, y = _data(12)
    model = _model()
    initial = model.get_weights()[0].copy()
    watcher = _WeightWatcher()
    model.fit(x, y, batch_size=4, epochs=2, callbacks=[watcher], verbose=0)
    assert len(watcher.seen) == 6
    assert not np.allclose(watcher.seen[0], initial)
    for before, after in zip(watcher.seen, watcher.seen[1:], strict=False):
        assert not np.allclose(before, after)
    np.testing.assert_array_equal(watcher.seen[-1], model.get_weights()[0])


@jax_only
def test_progress_bar_prints_epochs_and_metrics(capsys):
    x, y = _data(10)
    _model().fit(x, y, batch_size=4, epochs=2, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "Epoch 3/2" not in out
    assert "loss:" in out and "accuracy:" in out
    assert "3/3" in out


@jax_only
def test_progress_bar_shows_validation_metrics_once_per_epoch(capsys):
    x, y = _data(10)
    _model().fit(x, y, batch_size=4, epochs=2, verbose=1,
                 validation_data=(x, y))
    out = capsys.readouterr().out
    assert out.count("val_loss:") == 2
    assert out.count("Epoch ") == 2


def test_evaluate_progress_bar_prints_metrics(capsys):
    x, y = _data(10)
    model = _model()
    logs = model.evaluate(x, y, batch_size=4, verbose=1, return_dict=True)
    out = capsys.readouterr().out
    assert "3/3" in out
    assert f"loss: {logs['loss']:.4f}" in out
    assert "accuracy:" in out
    model.evaluate(x, y, batch_size=4, verbose=0)
    assert capsys.readouterr().out == ""


class _CountingValue:
    """A scalar that counts how often it is converted to a number."""

    def __init__(self, value):
        self.value = value
        self.conversions = 0

    def __float__(self):
        self.conversions += 1
        return float(self.value)

    def __array__(self, dtype=None, copy=None):
        self.conversions += 1
        return np.asarray(self.value, dtype=dtype)


@pytest.mark.parametrize("interactive", [False, True])
def test_progbar_converts_values_only_when_it_draws(capsys, interactive):
    bar = Progbar(target=1000, interval=3600.0)
    bar._interactive = interactive  # a tty redraws, a log does not
    values = [_CountingValue(i / 1000) for i in range(1000)]
    for step, value in enumerate(values, start=1):
        bar.update(step, {"loss": value}, finalize=step == 1000)
    total = sum(v.conversions for v in values)
    # At most the first draw (tty) and the final one read a value.
    assert 1 <= total <= 4
    assert values[-1].conversions >= 1
    out = capsys.readouterr().out
    assert "1000/1000" in out and "loss: 0.9990" in out


def test_progbar_verbose_2_prints_one_line():
    import io
    import sys

    buffer, old = io.StringIO(), sys.stdout
    sys.stdout = buffer
    try:
        bar = Progbar(target=3, verbose=2)
        for step in range(1, 4):
            bar.update(step, {"loss": 0.5})
    finally:
        sys.stdout = old
    lines = buffer.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert "loss: 0.5000" in lines[0]


def test_callback_list_rejects_non_callbacks():
    x, y = _data(4)
    with pytest.raises(TypeError, match="Callback"):
        _model().evaluate(x, y, callbacks=[object()], verbose=0)


def test_verbose_2_prints_one_keras_style_line_per_epoch(capsys):
    bar = keras.utils.Progbar(target=4, verbose=2)
    for step in range(1, 4):
        bar.update(step, {"loss": 0.5}, finalize=False)
    assert capsys.readouterr().out == ""
    bar.update(4, {"loss": 0.25}, finalize=True)
    line = capsys.readouterr().out
    assert re.fullmatch(r"4/4 - \d+s - \d+(us|ms|s)/step - loss: 0\.2500\n",
                        line), line
