"""`EarlyStopping`: stop training when a monitored quantity stops
improving."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.callbacks._monitor import MonitorCallback
from multikeras.typing import Logs


@export("multikeras.callbacks.EarlyStopping")
class EarlyStopping(MonitorCallback):
    """Stops training when a monitored quantity has stopped improving.

    At the end of each epoch the callback compares `logs[monitor]` with the
    best value seen so far; after `patience` epochs without an improvement
    (a change larger than `min_delta` in the right direction) it sets
    `model.stop_training = True`, and `fit` ends after that epoch.

    Args:
        monitor: the quantity to watch. Defaults to `"val_loss"`.
        min_delta: the smallest absolute change that counts as an
            improvement. Defaults to `0`.
        patience: epochs without improvement before stopping. Defaults to
            `0`.
        verbose: 0 (silent) or 1 (print when stopping or restoring).
        mode: `"auto"`, `"min"` or `"max"`: whether the quantity should
            decrease or increase; `"auto"` infers it from the name
            (`loss`) or the model's metric. Defaults to `"auto"`.
        baseline: if not None, training stops unless the quantity improves
            on this value (within `patience` epochs). Defaults to `None`.
        restore_best_weights: at the end of training, set the model's
            weights to those of the epoch with the best value (even if no
            epoch beat `baseline`). Defaults to `False`.
        start_from_epoch: epochs to wait before monitoring (a warm-up).
            Defaults to `0`.

    Example:

    >>> import numpy as np
    >>> callback = multikeras.callbacks.EarlyStopping(monitor="loss",
    ...                                               patience=3)
    >>> model = multikeras.Sequential([multikeras.layers.Dense(10)])
    >>> model.compile(multikeras.optimizers.SGD(), loss="mse")
    >>> history = model.fit(np.arange(100).reshape(5, 20), np.zeros(5),
    ...                     epochs=10, batch_size=1, callbacks=[callback],
    ...                     verbose=0)  # doctest: +SKIP
    >>> len(history.history["loss"])  # doctest: +SKIP
    4
    """

    reads_state_every_batch = False

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor, mode, None, min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best_weights: list[Any] | None = None

    def on_train_begin(self, logs: Logs | None = None) -> None:
        # The same instance may serve several fits.
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best_weights = None
        self.monitor_op = None
        self.best = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.monitor_op is None:
            # Only now are the model's metrics (and their direction) built.
            self._set_monitor_op()
        current = self._monitor_value(logs, "Early stopping")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Until something improves, the current weights are the best.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # Patience restarts only when both the baseline and the
            # previous best are beaten.
            if self.baseline is None or self._is_improvement(
                current, self.baseline
            ):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    "Restoring model weights from the end of the best "
                    f"epoch: {self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs: Logs | None) -> float | None:
        """`logs[monitor]` as a float (None, with a warning, if absent)."""
        return self._monitor_value(logs, "Early stopping")
