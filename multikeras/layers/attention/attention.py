"""`Attention`: dot-product (Luong-style) attention over `[query, value]`."""

from __future__ import annotations

from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras import random
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.attention._masks import causal_mask
from multikeras.layers.attention._masks import masked_softmax
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

_SCORE_MODES = ("dot", "concat")


@export("multikeras.layers.Attention")
class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    Called on `[query, value]` or `[query, value, key]` (the key defaults
    to the value): scores `(batch, Tq, Tv)` are computed from the query and
    the key, turned into a distribution by a softmax over `Tv`, and used to
    average the value.

    Args:
        use_scale: if True, a trainable scalar `scale` (initialized to 1)
            multiplies the scores. Defaults to False.
        score_mode: `"dot"` (query . key) or `"concat"` (the sum over
            features of `tanh(query + key)`, times a trainable scalar
            `concat_score_weight`). Defaults to `"dot"`.
        dropout: float in [0, 1), the fraction of attention weights dropped
            in training. Defaults to 0.
        seed: int seed for the dropout.

    Call arguments:
        inputs: list `[query, value]` or `[query, value, key]` of shapes
            `(batch, Tq, dim)`, `(batch, Tv, dim)`, `(batch, Tv, dim)`.
        mask: list `[query_mask, value_mask]` of bool tensors
            `(batch, Tq)` and `(batch, Tv)`; taken from the inputs' Keras
            masks when not given. Masked values get no weight; the output
            is 0 at masked query steps.
        return_attention_scores: also return the attention weights (after
            masking, softmax and dropout). Defaults to False.
        training: whether dropout is active. Defaults to False.
        use_causal_mask: mask so that query step `i` sees only value steps
            `j <= i` (decoder self-attention). Defaults to False.

    Output shape:
        `(batch, Tq, value_dim)`, and `(batch, Tq, Tv)` scores when
        `return_attention_scores`.

    Example:
    >>> query = np.ones((2, 3, 4), "float32")
    >>> value = np.ones((2, 5, 4), "float32")
    >>> Attention()([query, value]).shape
    (2, 3, 4)
    """

    def __init__(
        self,
        use_scale: bool = False,
        score_mode: str = "dot",
        dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if score_mode not in _SCORE_MODES:
            raise ValueError(
                f"{type(self).__name__} layer {self.name!r}: `score_mode` "
                f"must be one of {_SCORE_MODES}. Received: "
                f"score_mode={score_mode!r}"
            )
        if not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
            raise ValueError(
                f"{type(self).__name__} layer {self.name!r}: `dropout` must "
                f"be a float in [0, 1). Received: dropout={dropout!r}"
            )
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if dropout > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True

    # ------------------------------------------------------------ build
    def _validate_inputs(self, inputs: Any, mask: Any = None) -> None:
        kind = f"{type(self).__name__} layer {self.name!r}"
        if (
            not isinstance(inputs, (list, tuple))
            or not 2 <= len(inputs) <= 3
            # A single shape tuple is not a list of inputs.
            or any(x is None or isinstance(x, int) for x in inputs)
        ):
            raise ValueError(
                f"{kind} must be called on a list [query, value] or "
                f"[query, value, key]. Received: inputs={inputs!r}"
            )
        if mask is not None and (
            not isinstance(mask, (list, tuple)) or not 2 <= len(mask) <= 3
        ):
            raise ValueError(
                f"{kind}: `mask` must be a list [query_mask, value_mask]. "
                f"Received: mask={mask!r}"
            )

    def _check_shapes(self, shapes: Any) -> None:
        query, value = tuple(shapes[0]), tuple(shapes[1])
        key = tuple(shapes[2]) if len(shapes) > 2 else value
        kind = f"{type(self).__name__} layer {self.name!r}"
        if min(len(query), len(value), len(key)) < 2:
            raise ValueError(
                f"{kind} expects inputs of shape (batch, steps, dim). "
                f"Received: query shape {query}, value shape {value}, key "
                f"shape {key}"
            )
        if None not in (key[-2], value[-2]) and key[-2] != value[-2]:
            raise ValueError(
                f"{kind}: `key` and `value` must have the same number of "
                f"steps (axis -2). Received: value shape {value}, key shape "
                f"{key}"
            )
        if None not in (query[-1], key[-1]) and query[-1] != key[-1]:
            raise ValueError(
                f"{kind}: `query` and `key` must have the same last "
                f"dimension. Received: query shape {query}, key shape {key}"
            )

    def build(self, input_shape: Any) -> None:
        self._validate_inputs(input_shape)
        self._check_shapes(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                shape=(), initializer="ones", name="scale"
            )
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                shape=(), initializer="ones", name="concat_score_weight"
            )

    # ------------------------------------------------------------- call
    def _calculate_scores(self, query: Tensor, key: Tensor) -> Tensor:
        """`(batch, Tq, Tv)` scores of the query against the key."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            if self.scale is not None:
                scores = ops.multiply(scores, self.scale)
            return scores
        pairs = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.multiply(
            self.concat_score_weight, ops.sum(ops.tanh(pairs), axis=-1)
        )

    def call(
        self,
        inputs: list[Tensor],
        mask: list[Tensor | None] | None = None,
        training: bool = False,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Tensor | tuple[Tensor, Tensor]:
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = None
        if value_mask is not None:
            scores_mask = ops.expand_dims(ops.cast(value_mask, "bool"), -2)
        if use_causal_mask:
            causal = causal_mask(scores.shape[-2], scores.shape[-1])
            scores_mask = causal if scores_mask is None else (
                ops.logical_and(scores_mask, causal)
            )  # fmt: skip
        weights = _softmax_with_padding(scores, scores_mask)
        if training and self.dropout > 0:
            weights = random.dropout(
                weights, self.dropout, seed=self.seed_generator
            )
        outputs = ops.matmul(weights, value)
        if query_mask is not None:
            keep = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
            outputs = ops.where(keep, outputs, ops.zeros((), outputs.dtype))
        if return_attention_scores:
            return outputs, weights
        return outputs

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        self._validate_inputs(inputs, previous_mask)
        if previous_mask is None or previous_mask[0] is None:
            return None
        return previous_mask[0]

    def compute_output_shape(self, input_shape: Any) -> Shape:
        self._validate_inputs(input_shape)
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def compute_output_spec(  # type: ignore[override]
        self,
        inputs: list[Any],
        mask: Any = None,
        training: bool | None = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        self._validate_inputs(inputs, mask)
        shapes = [tuple(x.shape) for x in inputs]
        self._check_shapes(shapes)
        outputs = KerasTensor(
            self.compute_output_shape(shapes), self.compute_dtype
        )
        if not return_attention_scores:
            return outputs
        key_steps = shapes[2][-2] if len(shapes) > 2 else shapes[1][-2]
        scores = KerasTensor(
            (*shapes[0][:-1], key_steps), self.compute_dtype
        )
        return outputs, scores

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        }


def _softmax_with_padding(scores: Tensor, mask: Tensor | None) -> Tensor:
    """Softmax over the last axis, masked entries pushed down by a large
    constant (Keras's `Attention`: unlike the Softmax layer, a fully masked
    row stays a distribution rather than zeros)."""
    if mask is not None:
        half = backend.standardize_dtype(scores.dtype) == "float16"
        big = 65504.0 if half else 1.0e9
        scores = ops.where(mask, scores, ops.subtract(scores, big))
    return masked_softmax(scores, None, (-1,))
