"""NumPy-array inputs to fit/evaluate/predict: checks, splits, batches.

Every batch has the same size: the last short one is padded with real rows
(repeated from the start of the epoch's order) and a mask marks the padding.
So the compiled step sees one input signature per dataset and compiles once,
and the padding rows are ignored by losses and metrics through the mask.
"""

import math

import numpy as np

from multikeras.api_export import export
from multikeras.backend.common import tree


@export("multikeras.utils.unpack_x_y_sample_weight")
def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from `x`, `(x,)`, `(x, y)` or `(x, y, sw)`."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "Data must be x, (x,), (x, y) or (x, y, sample_weight). Received a "
        f"tuple of {len(data)} elements."
    )


@export("multikeras.utils.pack_x_y_sample_weight")
def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The inverse of `unpack_x_y_sample_weight`."""
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def _to_array(x):
    if x is None:
        return None
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        x = x.numpy()
    array = np.asarray(x)
    if array.dtype == np.float64:
        array = array.astype(np.float32)
    return array


def _num_samples(arrays, name):
    sizes = {len(a) if a.ndim else None for a in arrays}
    if None in sizes:
        raise ValueError(
            f"`{name}` holds a scalar; each input needs a leading samples "
            "dimension."
        )
    return sizes


class ArrayDataAdapter:
    """Batches NumPy data (arrays, or lists/tuples/dicts of arrays).

    Args:
        x, y, sample_weight: the data; `y` and `sample_weight` optional.
        batch_size: samples per batch.
        shuffle: True to shuffle each epoch, "batch" to shuffle the order of
            batches only, False to keep the order.
        seed: seed of the shuffling (for reproducible fits).
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=32,
                 shuffle=False, seed=None):
        self.x = tree.map_structure(_to_array, x)
        self.y = tree.map_structure(_to_array, y)
        self.sample_weight = tree.map_structure(_to_array, sample_weight)
        sizes = {}
        for name, part in (("x", self.x), ("y", self.y),
                           ("sample_weight", self.sample_weight)):
            if part is not None:
                sizes[name] = _num_samples(tree.flatten(part), name)
        all_sizes = set().union(*sizes.values()) if sizes else set()
        if len(all_sizes) > 1:
            detail = ", ".join(
                f"{name} sizes: {sorted(s)}" for name, s in sizes.items()
            )
            raise ValueError(
                "Data cardinality is ambiguous: x, y and sample_weight must "
                f"have the same number of samples. Received: {detail}. Make "
                "sure all arrays contain the same number of samples."
            )
        if not all_sizes:
            raise ValueError("No data: `x` is empty.")
        self.num_samples = all_sizes.pop()
        if self.num_samples == 0:
            raise ValueError("No data: the arrays hold zero samples.")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(
                "`batch_size` must be a positive int. Received: "
                f"batch_size={batch_size!r}"
            )
        self.batch_size = min(batch_size, self.num_samples)
        if shuffle not in (True, False, "batch"):
            raise ValueError(
                "`shuffle` must be True, False or 'batch'. Received: "
                f"shuffle={shuffle!r}"
            )
        self.shuffle = shuffle
        self._rng = np.random.default_rng(seed)
        self._leaves = None

    @property
    def num_batches(self):
        return math.ceil(self.num_samples / self.batch_size)

    def _epoch_order(self):
        order = np.arange(self.num_samples)
        if self.shuffle is True:
            self._rng.shuffle(order)
        elif self.shuffle == "batch":
            starts = np.arange(self.num_batches)
            self._rng.shuffle(starts)
            order = np.concatenate([
                order[s * self.batch_size : (s + 1) * self.batch_size]
                for s in starts
            ])
        return order

    @property
    def data(self):
        """All samples, structured as `train_step` receives a batch:
        `(x,)`, `(x, y)` or `(x, y, sample_weight)`."""
        if self.y is None and self.sample_weight is None:
            return (self.x,)
        if self.sample_weight is None:
            return (self.x, self.y)
        return (self.x, self.y, self.sample_weight)

    @property
    def nbytes(self):
        return sum(a.nbytes for a in tree.flatten(self.data) if a is not None)

    @property
    def structure(self):
        """`data` with each array replaced by its leaf position."""
        leaves = tree.flatten(self.data)
        return tree.pack_sequence_as(self.data, list(range(len(leaves))))

    def index_batches(self):
        """Yields `(index, mask, num_real)` for one epoch.

        `index` (int32) selects the batch's rows; `mask` is float32, 1 for
        real rows and 0 for the padding of the last short batch.
        """
        order = self._epoch_order().astype(np.int32)
        size = self.batch_size
        full = np.ones(size, np.float32)
        for start in range(0, self.num_samples, size):
            index = order[start : start + size]
            num_real = len(index)
            mask = full
            if num_real < size:
                mask = full.copy()
                mask[num_real:] = 0.0
                index = np.concatenate([index, order[: size - num_real]])
            yield index, mask, num_real

    def batches(self):
        """Yields `(data, mask, num_real)`: `index_batches`, with the rows
        taken on the host."""
        for index, mask, num_real in self.index_batches():
            yield self.take(index), mask, num_real

    def take(self, index):
        """The rows `index` of `data`."""
        return tree.pack_sequence_as(self.data, self.take_flat(index))

    def take_flat(self, index):
        """The rows `index` of each array of `data`, as a flat list (the
        training loop's per-step path: no structure to walk)."""
        if self._leaves is None:
            self._leaves = tree.flatten(self.data)
        return [None if a is None else a.take(index, axis=0)
                for a in self._leaves]

    def first_batch(self):
        """A small real batch, to build models and metrics before tracing."""
        return self.take(np.arange(min(self.batch_size, self.num_samples)))


def split_validation(x, y, sample_weight, validation_split):
    """Splits off the last `validation_split` fraction, before shuffling."""
    if not 0 < validation_split < 1:
        raise ValueError(
            "`validation_split` must be in (0, 1). Received: "
            f"validation_split={validation_split}"
        )
    arrays = tree.map_structure(_to_array, (x, y, sample_weight))
    flat = [a for a in tree.flatten(arrays) if a is not None]
    total = len(flat[0])
    cut = int(total * (1.0 - validation_split))
    if cut == 0 or cut == total:
        raise ValueError(
            f"validation_split={validation_split} leaves an empty training "
            f"or validation set for {total} samples."
        )

    def part(sl):
        return tree.map_structure(
            lambda a: None if a is None else a[sl], arrays
        )

    return part(slice(0, cut)), part(slice(cut, None))
