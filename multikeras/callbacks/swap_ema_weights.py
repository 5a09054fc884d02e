"""`SwapEMAWeights`: evaluate (and checkpoint) with the EMA weights."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs


@export("multikeras.callbacks.SwapEMAWeights")
class SwapEMAWeights(Callback):
    """Puts the optimizer's moving averages in the model for evaluation.

    For an optimizer created with `use_ema=True`: during validation,
    `evaluate` and `predict`, the model's trainable variables hold their
    exponential moving averages; the training weights come back when that
    run ends. With `swap_on_epoch=True` the averages are also in the model
    from the end of each epoch until the next one starts, so callbacks
    placed after this one (such as `ModelCheckpoint`) save them.

    The training weights are kept aside as NumPy copies, and the averages
    are never overwritten: when `fit` ends (also early) and puts the
    averages in the model (`finalize_variable_values`), they are the real
    averages.

    Args:
        swap_on_epoch: also swap around the end of each epoch. Defaults to
            `False`.

    Example:

    >>> callback = multikeras.callbacks.SwapEMAWeights(swap_on_epoch=True)
    >>> callback.swap_on_epoch
    True
    """

    reads_state_every_batch = False

    def __init__(self, swap_on_epoch: bool = False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._saved: list[Any] | None = None  # training weights, aside

    def _averages(self) -> list[Any]:
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not getattr(optimizer, "use_ema", False):
            raise ValueError(
                "SwapEMAWeights must be used when "
                "`use_ema=True` is set on the optimizer. Received: "
                f"use_ema={getattr(optimizer, 'use_ema', None)}"
            )
        if not optimizer.built:
            return []
        return list(optimizer._model_variables_moving_average)

    def _swap_in(self) -> None:
        """Model <- averages, the training weights kept aside."""
        if self._saved is not None:
            return
        averages = self._averages()
        if not averages:
            return
        variables = self.model.trainable_variables
        if len(variables) != len(averages):
            raise ValueError(
                f"SwapEMAWeights: the optimizer averages {len(averages)} "
                f"variables but the model has {len(variables)} trainable "
                "variables."
            )
        self._saved = [np.array(v.value) for v in variables]
        for variable, average in zip(variables, averages):
            # A copy: sharing the average's buffer would let a compiled
            # step (which donates its state) delete it.
            variable.assign(np.array(average.value))

    def _swap_out(self) -> None:
        """Model <- the training weights kept aside."""
        if self._saved is None:
            return
        for variable, value in zip(self.model.trainable_variables,
                                   self._saved):
            variable.assign(value)
        self._saved = None

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._averages()  # fail early without use_ema
        self._saved = None

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        if self.swap_on_epoch:
            self._swap_out()

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.swap_on_epoch:
            self._swap_in()

    def on_train_end(self, logs: Logs | None = None) -> None:
        # fit has put the averages in the model: nothing to give back.
        self._saved = None

    def on_test_begin(self, logs: Logs | None = None) -> None:
        self._swap_in()

    def on_test_end(self, logs: Logs | None = None) -> None:
        # Inside fit with swap_on_epoch, keep the averages until the next
        # epoch starts (on_epoch_end follows validation).
        if not (self.swap_on_epoch and self._in_fit()):
            self._swap_out()

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._swap_in()

    def on_predict_end(self, logs: Logs | None = None) -> None:
        self._swap_out()

    def _in_fit(self) -> bool:
        return self.params.get("mode") not in ("test", "predict")
