"""`History`: the per-epoch logs of a fit."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs


@export("multikeras.callbacks.History")
class History(Callback):
    """Records each epoch's logs; `fit` returns it.

    Attributes:
        epoch: the list of epoch indices seen.
        history: dict of metric name -> list of per-epoch values.
    """

    reads_state_every_batch = False

    def __init__(self) -> None:
        super().__init__()
        self.epoch: list[int] = []
        self.history: dict[str, list[Any]] = {}

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.epoch = []

    def on_epoch_end(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self
