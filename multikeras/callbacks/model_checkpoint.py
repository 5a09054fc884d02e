"""`ModelCheckpoint`: save the model or its weights during training."""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks._monitor import MonitorCallback
from multikeras.typing import Logs


def check_save_freq(save_freq: Any, callback: str) -> Any:
    """`save_freq` ("epoch" or a positive int), or a clear error."""
    if save_freq == "epoch":
        return save_freq
    if isinstance(save_freq, bool) or not isinstance(
        save_freq, (int, np.integer)
    ) or save_freq < 1:
        raise ValueError(
            f"{callback}: unrecognized save_freq: {save_freq!r}. Expected "
            "'epoch' or a positive integer (a number of batches)."
        )
    return int(save_freq)


class BatchCounter:
    """Counts batches across epochs for `save_freq=N`, also when one
    `on_train_batch_end` covers several steps (`steps_per_execution`)."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.since_last = 0
        self.last_batch = -1

    def reached(self, batch: int) -> bool:
        """Whether `batch` (its index in the epoch) completes N batches."""
        if batch <= self.last_batch:  # a new epoch
            self.since_last += batch + 1
        else:
            self.since_last += batch - self.last_batch
        self.last_batch = batch
        if self.since_last >= self.every:
            self.since_last = 0
            return True
        return False

    def new_epoch(self) -> None:
        self.last_batch = -1


@export("multikeras.callbacks.ModelCheckpoint")
class ModelCheckpoint(MonitorCallback):
    """Saves the model, or only its weights, at some frequency.

    Each save writes `model.save(filepath)` (a `.keras` file) or, with
    `save_weights_only`, `model.save_weights(filepath)` (a `.weights.h5`
    file, which includes the optimizer's state when compiled). Both writes
    are atomic. `filepath` may hold format fields filled with `epoch`
    (from 1), `batch` (from 1, with batch saving) and the logged values:
    `"ckpt/{epoch:02d}-{val_loss:.2f}.keras"`.

    Args:
        filepath: where to save, ending in `.keras` (or `.h5`), or in
            `.weights.h5` with `save_weights_only=True`.
        monitor: the logged quantity that decides the best model.
            Defaults to `"val_loss"`.
        verbose: 0 (silent) or 1 (a message at each decision).
        save_best_only: save only when `monitor` improves on the best
            value so far. Defaults to `False`.
        save_weights_only: save only the weights. Defaults to `False`.
        mode: `"auto"`, `"min"` or `"max"`: whether smaller or larger
            values of `monitor` are better. Defaults to `"auto"`.
        save_freq: `"epoch"` (at each epoch end) or an integer N (every N
            training batches; the batch logs then hold that batch's running
            metrics). Defaults to `"epoch"`.
        initial_value_threshold: the initial best value of `monitor`, for
            `save_best_only`.

    Example:

    >>> checkpoint = multikeras.callbacks.ModelCheckpoint(
    ...     "ckpt/{epoch:02d}.weights.h5", save_weights_only=True)
    >>> checkpoint.save_freq
    'epoch'
    """

    def __init__(
        self,
        filepath: str | os.PathLike[str],
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
    ) -> None:
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = check_save_freq(save_freq, "ModelCheckpoint")
        self._counter = (
            None if self.save_freq == "epoch"
            else BatchCounter(self.save_freq)
        )
        self._current_epoch = 0
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError(
                    "When using `save_weights_only=True` in "
                    "`ModelCheckpoint`, the filepath provided must end in "
                    "`.weights.h5` (Keras weights format). Received: "
                    f"filepath={self.filepath}"
                )
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model "
                f"format). Received: filepath={self.filepath}"
            )

    @property
    def reads_state_every_batch(self) -> bool:
        """Weights are needed after batches only with batch saving."""
        return self._counter is not None

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._current_epoch = epoch
        if self._counter is not None:
            self._counter.new_epoch()

    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        if self._counter is not None and self._counter.reached(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.monitor_op is None:
            # Only now are the model's metrics (and their direction) built.
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _should_save(self, epoch: int, logs: Logs, filepath: str) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Can save best model only with {self.monitor} available.",
                stacklevel=3,
            )
            return True
        if np.ndim(current) > 0:
            warnings.warn(
                "Can save best model only when `monitor` is a scalar value. "
                f"Received: {current}. Falling back to "
                "`save_best_only=False`.",
                stacklevel=3,
            )
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        current = float(current)
        best = self.best
        best_str = "None" if best is None else f"{best:.5f}"
        if self._is_improvement(current, best):
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from "
                    f"{best_str} to {current:.5f}, saving model to "
                    f"{filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print(
                f"\nEpoch {epoch + 1}: {self.monitor} did not improve "
                f"from {best_str}"
            )
        return False

    def _save_model(self, epoch: int, batch: int | None,
                    logs: Logs | None) -> None:
        # Batch logs may still be on the device: read them once, here.
        logs = {
            k: (float(np.asarray(v)) if np.ndim(v) == 0 else np.asarray(v))
            for k, v in (logs or {}).items()
        }
        filepath = self._get_file_path(epoch, batch, logs)
        if os.path.isdir(filepath):
            raise OSError(
                "Please specify a non-directory filepath for "
                "ModelCheckpoint. Filepath used is an existing directory: "
                f"{filepath}"
            )
        if not self._should_save(epoch, logs, filepath):
            return
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(
                f"\nEpoch {epoch + 1}: finished saving model to {filepath}"
            )

    def _get_file_path(self, epoch: int, batch: int | None,
                       logs: Logs) -> str:
        """`filepath` with its format fields filled."""
        fields: dict[str, Any] = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                "Failed to format this callback filepath: "
                f'"{self.filepath}". Reason: {error}. Available fields: '
                f"{sorted(fields)}"
            ) from None
