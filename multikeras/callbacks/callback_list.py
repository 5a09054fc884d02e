"""`CallbackList`: dispatches hooks to callbacks, adds History/Progbar."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.callbacks.history import History
from multikeras.callbacks.progbar_logger import ProgbarLogger
from multikeras.typing import Logs

_BATCH_HOOKS = (
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
)


def _implements(callback, hook):
    """Whether `callback` defines `hook` (in its class or on the instance)."""
    method = getattr(callback, hook)
    return getattr(method, "__func__", None) is not getattr(Callback, hook)


@export("multikeras.callbacks.CallbackList")
class CallbackList(Callback):
    """A list of callbacks called as one.

    Args:
        callbacks: user callbacks.
        model: the model they observe.
        add_history: append a `History` (fit does).
        add_progbar: append a `ProgbarLogger`.
        **params: `verbose`, `epochs`, `steps`, `mode`, passed to each.
    """

    def __init__(
        self,
        callbacks: Iterable[Callback] | None = None,
        model: Any = None,
        add_history: bool = False,
        add_progbar: bool = False,
        **params: Any,
    ) -> None:
        super().__init__()
        # hook -> bound methods of callbacks defining it
        self._methods: dict[str, list[Callable[..., Any]]] = {}
        self.callbacks = list(callbacks or [])
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    "Each callback must be a multikeras.callbacks.Callback. "
                    f"Received: {callback!r}"
                )
        if add_history and not any(
            isinstance(c, History) for c in self.callbacks
        ):
            history = History()
            self.callbacks.append(history)
            if model is not None:
                model.history = history
        if add_progbar and not any(
            isinstance(c, ProgbarLogger) for c in self.callbacks
        ):
            self.callbacks.append(ProgbarLogger())
        self.set_model(model)
        self.set_params(params)

    def set_model(self, model: Any) -> None:
        super().set_model(model)
        for callback in self.callbacks:
            callback.set_model(model)

    def set_params(self, params: dict[str, Any]) -> None:
        super().set_params(params)
        for callback in self.callbacks:
            callback.set_params(params)

    @property
    def needs_batch_sync(self) -> bool:
        """Whether a callback may read the model's state after each batch."""
        return any(
            getattr(callback, "reads_state_every_batch", True)
            and any(_implements(callback, hook) for hook in _BATCH_HOOKS)
            for callback in self.callbacks
        )

    def _dispatch(self, hook, *args):
        # Only the callbacks that implement `hook` are called: a fit step
        # pays nothing for the batch hooks nobody uses.
        methods = self._methods.get(hook)
        if methods is None:
            methods = [
                getattr(callback, hook)
                for callback in self.callbacks
                if _implements(callback, hook)
            ]
            self._methods[hook] = methods
        for method in methods:
            method(*args)

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._dispatch("on_train_begin", logs)

    def on_train_end(self, logs: Logs | None = None) -> None:
        self._dispatch("on_train_end", logs)

    def on_epoch_begin(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_epoch_begin", epoch, logs)

    def on_epoch_end(
        self, epoch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_epoch_end", epoch, logs)

    def on_train_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_train_batch_begin", batch, logs)

    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_train_batch_end", batch, logs)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        self._dispatch("on_test_begin", logs)

    def on_test_end(self, logs: Logs | None = None) -> None:
        self._dispatch("on_test_end", logs)

    def on_test_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_test_batch_begin", batch, logs)

    def on_test_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._dispatch("on_predict_begin", logs)

    def on_predict_end(self, logs: Logs | None = None) -> None:
        self._dispatch("on_predict_end", logs)

    def on_predict_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._dispatch("on_predict_batch_end", batch, logs)
