"""`Callback`: hooks into fit/evaluate/predict."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.typing import Logs


@export("multikeras.callbacks.Callback")
class Callback:
    """Base class of callbacks: override the hooks you need.

    `self.model` is the model being trained and `self.params` holds
    `verbose`, `epochs` and `steps`. Batch hooks receive `logs` whose values
    may still be on the device (converting one to float waits for it);
    epoch hooks receive Python floats. When a callback overrides a batch
    hook, the trainer writes the model's variables back after every batch,
    so `self.model`'s weights are current there (at some cost in speed).
    """

    def __init__(self) -> None:
        # The model (a multikeras Model); Any, as callbacks use its whole
        # surface and the models package imports this one.
        self.model: Any = None
        self.params: dict[str, Any] = {}
        self.validation_data: Any = None

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: Logs | None = None) -> None:
        pass

    def on_train_end(self, logs: Logs | None = None) -> None:
        pass

    def on_epoch_begin(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_epoch_end(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_train_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_test_begin(self, logs: Logs | None = None) -> None:
        pass

    def on_test_end(self, logs: Logs | None = None) -> None:
        pass

    def on_test_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_test_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        pass

    def on_predict_end(self, logs: Logs | None = None) -> None:
        pass

    def on_predict_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        pass

    def on_predict_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        pass
