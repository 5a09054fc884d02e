"""`CSVLogger`: one CSV row per epoch."""

from __future__ import annotations

import collections.abc
import csv
import os
from typing import IO
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs


def _cell(value: Any) -> Any:
    """A logged value as CSV writes it: strings and scalars as they are,
    1-D sequences as `"[a, b]"`."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, collections.abc.Iterable):
        return f'"[{", ".join(map(str, value))}]"'
    if hasattr(value, "__array__"):  # a device scalar
        return np.asarray(value).item()
    return value


@export("multikeras.callbacks.CSVLogger")
class CSVLogger(Callback):
    """Streams each epoch's logs to a CSV file.

    The first row is a header, `epoch` then the logged names in sorted
    order (validation names the model will log are included even if the
    first epoch did not validate); each epoch adds a row, flushed at once.
    A name missing from an epoch's logs is written `NA`.

    Args:
        filename: the CSV file, e.g. `"run/log.csv"`.
        separator: the delimiter between cells. Defaults to `","`.
        append: append to an existing file (no second header), to
            continue a run; otherwise the file is overwritten. Defaults to
            `False`.

    Example:

    >>> csv_logger = multikeras.callbacks.CSVLogger("training.log")
    >>> csv_logger.sep
    ','
    """

    reads_state_every_batch = False

    def __init__(
        self,
        filename: str | os.PathLike[str],
        separator: str = ",",
        append: bool = False,
    ) -> None:
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer: Any = None
        self.keys: list[str] | None = None
        self.append_header = True
        self.csv_file: IO[str] | None = None

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.append_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as f:
                self.append_header = not f.readline()
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(  # noqa: SIM115 (closed in on_train_end)
            self.filename, "a" if self.append else "w", newline=""
        )
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            # With validation_freq > 1 the first epoch has no val_ entries.
            for name in getattr(self.model, "metrics_names", None) or []:
                if name.startswith("val_") and name not in self.keys:
                    self.keys.append(name)
        if self.writer is None:
            if self.csv_file is None:
                self.on_train_begin()
            separator = self.sep

            class _Dialect(csv.excel):
                delimiter = separator

            self.writer = csv.DictWriter(
                self.csv_file,  # type: ignore[arg-type]
                fieldnames=["epoch", *self.keys], dialect=_Dialect,
            )
            if self.append_header:
                self.writer.writeheader()
        row: dict[str, Any] = {"epoch": epoch}
        row.update((k, _cell(logs.get(k, "NA"))) for k in self.keys)
        self.writer.writerow(row)
        if self.csv_file is not None:
            self.csv_file.flush()

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
