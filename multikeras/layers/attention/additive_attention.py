"""`AdditiveAttention`: Bahdanau-style attention over `[query, value]`."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.attention.attention import Attention
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.layers.AdditiveAttention")
class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    As `Attention`, but the score of query step `i` against key step `j`
    is `sum(scale * tanh(query[i] + key[j]))` over the features, with a
    trainable `scale` vector of shape `(dim,)` when `use_scale`.

    Args:
        use_scale: if True, create the trainable `scale` vector
            (glorot-uniform initialized). Defaults to True.
        dropout: float in [0, 1), the fraction of attention weights dropped
            in training. Defaults to 0.

    Call arguments:
        inputs: list `[query, value]` or `[query, value, key]` of shapes
            `(batch, Tq, dim)`, `(batch, Tv, dim)`, `(batch, Tv, dim)`.
        mask: list `[query_mask, value_mask]`, as for `Attention`.
        return_attention_scores, training, use_causal_mask: as for
            `Attention`.

    Output shape:
        `(batch, Tq, dim)`, and `(batch, Tq, Tv)` scores when
        `return_attention_scores`.

    Example:
    >>> query = np.ones((2, 3, 4), "float32")
    >>> AdditiveAttention()([query, query]).shape
    (2, 3, 4)
    """

    def __init__(
        self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any
    ) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape: Any) -> None:
        self._validate_inputs(input_shape)
        self._check_shapes(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                shape=(input_shape[0][-1],),
                initializer="glorot_uniform",
                name="scale",
            )

    def _calculate_scores(self, query: Tensor, key: Tensor) -> Tensor:
        pairs = ops.tanh(
            ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        )
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.sum(pairs, axis=-1)

    def get_config(self) -> Config:
        config = super().get_config()
        del config["score_mode"]
        return config
