"""`ProgbarLogger`: the progress bar of fit/evaluate/predict."""

from __future__ import annotations

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs
from multikeras.utils.progbar import Progbar


@export("multikeras.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """Prints progress; added by fit/evaluate/predict when `verbose` != 0.

    With `verbose=1` the bar redraws a few times a second (reading the
    device logs only then); with `verbose=2` one line per epoch.
    """

    reads_state_every_batch = False

    def __init__(self) -> None:
        super().__init__()
        self.progbar: Progbar | None = None

    def _start(self, mode: str) -> Progbar:
        verbose = self.params.get("verbose", 1)
        self.progbar = Progbar(
            target=self.params.get("steps"),
            verbose=1 if verbose == "auto" else verbose,
            unit_name="step",
        )
        self._mode = mode
        return self.progbar

    def _bar(self, mode: str) -> Progbar:
        """The current bar; started here if no begin hook ran (as Keras
        does, e.g. for a ProgbarLogger given to `train_on_batch`)."""
        return self.progbar if self.progbar is not None else self._start(mode)

    def on_epoch_begin(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        epochs = self.params.get("epochs", 1)
        if self.params.get("verbose", 1) and epochs >= 1:
            print(f"Epoch {epoch + 1}/{epochs}", flush=True)
        self._start("train")

    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        # The epoch's last line is drawn by on_epoch_end, with val_ logs.
        self._bar("train").update(batch + 1, logs, finalize=False)

    def on_epoch_end(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        bar = self._bar("train")
        bar.update(bar.seen, logs, finalize=True)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        if self.params.get("mode") == "test":
            self._start("test")

    def on_test_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        if self.params.get("mode") == "test":
            self._bar("test").update(batch + 1, logs, finalize=False)

    def on_test_end(self, logs: Logs | None = None) -> None:
        if self.params.get("mode") == "test":
            bar = self._bar("test")
            bar.update(bar.seen, logs, finalize=True)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._start("predict")

    def on_predict_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._bar("predict").update(batch + 1, finalize=False)

    def on_predict_end(self, logs: Logs | None = None) -> None:
        bar = self._bar("predict")
        bar.update(bar.seen, finalize=True)
