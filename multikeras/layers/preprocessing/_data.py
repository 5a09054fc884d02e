"""Reading `adapt()` data: an array, a tensor, or an iterable of batches
(lists, generators, `PyDataset`), each batch an array or an `(x, ...)`
tuple whose first element is used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from multikeras import ops


def _to_numpy(batch: Any) -> np.ndarray:
    if isinstance(batch, tuple) and batch:
        batch = batch[0]
    if ops.is_tensor(batch):
        return np.asarray(ops.convert_to_numpy(batch))
    return np.asarray(batch)


def iter_batches(layer: str, data: Any) -> Iterator[np.ndarray]:
    """The batches of `data` as NumPy arrays (an array is one batch)."""
    from multikeras.utils.py_dataset import PyDataset

    if isinstance(data, np.ndarray) or ops.is_tensor(data):
        yield _to_numpy(data)
        return
    if isinstance(data, PyDataset):
        count = data.num_batches
        if count is None:
            raise ValueError(
                f"{layer}.adapt() needs a finite PyDataset; this one is "
                "endless (num_batches is None)."
            )
        for i in range(count):
            yield _to_numpy(data[i])
        return
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        raise TypeError(
            f"{layer}.adapt() expects a NumPy array, a tensor, a PyDataset "
            "or an iterable of batches (arrays). Received: "
            f"{type(data).__name__}"
        )
    if isinstance(data, list) and data and not hasattr(data[0], "shape") \
            and not isinstance(data[0], (list, tuple)):
        # A flat list of numbers is one batch, not many scalar batches.
        yield np.asarray(data)
        return
    empty = True
    for batch in data:
        empty = False
        yield _to_numpy(batch)
    if empty:
        raise ValueError(
            f"{layer}.adapt() received an empty iterable: it needs at least "
            "one batch."
        )
