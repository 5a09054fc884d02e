"""`Progbar`: Keras's text progress bar, without a sync per step.

Values passed to `update` may be device arrays: they are converted to floats
only when the bar is drawn, at most every `interval` seconds, so a training
loop that updates the bar each step does not wait for the device each step.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from multikeras.api_export import export


def _format_time(seconds):
    if seconds >= 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:" \
               f"{int(seconds % 60):02d}"
    if seconds >= 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(round(seconds))}s"


def _format_per_unit(seconds, unit):
    if seconds >= 1:
        return f"{seconds:.0f}s/{unit}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit}"
    return f"{seconds * 1e6:.0f}us/{unit}"


def _format_value(value):
    value = float(np.asarray(value))
    if value != 0 and abs(value) < 1e-3:
        return f"{value:.4e}"
    return f"{value:.4f}"


@export("multikeras.utils.Progbar")
class Progbar:
    """A progress bar: `23/100 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - loss: 0.1`.

    Args:
        target: total number of steps, or None if unknown.
        width: width of the bar in characters.
        verbose: 1 draws the bar, 2 prints one line when finished, 0 is
            silent.
        interval: minimum seconds between redraws.
        stateful_metrics: accepted for Keras compatibility. Values given to
            `update` are shown as given (multikeras logs are already
            running averages), so no name needs marking.
        unit_name: the unit in the rate display ("step").
    """

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.25,
        stateful_metrics: Any = None,
        unit_name: str = "step",
    ) -> None:
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.seen = 0
        self._start = time.time()
        self._last_draw = 0.0
        self._interactive = sys.stdout.isatty()
        self._values: Mapping[str, Any] = {}

    def update(
        self,
        current: int,
        values: Mapping[str, Any] | None = None,
        finalize: bool | None = None,
    ) -> None:
        """Records progress; draws if due. `values` maps name -> value."""
        if values:
            self._values = values
        self.seen = current
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if not self.verbose:
            return
        now = time.time()
        if self.verbose == 1 and self._interactive and not finalize and (
            now - self._last_draw < self.interval
        ):
            return
        if self.verbose == 1 and (self._interactive or finalize):
            self._last_draw = now
            line = self._line(now)
            end = "\n" if finalize else ""
            sys.stdout.write(f"\r{line}{end}")
            sys.stdout.flush()
        elif self.verbose == 2 and finalize:
            sys.stdout.write(self._line(now, bar=False) + "\n")
            sys.stdout.flush()

    def add(self, n: int, values: Mapping[str, Any] | None = None) -> None:
        self.update(self.seen + n, values)

    def _line(self, now, bar=True):
        elapsed = now - self._start
        parts = []
        if self.target is not None:
            digits = int(math.log10(max(self.target, 1))) + 1
            parts.append(f"{self.seen:{digits}d}/{self.target}")
            if bar:
                filled = int(self.width * self.seen / max(self.target, 1))
                parts.append(
                    "\x1b[1m" + "━" * filled + "\x1b[0m"
                    + "━" * (self.width - filled)
                    if self._interactive else "━" * self.width
                )
        else:
            parts.append(f"{self.seen}")
        per_unit = elapsed / max(self.seen, 1)
        rate = _format_per_unit(per_unit, self.unit_name)
        finished = self.target is not None and self.seen >= self.target
        if self.target is not None and not finished:
            eta = per_unit * (self.target - self.seen)
            parts.append(f"{_format_time(eta)} {rate}")
        elif bar:
            parts.append(f"{_format_time(elapsed)} {rate}")
        else:  # verbose=2: "32/32 - 1s - 3ms/step", as Keras prints it
            parts += ["-", _format_time(elapsed), "-", rate]
        line = " ".join(parts)
        for name, value in self._values.items():
            try:
                line += f" - {name}: {_format_value(value)}"
            except (TypeError, ValueError):
                continue
        return line
