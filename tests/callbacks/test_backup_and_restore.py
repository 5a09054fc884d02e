"""BackupAndRestore: an interrupted fit, resumed, ends bit for bit where an
uninterrupted one does (weights, optimizer state, shuffling, dropout)."""

import os

import numpy as np
import pytest

import multikeras as keras
from multikeras.callbacks import Callback

jax_only = pytest.mark.jax_only


class _Crash(Exception):
    pass


class _CrashAt(Callback):
    """Raises at the start of epoch `epoch` (or after batch `batch` of it)."""

    def __init__(self, epoch, batch=None):
        super().__init__()
        self.epoch, self.batch, self.current = epoch, batch, None

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch
        if epoch == self.epoch and self.batch is None:
            raise _Crash(f"crash at epoch {epoch}")

    def on_train_batch_end(self, batch, logs=None):
        if self.current == self.epoch and batch == self.batch:
            raise _Crash(f"crash at batch {batch}")


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype(np.float32)  # 4 batches of 8
    return x, (x[:, 0] + x[:, 1] > 0).astype(np.int32)


def _model(seed=1):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    hidden = keras.layers.Dropout(0.3)(hidden)
    model = keras.Model(inputs, keras.layers.Dense(2)(hidden))
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def _fit(model, callbacks, epochs=3):
    x, y = _data()
    # The fit's shuffling seed is drawn from the global source: seed it as
    # a restarted script would.
    keras.utils.set_random_seed(7)
    return model.fit(x, y, batch_size=8, epochs=epochs, shuffle=True,
                     callbacks=callbacks, verbose=0)


def _state(model):
    return [np.asarray(v.value) for v in model.variables] + [
        np.asarray(v.value) for v in model.optimizer.variables
    ]


@pytest.fixture(scope="module")
def reference():
    model = _model()
    _fit(model, [])
    return _state(model)


def _assert_same(state, reference):
    assert len(state) == len(reference)
    for got, want in zip(state, reference, strict=True):
        np.testing.assert_array_equal(got, want)


@jax_only
def test_resumed_fit_matches_an_uninterrupted_one(tmp_path, reference):
    backup = keras.callbacks.BackupAndRestore(tmp_path / "backup")
    with pytest.raises(_Crash):
        _fit(_model(), [backup, _CrashAt(2)])
    assert os.path.exists(tmp_path / "backup" / "latest.npz")
    model = _model(seed=99)  # a restarted process, other initial weights
    history = _fit(model, [backup])
    assert history.epoch == [2]
    assert int(np.asarray(model.optimizer.iterations)) == 12
    _assert_same(_state(model), reference)
    assert not os.path.exists(tmp_path / "backup")  # deleted when done


@jax_only
def test_batch_backups_resume_mid_epoch(tmp_path, reference):
    backup = keras.callbacks.BackupAndRestore(tmp_path / "b", save_freq=3)
    model = _model()
    with pytest.raises(_Crash):
        # 4 batches per epoch: the last backup is after epoch 1's batch 1
        # (6 batches in all); batch 2 of epoch 1 is lost.
        _fit(model, [backup, _CrashAt(1, batch=2)])
    model = _model(seed=5)
    seen = []
    counter = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: seen.append(batch)
    )
    history = _fit(model, [backup, counter])
    assert seen == [2, 3, 0, 1, 2, 3]  # epoch 1 resumed after its batch 1
    assert history.epoch == [1, 2]
    _assert_same(_state(model), reference)


@jax_only
def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    directory = tmp_path / "b"
    backup = keras.callbacks.BackupAndRestore(directory,
                                              double_checkpoint=True)
    model = _model()
    with pytest.raises(_Crash):
        _fit(model, [backup, _CrashAt(2)])
    assert sorted(os.listdir(directory)) == ["latest.npz", "previous.npz"]
    (directory / "latest.npz").write_bytes(b"corrupted")
    history = _fit(model, [backup])
    assert history.epoch == [1, 2]  # the previous backup: after epoch 0

    # Without a previous backup, a corrupted one is an error.
    single = keras.callbacks.BackupAndRestore(tmp_path / "c")
    single.set_model(model)
    single._save(1, 0, None)
    (tmp_path / "c" / "latest.npz").write_bytes(b"corrupted")
    with pytest.raises(OSError, match="could not read the backup"):
        single.on_train_begin()


@jax_only
def test_keep_checkpoint_and_a_completed_run_starts_past_the_end(tmp_path):
    backup = keras.callbacks.BackupAndRestore(tmp_path / "b",
                                              delete_checkpoint=False)
    model = _model()
    _fit(model, [backup], epochs=2)
    assert os.path.exists(tmp_path / "b" / "latest.npz")
    history = _fit(model, [backup], epochs=3)
    assert history.epoch == [2]


def test_backup_of_another_model_is_rejected_and_changes_nothing(tmp_path):
    directory = tmp_path / "b"
    backup = keras.callbacks.BackupAndRestore(directory)
    backup.set_model(_model())
    backup._save(1, 0, None)
    inputs = keras.Input((4,))
    other = keras.Model(inputs, keras.layers.Dense(3)(inputs))
    other.compile(optimizer="sgd", loss="mse")
    before = [w.copy() for w in other.get_weights()]
    backup.set_model(other)
    with pytest.raises(ValueError, match="variables per group"):
        backup.on_train_begin()
    for got, want in zip(other.get_weights(), before, strict=True):
        np.testing.assert_array_equal(got, want)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        keras.callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.BackupAndRestore("/tmp/x", save_freq="batch")
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.BackupAndRestore("/tmp/x", save_freq=0)
