"""`History`: the per-epoch logs of a fit."""

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback


@export("multikeras.callbacks.History")
class History(Callback):
    """Records each epoch's logs; `fit` returns it.

    Attributes:
        epoch: the list of epoch indices seen.
        history: dict of metric name -> list of per-epoch values.
    """

    reads_state_every_batch = False

    def __init__(self):
        super().__init__()
        self.epoch = []
        self.history = {}

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self
