"""`CategoryEncoding`: integer features as one-hot, multi-hot or count
vectors."""

from __future__ import annotations

from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing._encoding import check_output_mode
from multikeras.layers.preprocessing._encoding import encode
from multikeras.layers.preprocessing._encoding import encoded_shape
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


@export("multikeras.layers.CategoryEncoding")
class CategoryEncoding(Layer):
    """Encodes integer features (values in `[0, num_tokens)`) as vectors
    of length `num_tokens`, in the layer's dtype.

    Args:
        num_tokens: positive int, the number of distinct values.
        output_mode: "multi_hot" (default): one vector per sample (the
            last input axis) with a 1 for each value present; "one_hot":
            one vector per value (a trailing axis of size 1 is replaced);
            "count": as multi_hot, with the number of occurrences.
            "binary" is accepted as an old name of "multi_hot".
        sparse: must be False (dense outputs only).

    Call arguments:
        inputs: integer tensor of indices.
        count_weights: optional weights, shaped like `inputs`, summed
            instead of counting 1 per occurrence ("count" mode only).

    Example:
    >>> layer = CategoryEncoding(num_tokens=4, output_mode="count")
    >>> np.asarray(layer(np.array([[0, 1], [3, 3]]))).tolist()
    [[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0]]
    """

    def __init__(self, num_tokens: int | None = None,
                 output_mode: str = "multi_hot", sparse: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        check_output_mode(self, output_mode, sparse,
                          ("one_hot", "multi_hot", "count"))  # fmt: skip
        if (
            not isinstance(num_tokens, int)
            or isinstance(num_tokens, bool)
            or num_tokens < 1
        ):
            raise ValueError(
                f"CategoryEncoding layer {self.name!r}: `num_tokens` must "
                f"be a positive int. Received: num_tokens={num_tokens!r}"
            )
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = bool(sparse)
        self.built = True

    def call(self, inputs: Tensor, count_weights: Tensor | None = None
             ) -> Tensor:  # fmt: skip
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    f"CategoryEncoding layer {self.name!r}: `count_weights` "
                    "is only used with output_mode='count'. Received: "
                    f"output_mode={self.output_mode!r}"
                )
            count_weights = ops.cast(count_weights, self.compute_dtype)
        return encode(inputs, self.output_mode, self.num_tokens,
                      self.compute_dtype, count_weights)  # fmt: skip

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def compute_output_spec(self, inputs: Any, count_weights: Any = None
                            ) -> KerasTensor:  # fmt: skip
        return KerasTensor(
            self.compute_output_shape(tuple(inputs.shape)),
            backend.standardize_dtype(self.compute_dtype),
        )

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "num_tokens": self.num_tokens,
            "output_mode": self.output_mode,
        }
