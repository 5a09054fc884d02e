"""`BackupAndRestore`: resume an interrupted `fit` where it stopped."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.callbacks.model_checkpoint import BatchCounter
from multikeras.callbacks.model_checkpoint import check_save_freq
from multikeras.typing import Logs

_LATEST = "latest.npz"
_PREVIOUS = "previous.npz"
# The trainer's state groups: (trainable, non-trainable, optimizer, metric).
_METRICS = 3


def _state_groups(model: Any) -> list[list[Any]]:
    """The variables a training step reads and writes, in the trainer's
    groups: model weights, optimizer(s) and metrics."""
    return [list(group) for group in model._trainer._variables("train")]


def _write_atomically(path: str, arrays: dict[str, Any]) -> None:
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _read(path: str, groups: list[list[Any]]) -> tuple[dict[str, Any],
                                                        list[list[Any]]]:
    """The metadata and values of a backup, checked against `groups`
    (nothing is assigned here)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {name: data[name] for name in data.files}
        counts = meta["counts"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile,
            TypeError) as error:
        # ValueError: not an npz (NumPy takes it for pickled data).
        raise OSError(
            f"BackupAndRestore could not read the backup {path!r}: {error}"
        ) from error
    if len(counts) != len(groups) or any(
        count != len(group) for count, group in zip(counts, groups)
    ):
        raise ValueError(
            f"BackupAndRestore: the backup {path!r} holds "
            f"{counts} variables per group (model weights, "
            "non-trainable, optimizer, metrics), but this model and "
            f"optimizer have {[len(g) for g in groups]}. Was it "
            "written by another model? Use a new backup_dir."
        )
    values = []
    for g, group in enumerate(groups):
        row = []
        for i, variable in enumerate(group):
            value = arrays.get(f"v{g}_{i}")
            if value is None:
                raise OSError(
                    f"BackupAndRestore: the backup {path!r} lacks "
                    f"the value of {variable.path!r}."
                )
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"BackupAndRestore: variable {variable.path!r} has "
                    f"shape {tuple(variable.shape)}, the backup "
                    f"{path!r} has {tuple(value.shape)}."
                )
            row.append(value)
        values.append(row)
    return meta, values


@export("multikeras.callbacks.BackupAndRestore")
class BackupAndRestore(Callback):
    """Backs up the training state, to resume an interrupted `fit`.

    At the end of each epoch (or every `save_freq` batches) the callback
    writes the whole training state to `backup_dir`: the model's variables
    (with random seed states), the optimizer's (iterations, learning rate,
    slots, moving averages), the metrics' running state, the epoch and
    step reached, and the shuffling state of the training data. If `fit`
    is interrupted (a crash, a preemption) and run again with a
    `BackupAndRestore` on the same `backup_dir`, it restores that state
    when training begins and continues from there: for array and
    `PyDataset` inputs (one pass per epoch) the result is bit-for-bit the
    one an uninterrupted run would have given. When `fit` completes, the
    backup is deleted (unless `delete_checkpoint=False`).

    Each backup is one `.npz` file, written atomically (to a temporary
    file, then renamed). The state of other callbacks (an `EarlyStopping`
    counter) is not backed up. The model must be the same one (same
    layers, same optimizer) as the one that wrote the backup.

    Args:
        backup_dir: the directory for the backup. Use it for nothing
            else: it is deleted when training completes.
        save_freq: `"epoch"` (back up at the end of each epoch) or an
            integer N (every N training batches; a resumed fit then skips
            the batches of the epoch already done). Defaults to `"epoch"`.
        double_checkpoint: also keep the previous backup, and fall back to
            it if the latest cannot be read. Defaults to `False`.
        delete_checkpoint: delete `backup_dir` when `fit` completes.
            Defaults to `True`.

    Example:

    >>> import tempfile
    >>> callback = multikeras.callbacks.BackupAndRestore(
    ...     backup_dir=tempfile.mkdtemp())
    >>> callback.save_freq
    'epoch'
    """

    def __init__(
        self,
        backup_dir: str | os.PathLike[str],
        save_freq: str | int = "epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ) -> None:
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = check_save_freq(save_freq, "BackupAndRestore")
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._counter = (
            None if self.save_freq == "epoch"
            else BatchCounter(self.save_freq)
        )
        self._current_epoch = 0
        self._epoch_data_state: Any = None
        self._restored_metrics: list[Any] | None = None

    @property
    def reads_state_every_batch(self) -> bool:
        """Weights are needed after batches only with batch backups."""
        return self._counter is not None

    # ------------------------------------------------------------ restore
    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._restored_metrics = None
        latest = os.path.join(self.backup_dir, _LATEST)
        previous = os.path.join(self.backup_dir, _PREVIOUS)
        groups = _state_groups(self.model)
        if not os.path.exists(latest):
            return
        try:
            meta, values = _read(latest, groups)
        except OSError:
            if not (self.double_checkpoint and os.path.exists(previous)):
                raise
            meta, values = _read(previous, groups)
        # Everything is read and checked: now assign.
        for group, row in zip(groups[:_METRICS], values[:_METRICS]):
            for variable, value in zip(group, row):
                variable.assign(value)
        if meta["step"]:
            # fit resets the metrics when the epoch starts: set them then.
            self._restored_metrics = values[_METRICS]
        self.model._trainer.set_data_state(meta["data_state"])
        self.model._initial_epoch = meta["epoch"]
        self.model._initial_step = meta["step"]

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._current_epoch = epoch
        # The order of this epoch's batches is drawn after this hook.
        self._epoch_data_state = self.model._trainer.data_state()
        if self._counter is not None:
            self._counter.new_epoch()
        if self._restored_metrics is not None:
            groups = _state_groups(self.model)
            for variable, value in zip(groups[_METRICS],
                                       self._restored_metrics):
                variable.assign(value)
            self._restored_metrics = None

    # ------------------------------------------------------------- backup
    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        if self._counter is not None and self._counter.reached(batch):
            self._save(self._current_epoch, batch + 1,
                       self._epoch_data_state)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch + 1, 0, self.model._trainer.data_state())

    def _save(self, epoch: int, step: int, data_state: Any) -> None:
        """Backs up the state at `step` steps into `epoch`."""
        os.makedirs(self.backup_dir, exist_ok=True)
        groups = _state_groups(self.model)
        arrays = {
            f"v{g}_{i}": np.asarray(variable.value)
            for g, group in enumerate(groups)
            for i, variable in enumerate(group)
        }
        arrays["meta"] = np.asarray(json.dumps({
            "epoch": epoch, "step": step, "data_state": data_state,
            "counts": [len(group) for group in groups],
        }))
        latest = os.path.join(self.backup_dir, _LATEST)
        if self.double_checkpoint and os.path.exists(latest):
            os.replace(latest, os.path.join(self.backup_dir, _PREVIOUS))
        _write_atomically(latest, arrays)

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
