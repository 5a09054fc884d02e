"""What monitoring callbacks share: reading a logged quantity and telling
whether a new value improves on the best one."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs

_MODES = ("auto", "min", "max")


def check_mode(callback: str, mode: str) -> str:
    """`mode`, or "auto" with Keras's warning when it is unknown."""
    if mode not in _MODES:
        warnings.warn(
            f"{callback} mode '{mode}' is unknown, fallback to auto mode.",
            stacklevel=3,
        )
        return "auto"
    return mode


def _model_metrics(model: Any) -> list[Any]:
    """Every metric object of `model`, compiled containers opened."""
    found: list[Any] = []
    for metric in getattr(model, "metrics", None) or []:
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, list):
            # CompileMetrics holds (output index, weighted, metric) tuples.
            found += [m[-1] if isinstance(m, tuple) else m for m in inner]
        else:
            found.append(metric)
    return found


def metric_direction(model: Any, monitor: str) -> str | None:
    """"down" or "up" for the logged quantity `monitor`, inferred from its
    name and the model's metrics as Keras does; None if unknown."""
    name = monitor.removeprefix("val_")
    direction = "down" if name == "loss" else None
    for metric in _model_metrics(model):
        if getattr(metric, "name", None) == name:
            metric_dir = getattr(metric, "_direction", None)
            if metric_dir is not None:
                direction = metric_dir
    return direction


def logged_float(value: Any) -> float:
    """A logged scalar (Python, NumPy or device value) as a float."""
    return float(np.asarray(value))


class MonitorCallback(Callback):
    """Base of callbacks that watch `monitor` for improvements.

    Args:
        monitor: the logged quantity (`"val_loss"`, `"accuracy"`, ...).
        mode: "auto", "min" or "max"; "auto" infers the direction from the
            name ("loss") or from the model's metric of that name.
        baseline: the initial best value (None: the first value).
        min_delta: the smallest change that counts as an improvement.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        mode: str = "auto",
        baseline: float | None = None,
        min_delta: float = 0,
    ) -> None:
        super().__init__()
        self.monitor = monitor
        self.mode = check_mode(type(self).__name__, mode)
        self.best: float | None = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op: Callable[[Any, Any], Any] | None = None

    def _set_monitor_op(self) -> None:
        if self.mode == "min":
            direction: str | None = "down"
        elif self.mode == "max":
            direction = "up"
        else:
            direction = metric_direction(self.model, self.monitor)
            if direction is None:
                raise ValueError(
                    f"{type(self).__name__} callback received "
                    f"monitor={self.monitor}, but multikeras isn't able to "
                    "automatically determine whether that metric should be "
                    "maximized or minimized. Pass `mode='max'` in order to "
                    "monitor based on the highest metric value, or pass "
                    "`mode='min'` in order to use the lowest value."
                )
        if direction == "down":
            self.monitor_op = np.less
            self.min_delta = -abs(self.min_delta)
            if self.best is None:
                self.best = np.inf
        else:
            self.monitor_op = np.greater
            self.min_delta = abs(self.min_delta)
            if self.best is None:
                self.best = -np.inf

    def _is_improvement(self, value: Any, reference: Any) -> bool:
        if reference is None:
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        op = self.monitor_op or np.less
        return bool(op(value - self.min_delta, reference))

    def _monitor_value(self, logs: Logs | None, what: str) -> float | None:
        """`logs[monitor]` as a float, or None with Keras's warning."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"{what} conditioned on metric `{self.monitor}` which is "
                "not available. Available metrics are: "
                f"{','.join(list(logs.keys()))}",
                stacklevel=3,
            )
            return None
        return logged_float(value)
