"""`MultiHeadAttention`: attention with learned projections per head
(Vaswani et al., 2017, "Attention Is All You Need")."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.attention._equations import attention_equations
from multikeras.layers.attention._equations import projection_equation
from multikeras.layers.attention._masks import causal_mask
from multikeras.layers.attention._masks import expand_mask
from multikeras.layers.attention._masks import masked_softmax
from multikeras.layers.attention._projected import ProjectedAttention
from multikeras.layers.core._objects import get_callable
from multikeras.layers.core.einsum_dense import EinsumDense
from multikeras.layers.layer import Layer
from multikeras.layers.regularization.dropout import Dropout
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self


def _positive_int(layer: Layer, name: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"{type(layer).__name__} layer {layer.name!r}: `{name}` must be "
            f"a positive int. Received: {name}={value!r}"
        )


def check_common_args(
    layer: Layer, dropout: Any, sliding_window: Any, flash_attention: Any
) -> None:
    """Validates the arguments MultiHeadAttention and GroupQueryAttention
    share."""
    kind = f"{type(layer).__name__} layer {layer.name!r}"
    if not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        raise ValueError(
            f"{kind}: `dropout` must be a float in [0, 1). Received: "
            f"dropout={dropout!r}"
        )
    if sliding_window is not None:
        _positive_int(layer, "sliding_window", sliding_window)
    if flash_attention and dropout > 0:
        raise ValueError(
            f"{kind}: flash attention does not support dropout on the "
            "attention weights. Set dropout=0.0 or flash_attention=None. "
            f"Received: flash_attention={flash_attention!r}, "
            f"dropout={dropout!r}"
        )


@export("multikeras.layers.MultiHeadAttention")
class MultiHeadAttention(ProjectedAttention):
    """Multi-head attention: `num_heads` attentions of projected inputs.

    The query, key and value are projected to `num_heads` heads (sublayers
    `query`, `key`, `value` with kernels `(dim, num_heads, key_dim)`,
    `(dim, num_heads, key_dim)`, `(dim, num_heads, value_dim)`), each head
    attends with scaled dot products (`softmax(q . k / sqrt(key_dim))`
    averaging `v`), and the heads are projected back (sublayer
    `attention_output`, kernel `(num_heads, value_dim, out_dim)`). With
    `key_dim == value_dim` and neither dropout nor returned scores, the
    attention runs through `ops.dot_product_attention` (on JAX,
    `jax.nn.dot_product_attention`, cuDNN flash attention where it
    applies); otherwise through an explicit softmax.

    Args:
        num_heads: number of attention heads.
        key_dim: size of each head for query and key.
        value_dim: size of each head for value (None: `key_dim`).
        dropout: dropout rate on the attention weights. Defaults to 0.
        use_bias: whether the projections have biases. Defaults to True.
        output_shape: the output's shape beyond the batch and sequence
            axes, an int or tuple (None: the query's last dimension).
        attention_axes: axes attention runs over (None: all axes but the
            batch, heads and features, i.e. the sequence axis).
        sliding_window: if set, query `i` sees only keys with
            `|i - j| < sliding_window`. Defaults to None.
        flash_attention: None picks a fused kernel where one applies;
            True demands one (an error where there is none); False uses
            the plain XLA/NumPy attention.
        kernel_initializer: defaults to "glorot_uniform".
        bias_initializer: defaults to "zeros".
        kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: passed to the projections.
        use_gate: if True, a sigmoid projection of the query (sublayer
            `gate`) multiplies the attention output before the output
            projection. Defaults to False.
        seed: int seed for the dropout.

    Call arguments:
        query: `(B, T, dim)`.
        value: `(B, S, dim)`.
        key: `(B, S, dim)`; the value when None.
        query_mask, value_mask, key_mask: bool `(B, T)`, `(B, S)`,
            `(B, S)`; default to the Keras masks the tensors carry.
        attention_mask: bool `(B, T, S)`, True where query `t` may attend
            to key `s`; AND-ed with the masks above.
        return_attention_scores: also return the attention weights,
            `(B, num_heads, T, S)`. Defaults to False.
        training: whether dropout is active.
        use_causal_mask: query `t` sees only keys `s <= t`.

    Output shape:
        `(B, T, dim)` (or `(B, T, *output_shape)`), and the scores when
        `return_attention_scores`.

    Example:
    >>> layer = MultiHeadAttention(num_heads=2, key_dim=4)
    >>> x = np.ones((3, 5, 8), "float32")
    >>> out, scores = layer(x, x, return_attention_scores=True)
    >>> out.shape, scores.shape
    ((3, 5, 8), (3, 2, 5, 5))
    >>> [w.shape for w in layer.weights][:2]
    [(8, 2, 4), (2, 4)]
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: int | Sequence[int] | None = None,
        attention_axes: int | Sequence[int] | None = None,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        kernel_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        activity_regularizer: TensorFn | None = None,
        kernel_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        use_gate: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _positive_int(self, "num_heads", num_heads)
        _positive_int(self, "key_dim", key_dim)
        if value_dim is not None:
            _positive_int(self, "value_dim", value_dim)
        check_common_args(self, dropout, sliding_window, flash_attention)
        if isinstance(output_shape, int):
            output_shape = (output_shape,)
        if output_shape is not None:
            if not isinstance(output_shape, (list, tuple)) or not all(
                isinstance(d, int) and d > 0 for d in output_shape
            ):
                raise ValueError(
                    f"MultiHeadAttention layer {self.name!r}: `output_shape` "
                    "must be a positive int or a tuple of them. Received: "
                    f"output_shape={output_shape!r}"
                )
            output_shape = tuple(output_shape) or None
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None:
            if not isinstance(attention_axes, (list, tuple)) or not all(
                isinstance(a, int) for a in attention_axes
            ):
                raise ValueError(
                    f"MultiHeadAttention layer {self.name!r}: "
                    "`attention_axes` must be an int or a tuple of ints. "
                    f"Received: attention_axes={attention_axes!r}"
                )
            attention_axes = tuple(attention_axes)
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim or key_dim
        self._dropout = float(dropout)
        self._use_bias = use_bias
        self._output_shape = output_shape
        self._attention_axes = attention_axes
        self._sliding_window = sliding_window
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = get_callable(
            "regularizers", kernel_regularizer
        )
        self._bias_regularizer = get_callable("regularizers", bias_regularizer)
        self._activity_regularizer = get_callable(
            "regularizers", activity_regularizer
        )
        self._kernel_constraint = get_callable("constraints", kernel_constraint)
        self._bias_constraint = get_callable("constraints", bias_constraint)
        self._use_gate = use_gate
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(key_dim)
        self.supports_masking = True

    # ------------------------------------------------------- properties
    @property
    def num_heads(self) -> int:
        return self._num_heads

    @property
    def key_dim(self) -> int:
        return self._key_dim

    @property
    def value_dim(self) -> int:
        return self._value_dim

    @property
    def dropout(self) -> float:
        return self._dropout

    @property
    def use_bias(self) -> bool:
        return self._use_bias

    @property
    def attention_axes(self) -> tuple[int, ...] | None:
        return self._attention_axes

    @property
    def query_dense(self) -> Layer:
        return self._query_dense

    @property
    def key_dense(self) -> Layer:
        return self._key_dense

    @property
    def value_dense(self) -> Layer:
        return self._value_dense

    @property
    def output_dense(self) -> Layer:
        return self._output_dense

    # ------------------------------------------------------------ build
    def _projection(
        self,
        equation: str,
        bias_axes: str,
        output_shape: Sequence[int | None],
        name: str,
        activation: str | None = None,
    ) -> Layer:
        return EinsumDense(
            equation,
            output_shape=tuple(output_shape),
            bias_axes=bias_axes if self._use_bias else None,
            activation=activation,
            kernel_initializer=self._kernel_initializer,
            bias_initializer=self._bias_initializer,
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self._kernel_constraint,
            bias_constraint=self._bias_constraint,
            dtype=self.dtype,
            name=name,
        )

    def _check_shapes(
        self, query_shape: Shape, value_shape: Shape, key_shape: Shape
    ) -> None:
        shapes = (
            f"Received: query shape {query_shape}, value shape "
            f"{value_shape}, key shape {key_shape}"
        )
        kind = f"MultiHeadAttention layer {self.name!r}"
        if len(query_shape) < 3 or not (
            len(query_shape) == len(value_shape) == len(key_shape)
        ):
            raise ValueError(
                f"{kind}: query, value and key must have the same rank, at "
                f"least 3 (batch, steps, features). {shapes}"
            )
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"{kind}: all dimensions of `value` and `key` but the last "
                f"must be equal. {shapes}"
            )
        if None in (query_shape[-1], value_shape[-1], key_shape[-1]):
            raise ValueError(
                f"{kind} needs known feature (last) dimensions to create "
                f"its projections. {shapes}"
            )

    def build(  # type: ignore[override]
        self,
        query_shape: Shape,
        value_shape: Shape,
        key_shape: Shape | None = None,
    ) -> None:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self._check_shapes(query_shape, value_shape, key_shape)
        rank = len(query_shape)
        free = rank - 1
        heads_key = [None] * (free - 1) + [self._num_heads, self._key_dim]
        heads_value = [None] * (free - 1) + [self._num_heads, self._value_dim]
        equation, bias_axes = projection_equation(free, 1, 2)
        # Sublayers built in here get this layer's name in their paths
        # ("multi_head_attention/query/kernel"), as in Keras.
        self._query_dense = self._projection(
            equation, bias_axes, heads_key, "query"
        )
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(
            equation, bias_axes, heads_key, "key"
        )
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(
                equation, bias_axes, heads_value, "gate",
                activation="sigmoid",
            )  # fmt: skip
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(
            equation, bias_axes, heads_value, "value"
        )
        self._value_dense.build(value_shape)
        self._build_attention(rank + 1)
        out_dims = self._output_shape or (query_shape[-1],)
        equation, bias_axes = projection_equation(free, 2, len(out_dims))
        self._output_dense = self._projection(
            equation, bias_axes,
            [None] * (free - 1) + list(out_dims), "attention_output",
        )  # fmt: skip
        self._output_dense.build(
            (*query_shape[:-1], self._num_heads, self._value_dim)
        )

    def _build_attention(self, rank: int) -> None:
        """Equations, softmax axes and dropout of the attention proper, for
        projected tensors of `rank` axes."""
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(
                a if a >= 0 else rank - 1 + a for a in self._attention_axes
            )
        bad = [a for a in self._attention_axes if not 1 <= a < rank - 2]
        if bad or not self._attention_axes:
            raise ValueError(
                f"MultiHeadAttention layer {self.name!r}: `attention_axes` "
                f"must name axes of the inputs between 1 and {rank - 3} "
                "(not the batch or feature axis). Received: "
                f"attention_axes={self._attention_axes}"
            )
        self._dot_product_equation, self._combine_equation, scores_rank = (
            attention_equations(rank, self._attention_axes)
        )
        n = len(self._attention_axes)
        self._softmax_axes = tuple(range(scores_rank - n, scores_rank))
        self._dropout_layer = Dropout(
            rate=self._dropout, seed=self.seed, dtype=self.dtype,
            name="dropout",
        )  # fmt: skip

    def _window_and_gate(self) -> tuple[int | None, bool]:
        return self._sliding_window, self._use_gate

    def _compute_attention(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        attention_mask: Tensor | None = None,
        training: bool | None = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Attention of projected `(B, T, N, key_dim)` query, key and
        `(B, S, N, value_dim)` value; returns `(outputs, scores)` (scores
        None on the fused path)."""
        fused = (
            self._dropout == 0
            and not return_attention_scores
            and len(query.shape) == 4
            and self._key_dim == self._value_dim
        )
        if fused:
            if attention_mask is not None:
                attention_mask = expand_mask(attention_mask, 4, 1)
            outputs = ops.dot_product_attention(
                query, key, value, mask=attention_mask,
                scale=self._inverse_sqrt_key_dim, is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )  # fmt: skip
            return outputs, None
        if use_causal_mask:
            causal = causal_mask(query.shape[1], key.shape[1])
            attention_mask = causal if attention_mask is None else (
                ops.logical_and(attention_mask, causal)
            )  # fmt: skip
        query = ops.multiply(
            query, ops.cast(self._inverse_sqrt_key_dim, query.dtype)
        )
        scores = ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            attention_mask = expand_mask(
                attention_mask, len(scores.shape), len(self._softmax_axes)
            )
        scores = masked_softmax(scores, attention_mask, self._softmax_axes)
        dropped = self._dropout_layer(scores, training=training)
        outputs = ops.einsum(self._combine_equation, dropped, value)
        return outputs, scores

    # ----------------------------------------------------------- shapes
    def compute_output_shape(  # type: ignore[override]
        self,
        query_shape: Shape,
        value_shape: Shape,
        key_shape: Shape | None = None,
    ) -> Shape:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self._check_shapes(query_shape, value_shape, key_shape)
        if self._output_shape:
            return (*query_shape[:-1], *self._output_shape)
        return query_shape

    def compute_output_spec(  # type: ignore[override]
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> Any:
        self._build_from(query, value, key)
        query_shape = tuple(query.shape)
        outputs = KerasTensor(
            self.compute_output_shape(
                query_shape, tuple(value.shape),
                None if key is None else tuple(key.shape),
            ),
            self.compute_dtype,
        )  # fmt: skip
        if not return_attention_scores:
            return outputs
        # Projected query (B, ..., N, H): batch axes (heads included), then
        # the query's and the value's attention axes.
        projected = (*query_shape[:-1], self._num_heads)
        axes = self._attention_axes or ()
        batch = [d for i, d in enumerate(projected) if i not in axes]
        scores_shape = (
            *batch,
            *(query_shape[a] for a in axes),
            *(tuple(value.shape)[a] for a in axes),
        )
        return outputs, KerasTensor(scores_shape, self.compute_dtype)

    # ----------------------------------------------------------- config
    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": serialize_object(self._kernel_initializer),
            "bias_initializer": serialize_object(self._bias_initializer),
            "kernel_regularizer": serialize_object(self._kernel_regularizer),
            "bias_regularizer": serialize_object(self._bias_regularizer),
            "activity_regularizer": serialize_object(
                self._activity_regularizer
            ),
            "kernel_constraint": serialize_object(self._kernel_constraint),
            "bias_constraint": serialize_object(self._bias_constraint),
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        for key in ("kernel_initializer", "bias_initializer"):
            if isinstance(config.get(key), dict):
                config[key] = initializers.deserialize(config[key])
        return cls(**config)
