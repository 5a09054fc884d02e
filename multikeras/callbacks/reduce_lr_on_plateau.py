"""`ReduceLROnPlateau`: lower the learning rate when a quantity stalls."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks._monitor import check_mode
from multikeras.callbacks._monitor import logged_float
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs


def current_learning_rate(optimizer: Any) -> float:
    """The optimizer's learning rate now, as a float."""
    return logged_float(optimizer.learning_rate)


@export("multikeras.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(Callback):
    """Reduces the learning rate when a metric has stopped improving.

    After `patience` epochs without improvement of `monitor`, sets
    `optimizer.learning_rate = max(learning_rate * factor, min_lr)`. The
    learning rate is a variable of the compiled step's state, so the new
    value takes effect at the next epoch without recompiling. Each epoch's
    logs get a `"learning_rate"` entry.

    Args:
        monitor: the quantity to watch. Defaults to `"val_loss"`.
        factor: the reduction factor, `new_lr = lr * factor`; must be
            < 1. Defaults to `0.1`.
        patience: epochs without improvement before a reduction. Defaults
            to `10`.
        verbose: 0 (quiet) or 1 (print each reduction).
        mode: `"auto"`, `"min"` or `"max"`; `"auto"` means `"max"` when
            the name contains `"acc"` and `"min"` otherwise.
        min_delta: the threshold for a new optimum. Defaults to `1e-4`.
        cooldown: epochs to wait after a reduction before counting
            again. Defaults to `0`.
        min_lr: the lower bound of the learning rate. Defaults to `0.0`.

    Example:

    >>> reduce_lr = multikeras.callbacks.ReduceLROnPlateau(
    ...     monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)
    >>> reduce_lr.factor
    0.2
    """

    reads_state_every_batch = False

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau does not support a factor >= 1.0. "
                f"Received factor={factor}"
            )
        if kwargs:
            raise TypeError(
                "ReduceLROnPlateau got unexpected keyword arguments: "
                f"{sorted(kwargs)}"
            )
        self.monitor = monitor
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.mode = check_mode("Learning rate reduction", mode)
        self.cooldown_counter = 0
        self.wait = 0
        self.best = 0.0
        self._reset()

    def _reset(self) -> None:
        """Resets the best value and the wait and cooldown counters."""
        if self.mode == "min" or (
            self.mode == "auto" and "acc" not in self.monitor
        ):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()

    def in_cooldown(self) -> bool:
        """Whether a recent reduction still suspends counting."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs if logs is not None else {}
        optimizer = self.model.optimizer
        logs["learning_rate"] = current_learning_rate(optimizer)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                "Learning rate reduction is conditioned on metric "
                f"`{self.monitor}` which is not available. Available "
                f"metrics are: {','.join(list(logs.keys()))}.",
                stacklevel=2,
            )
            return
        current = logged_float(current)
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        old_lr = current_learning_rate(optimizer)
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            optimizer.learning_rate = new_lr
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing "
                    f"learning rate to {new_lr}."
                )
            self.cooldown_counter = self.cooldown
            self.wait = 0
