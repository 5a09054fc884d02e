"""`LearningRateScheduler`: set the learning rate at each epoch's start."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.callbacks.reduce_lr_on_plateau import current_learning_rate
from multikeras.typing import Logs


def _takes_learning_rate(schedule: Callable[..., Any]) -> bool:
    """Whether `schedule` is `f(epoch, lr)` (else Keras's old `f(epoch)`)."""
    try:
        parameters = inspect.signature(schedule).parameters.values()
    except (TypeError, ValueError):
        return True
    positional = [
        p for p in parameters
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return len(positional) >= 2 or any(
        p.kind == p.VAR_POSITIONAL for p in parameters
    )


@export("multikeras.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    """Sets the learning rate from a function of the epoch, each epoch.

    At the start of every epoch the callback calls
    `schedule(epoch, learning_rate)` (epoch counted from 0, the current
    rate as a float; a `schedule(epoch)` of one argument also works) and
    sets the optimizer's learning rate to the result. The learning rate is
    part of the compiled step's state: nothing is recompiled. Each epoch's
    logs get a `"learning_rate"` entry.

    Args:
        schedule: a function `(epoch, lr) -> new lr` (a float).
        verbose: 0 (quiet) or 1 (print each update).

    Example:

    >>> def scheduler(epoch, lr):
    ...     return lr if epoch < 10 else lr * 0.9
    >>> callback = multikeras.callbacks.LearningRateScheduler(scheduler)
    >>> callback.schedule(12, 0.1)
    0.09000000000000001
    """

    reads_state_every_batch = False

    def __init__(
        self, schedule: Callable[..., Any], verbose: int = 0
    ) -> None:
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler expects `schedule` to be a function "
                f"(epoch, lr) -> lr. Received: schedule={schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose

    def _optimizers(self) -> list[Any]:
        optimizer = self.model.optimizer
        return list(getattr(optimizer, "optimizers", None) or [optimizer])

    def _update(self, optimizer: Any, epoch: int) -> float:
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError(
                'Optimizer must have a "learning_rate" attribute.'
            )
        if _takes_learning_rate(self.schedule):
            value = self.schedule(epoch, current_learning_rate(optimizer))
        else:
            value = self.schedule(epoch)
        array = np.asarray(value) if not isinstance(value, str) else None
        if array is None or array.shape != () or not np.issubdtype(
            array.dtype, np.number
        ):
            raise ValueError(
                "The output of the `schedule` function should be a float. "
                f"Got: {value!r}"
            )
        learning_rate = float(array)
        optimizer.learning_rate = learning_rate
        return learning_rate

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        optimizers = self._optimizers()
        several = hasattr(self.model.optimizer, "optimizers")
        for index, optimizer in enumerate(optimizers):
            learning_rate = self._update(optimizer, epoch)
            if self.verbose > 0:
                which = f"{optimizer.name}_{index} " if several else ""
                print(
                    f"\nEpoch {epoch + 1}: LearningRateScheduler setting "
                    f"{which}learning rate to {learning_rate}."
                )

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if logs is None:
            return
        if hasattr(self.model.optimizer, "optimizers"):
            for index, optimizer in enumerate(self._optimizers()):
                logs[f"learning_rate_{optimizer.name}_{index}"] = (
                    current_learning_rate(optimizer)
                )
        else:
            logs["learning_rate"] = current_learning_rate(
                self.model.optimizer
            )
