"""`LambdaCallback`: a callback made of plain functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback

_HOOKS = (
    "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
    "on_train_batch_begin", "on_train_batch_end", "on_test_begin",
    "on_test_end", "on_test_batch_begin", "on_test_batch_end",
    "on_predict_begin", "on_predict_end", "on_predict_batch_begin",
    "on_predict_batch_end",
)


@export("multikeras.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    """A callback whose hooks are the functions passed in.

    `on_epoch_begin`/`on_epoch_end` take `(epoch, logs)`,
    `on_train_batch_begin`/`on_train_batch_end` take `(batch, logs)` and
    `on_train_begin`/`on_train_end` take `(logs)`. Any other hook
    (`on_test_batch_end=...`, `on_predict_end=...`) may be passed by
    name too. The model's variables are copied back after every batch
    only if a batch function is given.

    Args:
        on_epoch_begin: called at the start of each epoch.
        on_epoch_end: called at the end of each epoch.
        on_train_begin: called when training starts.
        on_train_end: called when training ends.
        on_train_batch_begin: called before each training batch.
        on_train_batch_end: called after each training batch.
        **kwargs: other hooks, by name.

    Example:

    >>> seen = []
    >>> callback = multikeras.callbacks.LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> callback.on_epoch_end(0, {})
    >>> seen
    [0]
    """

    def __init__(
        self,
        on_epoch_begin: Callable[..., Any] | None = None,
        on_epoch_end: Callable[..., Any] | None = None,
        on_train_begin: Callable[..., Any] | None = None,
        on_train_end: Callable[..., Any] | None = None,
        on_train_batch_begin: Callable[..., Any] | None = None,
        on_train_batch_end: Callable[..., Any] | None = None,
        **kwargs: Callable[..., Any],
    ) -> None:
        super().__init__()
        unknown = sorted(set(kwargs) - set(_HOOKS))
        if unknown:
            raise ValueError(
                f"LambdaCallback: unknown hooks {unknown}. Expected names "
                f"among {list(_HOOKS)}."
            )
        hooks = dict(kwargs)
        hooks.update({
            name: function for name, function in (
                ("on_epoch_begin", on_epoch_begin),
                ("on_epoch_end", on_epoch_end),
                ("on_train_begin", on_train_begin),
                ("on_train_end", on_train_end),
                ("on_train_batch_begin", on_train_batch_begin),
                ("on_train_batch_end", on_train_batch_end),
            ) if function is not None
        })
        for name, function in hooks.items():
            if not callable(function):
                raise TypeError(
                    f"LambdaCallback: `{name}` must be a function. "
                    f"Received: {function!r}"
                )
            # An instance attribute: CallbackList calls only the hooks a
            # callback defines, so unset ones cost nothing.
            setattr(self, name, function)
