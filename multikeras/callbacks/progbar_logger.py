"""`ProgbarLogger`: the progress bar of fit/evaluate/predict."""

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.utils.progbar import Progbar


@export("multikeras.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """Prints progress; added by fit/evaluate/predict when `verbose` != 0.

    With `verbose=1` the bar redraws a few times a second (reading the
    device logs only then); with `verbose=2` one line per epoch.
    """

    reads_state_every_batch = False

    def __init__(self):
        super().__init__()
        self.progbar = None

    def _start(self, mode):
        verbose = self.params.get("verbose", 1)
        self.progbar = Progbar(
            target=self.params.get("steps"),
            verbose=1 if verbose == "auto" else verbose,
            unit_name="step",
        )
        self._mode = mode

    def on_epoch_begin(self, epoch, logs=None):
        epochs = self.params.get("epochs", 1)
        if self.params.get("verbose", 1) and epochs >= 1:
            print(f"Epoch {epoch + 1}/{epochs}", flush=True)
        self._start("train")

    def on_train_batch_end(self, batch, logs=None):
        # The epoch's last line is drawn by on_epoch_end, with val_ logs.
        self.progbar.update(batch + 1, logs, finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        self.progbar.update(self.progbar.seen, logs, finalize=True)

    def on_test_begin(self, logs=None):
        if self.params.get("mode") == "test":
            self._start("test")

    def on_test_batch_end(self, batch, logs=None):
        if self.params.get("mode") == "test":
            self.progbar.update(batch + 1, logs, finalize=False)

    def on_test_end(self, logs=None):
        if self.params.get("mode") == "test":
            self.progbar.update(self.progbar.seen, logs, finalize=True)

    def on_predict_begin(self, logs=None):
        self._start("predict")

    def on_predict_batch_end(self, batch, logs=None):
        self.progbar.update(batch + 1, finalize=False)

    def on_predict_end(self, logs=None):
        self.progbar.update(self.progbar.seen, finalize=True)
