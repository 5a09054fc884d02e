"""`TerminateOnNaN`: stop training when the loss becomes NaN or infinite."""

from __future__ import annotations

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs


@export("multikeras.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or infinite.

    By default it sets `model.stop_training = True`: the epoch ends after
    that batch and every callback's `on_train_end` runs. With
    `raise_error=True` it raises a `RuntimeError` at once instead, so no
    cleanup hook runs (a `BackupAndRestore` keeps its backup).

    Reading each batch's loss waits for that step to finish on the device
    (the loss is logged every batch, as in Keras); the model's variables
    are not copied back per batch for it.

    Args:
        raise_error: raise instead of stopping gracefully. Defaults to
            `False`.

    Example:

    >>> callback = multikeras.callbacks.TerminateOnNaN()
    >>> callback.raise_error
    False
    """

    # It reads the logs, not the model's variables.
    reads_state_every_batch = False

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = raise_error

    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        value = np.asarray(loss)
        if np.isfinite(value).all():
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. "
                f"Loss value: {value}. Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
