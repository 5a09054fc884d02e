"""`Hashing`: hashes strings or integers into a fixed number of bins."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing._encoding import check_output_mode
from multikeras.layers.preprocessing._encoding import encode
from multikeras.layers.preprocessing._encoding import encoded_shape
from multikeras.layers.preprocessing._hash import fingerprint64
from multikeras.layers.preprocessing._hash import siphash64
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


def _is_text(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "USO"
    return False


def _as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


@export("multikeras.layers.Hashing")
class Hashing(Layer):
    """Hashes each string or integer to a bin in `[0, num_bins)`.

    The bins are Keras's: a value's text (integers and floats, cast to
    int64, as their decimal digits) is hashed with FarmHash
    Fingerprint64, or with SipHash-2-4 keyed by `salt` when one is given,
    and the bin is the hash modulo the number of bins. With a
    `mask_value`, that value maps to bin 0 and the others to
    `1 + hash % (num_bins - 1)`.

    Hashing runs on the host, on concrete values: call it eagerly, in an
    input pipeline, or in a model run by the NumPy backend. Inside a
    compiled (jitted) step it raises an error, as in Keras 3 outside
    TensorFlow.

    Args:
        num_bins: positive int, the number of bins (including the mask
            bin when `mask_value` is set).
        mask_value: a value mapped to bin 0, or None (default).
        salt: None (FarmHash), an int, or a pair of ints: the SipHash
            key (an int `s` means `(s, s)`).
        output_mode: "int" (default: bin indices, int64, which is int32
            on JAX without x64), "one_hot", "multi_hot" or "count"
            (float vectors of length `num_bins`, as `CategoryEncoding`).
        sparse: must be False (dense outputs only).

    Example:
    >>> layer = Hashing(num_bins=3)
    >>> np.asarray(layer([["A"], ["B"], ["C"], ["D"], ["E"]])).tolist()
    [[1], [0], [1], [1], [2]]
    """

    def __init__(self, num_bins: int, mask_value: Any = None,
                 salt: Any = None, output_mode: str = "int",
                 sparse: bool = False, **kwargs: Any) -> None:  # fmt: skip
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = (
                "int64" if output_mode == "int" else backend.floatx()
            )
        super().__init__(**kwargs)
        check_output_mode(self, output_mode, sparse)
        if (
            not isinstance(num_bins, int)
            or isinstance(num_bins, bool)
            or num_bins < 1
        ):
            raise ValueError(
                f"Hashing layer {self.name!r}: `num_bins` must be a positive "
                f"int. Received: num_bins={num_bins!r}"
            )
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError(
                f"Hashing layer {self.name!r}: with output_mode='int' the "
                "dtype must be 'int32' or 'int64'. Received: "
                f"dtype={self.dtype!r}"
            )
        if salt is not None:
            if isinstance(salt, int) and not isinstance(salt, bool):
                salt = [salt, salt]
            elif isinstance(salt, (list, tuple)) and len(salt) == 2 and all(
                isinstance(s, int) for s in salt
            ):
                salt = list(salt)
            else:
                raise ValueError(
                    f"Hashing layer {self.name!r}: `salt` must be an int or "
                    f"a pair of ints. Received: salt={salt!r}"
                )
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = salt
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = bool(sparse)
        self.built = True

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        # A (nested) list is one input of strings or ints here, not a
        # list of inputs.
        if isinstance(inputs, (list, tuple, str, bytes)):
            inputs = np.asarray(inputs)
        return super().__call__(inputs, *args, **kwargs)

    def _convert_input(self, x: Any) -> Any:
        # Strings stay NumPy arrays: no backend has string tensors.
        if _is_text(x):
            return np.asarray(x)
        return super()._convert_input(x)

    def _host_values(self, inputs: Any) -> np.ndarray:
        if isinstance(inputs, np.ndarray) and inputs.dtype.kind in "USO":
            return inputs
        try:
            values = np.asarray(ops.convert_to_numpy(inputs))
        except Exception as error:  # a tracer inside a compiled step
            raise ValueError(
                f"Hashing layer {self.name!r} hashes concrete values on the "
                "host, so it cannot run inside a compiled (jitted) step. "
                "Apply it to the data before the model, or run the model "
                "eagerly (e.g. `run_eagerly=True`, or the NumPy backend). "
                f"Received a {type(inputs).__name__}."
            ) from error
        if values.dtype.kind == "f":
            values = values.astype("int64")
        if values.dtype.kind not in "iub":
            raise TypeError(
                f"Hashing layer {self.name!r} expects strings or integers. "
                f"Received dtype {values.dtype}."
            )
        return values

    def _bins(self, values: np.ndarray) -> np.ndarray:
        bins = self.num_bins
        masked = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            masked = values == np.asarray(self.mask_value, values.dtype) \
                if values.dtype.kind != "O" else values == self.mask_value
        if self.salt is not None:
            key = (self.salt[0], self.salt[1])
            hashes = [siphash64(key, _as_bytes(v)) for v in values.flat]
        else:
            hashes = [fingerprint64(_as_bytes(v)) for v in values.flat]
        out = np.array([h % bins for h in hashes], "int64")
        out = out.reshape(values.shape)
        if masked is not None:
            out = np.where(masked, 0, out + 1)
        return out

    def call(self, inputs: Any) -> Tensor:
        values = self._host_values(inputs)
        if values.dtype.kind in "S":
            values = values.astype(object)
        indices = ops.convert_to_tensor(self._bins(values))
        return encode(indices, self.output_mode, self.num_bins, self.dtype)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return encoded_shape(input_shape, self.output_mode, self.num_bins)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)),
            backend.standardize_dtype(self.dtype),
        )

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }
