"""`Discretization`: bucketizes continuous features by bin boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import _quantiles
from multikeras.layers.preprocessing._data import iter_batches
from multikeras.layers.preprocessing._encoding import check_output_mode
from multikeras.layers.preprocessing._encoding import encode
from multikeras.layers.preprocessing._encoding import encoded_shape
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Shape
from multikeras.typing import Tensor

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.layers.Discretization")
class Discretization(Layer):
    """Maps each value to the index of its bin: `i` such that
    `boundaries[i - 1] <= x < boundaries[i]` (0 below the first boundary,
    `len(boundaries)` from the last one up).

    The boundaries are given, or computed by `adapt(data)` as approximate
    quantiles splitting the data into `num_bins` bins of about equal size.

    Args:
        bin_boundaries: sorted list of floats, or None to `adapt`.
        num_bins: int >= 0, the number of bins `adapt` computes (exclusive
            with `bin_boundaries`).
        epsilon: float, the error tolerance of the quantile summaries of
            `adapt` (smaller: more exact, more memory). Defaults to 0.01.
        output_mode: "int" (default: int32 bin indices), "one_hot",
            "multi_hot" or "count" (float vectors of length
            `len(bin_boundaries) + 1`, as `CategoryEncoding`).
        sparse: must be False (dense outputs only).
        dtype: the dtype of the encoded outputs (floatx if None).
        name: the layer name.

    Example:
    >>> x = np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]])
    >>> layer = Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    >>> np.asarray(layer(x)).tolist()
    [[0, 2, 3, 1], [1, 3, 2, 1]]
    """

    def __init__(
        self,
        bin_boundaries: Sequence[float] | None = None,
        num_bins: int | None = None,
        epsilon: float = 0.01,
        output_mode: str = "int",
        sparse: bool = False,
        dtype: DTypeLike = None,
        name: str | None = None,
    ) -> None:
        super().__init__(dtype=dtype, name=name)
        check_output_mode(self, output_mode, sparse)
        if num_bins is not None and (
            not isinstance(num_bins, int) or num_bins < 0
        ):
            raise ValueError(
                f"Discretization layer {self.name!r}: `num_bins` must be an "
                f"int >= 0. Received: num_bins={num_bins!r}"
            )
        if (num_bins is None) == (bin_boundaries is None):
            raise ValueError(
                f"Discretization layer {self.name!r}: set exactly one of "
                "`bin_boundaries` and `num_bins`. Received: "
                f"bin_boundaries={bin_boundaries!r}, num_bins={num_bins!r}"
            )
        if bin_boundaries is not None:
            bin_boundaries = [float(b) for b in bin_boundaries]
            if any(b > a for a, b in zip(bin_boundaries[1:], bin_boundaries)):
                raise ValueError(
                    f"Discretization layer {self.name!r}: `bin_boundaries` "
                    "must be sorted in increasing order. Received: "
                    f"bin_boundaries={bin_boundaries}"
                )
        if not isinstance(epsilon, (int, float)) or not 0 < epsilon < 1:
            raise ValueError(
                f"Discretization layer {self.name!r}: `epsilon` must be a "
                f"float in (0, 1). Received: epsilon={epsilon!r}"
            )
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = bool(sparse)
        self.summary = _quantiles.empty()
        self.built = True

    @property
    def output_dtype(self) -> str:
        return "int32" if self.output_mode == "int" else self.compute_dtype

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Computes `num_bins - 1` boundaries from the quantiles of `data`.

        Args:
            data: a NumPy array or tensor, or an iterable of batches (a
                list of arrays, a generator, a `PyDataset`).
            steps: if set, use at most this many batches.
        """
        if self.num_bins is None:
            raise ValueError(
                f"Discretization layer {self.name!r} was created with "
                "`bin_boundaries`; create it with `num_bins` to adapt it."
            )
        self.reset_state()
        for i, batch in enumerate(iter_batches("Discretization", data)):
            if steps is not None and i >= steps:
                break
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        """Merges a batch of data into the quantile summary."""
        values = np.asarray(data).astype("float32")
        self.summary = _quantiles.merge(
            _quantiles.summarize(values, self.epsilon), self.summary,
            self.epsilon,
        )  # fmt: skip

    def finalize_state(self) -> None:
        """Sets `bin_boundaries` from the summary."""
        if self.num_bins is None:
            return
        self.bin_boundaries = _quantiles.bin_boundaries(
            self.summary, self.num_bins
        ).tolist()

    def reset_state(self) -> None:
        if self.num_bins is not None:
            self.summary = _quantiles.empty()

    def _depth(self) -> int:
        if self.bin_boundaries is not None:
            return len(self.bin_boundaries) + 1
        return self.num_bins or 0

    def call(self, inputs: Tensor) -> Tensor:
        if self.bin_boundaries is None:
            raise ValueError(
                f"Discretization layer {self.name!r} has no bin boundaries "
                "yet: pass `bin_boundaries` or call adapt(data) first."
            )
        boundaries = np.asarray(self.bin_boundaries, "float32")
        if not np.issubdtype(np.dtype(str(inputs.dtype)), np.floating):
            inputs = ops.cast(inputs, "float32")
        # The number of boundaries <= x is np.digitize's index for sorted
        # boundaries (NaN goes last, as there); one comparison per
        # boundary compiles far faster than a sorted search on XLA.
        below = ops.logical_not(ops.less(ops.expand_dims(inputs, -1),
                                         boundaries))  # fmt: skip
        indices = ops.sum(ops.cast(below, "int32"), axis=-1)
        return encode(indices, self.output_mode, self._depth(),
                      self.output_dtype)  # fmt: skip

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return encoded_shape(input_shape, self.output_mode, self._depth())

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)), self.output_dtype
        )

    def get_config(self) -> Config:
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        boundaries = config.get("bin_boundaries")
        if boundaries is not None and config.get("num_bins") is not None:
            # An adapted layer: both are set, which __init__ refuses.
            del config["bin_boundaries"]
            layer = cls(**config)
            layer.bin_boundaries = list(boundaries)
            return layer
        return cls(**config)
