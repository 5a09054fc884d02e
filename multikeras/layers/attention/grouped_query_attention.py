"""`GroupQueryAttention`: attention where groups of query heads share one
key/value head (Ainslie et al., 2023, "GQA")."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
from typing import Any

from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.attention._masks import causal_mask
from multikeras.layers.attention._masks import expand_mask
from multikeras.layers.attention._masks import masked_softmax
from multikeras.layers.attention._projected import ProjectedAttention
from multikeras.layers.attention.multi_head_attention import check_common_args
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


# Keras's class is `GroupedQueryAttention`, exported as GroupQueryAttention;
# the class name is what `.keras` files record.
@export("multikeras.layers.GroupQueryAttention")
class GroupedQueryAttention(ProjectedAttention):
    """Grouped-query attention: `num_query_heads` query heads share
    `num_key_value_heads` key/value heads.

    `num_key_value_heads == 1` is multi-query attention,
    `num_key_value_heads == num_query_heads` multi-head attention. Query
    head `n` attends with key/value head `n // (num_query_heads //
    num_key_value_heads)`. Sublayers (weights in this order): `query`
    (kernel `(dim, num_query_heads, head_dim)`), `key` and `value`
    (kernels `(dim, num_key_value_heads, head_dim)`) and
    `attention_output` (kernel `(num_query_heads, head_dim, dim)`), each
    followed by its bias. Without dropout or returned scores the attention
    runs through `ops.dot_product_attention` (fused on JAX).

    Args:
        head_dim: size of each attention head.
        num_query_heads: number of query heads.
        num_key_value_heads: number of key/value heads; must divide
            `num_query_heads`.
        dropout: dropout rate on the attention weights. Defaults to 0.
        use_bias: whether the projections have biases. Defaults to True.
        sliding_window: if set, query `i` sees only keys with
            `|i - j| < sliding_window`. Defaults to None.
        flash_attention: None picks a fused kernel where one applies;
            True demands one; False uses the plain attention.
        kernel_initializer: defaults to "glorot_uniform".
        bias_initializer: defaults to "zeros".
        kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: passed to the projections.
        use_gate: if True, a sigmoid projection of the query (sublayer
            `gate`) multiplies the attention output. Defaults to False.
        seed: int seed for the dropout.

    Call arguments:
        query: `(B, T, dim)`; value: `(B, S, dim)`; key: `(B, S, dim)` or
            None (the value).
        query_mask, value_mask, key_mask, attention_mask,
        return_attention_scores, training, use_causal_mask: as for
            `MultiHeadAttention`.

    Output shape:
        `(B, T, dim)`, and the scores `(B, num_query_heads, T, S)` when
        `return_attention_scores`.

    Example:
    >>> layer = GroupQueryAttention(head_dim=4, num_query_heads=4,
    ...                             num_key_value_heads=2)
    >>> x = np.ones((2, 3, 8), "float32")
    >>> layer(x, x).shape
    (2, 3, 8)
    >>> [w.shape for w in layer.weights][2]
    (8, 2, 4)
    """

    _public_name = "GroupQueryAttention"

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
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
        # Keras regularizes the projections' outputs and this layer's own.
        super().__init__(
            activity_regularizer=get_callable(
                "regularizers", activity_regularizer
            ),
            **kwargs,
        )
        for arg, value in (
            ("head_dim", head_dim),
            ("num_query_heads", num_query_heads),
            ("num_key_value_heads", num_key_value_heads),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or (
                value < 1
            ):
                raise ValueError(
                    f"GroupQueryAttention layer {self.name!r}: `{arg}` must "
                    f"be a positive int. Received: {arg}={value!r}"
                )
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"GroupQueryAttention layer {self.name!r}: `num_query_heads` "
                "must be a multiple of `num_key_value_heads`. Received: "
                f"num_query_heads={num_query_heads}, "
                f"num_key_value_heads={num_key_value_heads}"
            )
        check_common_args(self, dropout, sliding_window, flash_attention)
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = float(dropout)
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = sliding_window
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = get_callable(
            "regularizers", kernel_regularizer
        )
        self.bias_regularizer = get_callable("regularizers", bias_regularizer)
        self._activity_regularizer = self.activity_regularizer
        self.kernel_constraint = get_callable("constraints", kernel_constraint)
        self.bias_constraint = get_callable("constraints", bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(head_dim)
        self.supports_masking = True

    # ------------------------------------------------------------ build
    def _projection(
        self, equation: str, bias_axes: str, output_shape: tuple[Any, ...],
        name: str, activation: str | None = None,
    ) -> Layer:  # fmt: skip
        return EinsumDense(
            equation,
            output_shape=output_shape,
            bias_axes=bias_axes if self.use_bias else None,
            activation=activation,
            kernel_initializer=self.kernel_initializer,
            bias_initializer=self.bias_initializer,
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
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
        kind = f"GroupQueryAttention layer {self.name!r}"
        if not len(query_shape) == len(value_shape) == len(key_shape) == 3:
            raise ValueError(
                f"{kind} expects query, value and key of rank 3 (batch, "
                f"steps, features). {shapes}"
            )
        if value_shape[1] != key_shape[1]:
            raise ValueError(
                f"{kind}: `value` and `key` must have the same number of "
                f"steps. {shapes}"
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
        self.feature_dim = query_shape[-1]
        q_heads = (None, self.num_query_heads, self.head_dim)
        kv_heads = (None, self.num_key_value_heads, self.head_dim)
        self._query_dense = self._projection(
            "bqm,muh->bquh", "uh", q_heads, "query"
        )
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(
            "bkm,mvh->bkvh", "vh", kv_heads, "key"
        )
        self._key_dense.build(key_shape)
        if self.use_gate:
            self._gate_dense = self._projection(
                "bqm,muh->bquh", "uh", q_heads, "gate",
                activation="sigmoid",
            )  # fmt: skip
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(
            "bkm,mvh->bkvh", "vh", kv_heads, "value"
        )
        self._value_dense.build(value_shape)
        self._dropout_layer = Dropout(
            rate=self.dropout, seed=self.seed, dtype=self.dtype,
            name="dropout",
        )  # fmt: skip
        self._output_dense = self._projection(
            "bquh,uhm->bqm", "m", (None, self.feature_dim),
            "attention_output",
        )  # fmt: skip
        self._output_dense.build(
            (None, None, self.num_query_heads, self.head_dim)
        )

    def _window_and_gate(self) -> tuple[int | None, bool]:
        return self.sliding_window, self.use_gate

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
        """Attention of the projected `(B, T, num_query_heads, head_dim)`
        query with `(B, S, num_key_value_heads, head_dim)` key and value."""
        if self.dropout == 0 and not return_attention_scores:
            # The kernel shares each key/value head among its query group
            # itself: no repeated copies of key and value.
            if attention_mask is not None:
                attention_mask = expand_mask(attention_mask, 4, 1)
            outputs = ops.dot_product_attention(
                query, key, value, mask=attention_mask,
                scale=self._inverse_sqrt_head_dim, is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )  # fmt: skip
            return outputs, None
        key = ops.repeat(key, self.num_repeats, axis=2)
        value = ops.repeat(value, self.num_repeats, axis=2)
        if use_causal_mask:
            causal = causal_mask(query.shape[1], key.shape[1])
            attention_mask = causal if attention_mask is None else (
                ops.logical_and(attention_mask, causal)
            )  # fmt: skip
        query = ops.multiply(
            query, ops.cast(self._inverse_sqrt_head_dim, query.dtype)
        )
        scores = ops.einsum("bquh,bkuh->buqk", query, key)
        if attention_mask is not None:
            attention_mask = expand_mask(attention_mask, 4, 1)
        scores = masked_softmax(scores, attention_mask, (-1,))
        dropped = self._dropout_layer(scores, training=training)
        outputs = ops.einsum("buqk,bkuh->bquh", dropped, value)
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
        scores_shape = (
            query_shape[0], self.num_query_heads, query_shape[1],
            tuple(value.shape)[1],
        )  # fmt: skip
        return outputs, KerasTensor(scores_shape, self.compute_dtype)

    # ----------------------------------------------------------- config
    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": serialize_object(self.kernel_initializer),
            "bias_initializer": serialize_object(self.bias_initializer),
            "kernel_regularizer": serialize_object(self.kernel_regularizer),
            "bias_regularizer": serialize_object(self.bias_regularizer),
            "activity_regularizer": serialize_object(
                self._activity_regularizer
            ),
            "kernel_constraint": serialize_object(self.kernel_constraint),
            "bias_constraint": serialize_object(self.bias_constraint),
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        for key in ("kernel_initializer", "bias_initializer"):
            if isinstance(config.get(key), dict):
                config[key] = initializers.deserialize(config[key])
        return cls(**config)
