"""The call shared by MultiHeadAttention and GroupQueryAttention: masks
gathered and combined, query/key/value projected, attention computed by the
layer's `_compute_attention`, the optional gate, the output projection."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask
from multikeras.layers.attention._masks import combine_masks
from multikeras.layers.attention._masks import masks_detached
from multikeras.layers.layer import Layer
from multikeras.typing import Tensor


class ProjectedAttention(Layer):
    """Base of the multi-head layers. A subclass builds the sublayers
    `_query_dense`, `_key_dense`, `_value_dense`, `_output_dense` (and
    `_gate_dense` with a gate), and defines `_compute_attention`,
    `_flash_attention` and `_window_and_gate()`."""

    # Shown in errors: Keras's public name of the layer.
    _public_name = "MultiHeadAttention"
    _flash_attention: bool | None
    _query_dense: Layer
    _key_dense: Layer
    _value_dense: Layer
    _gate_dense: Layer
    _output_dense: Layer

    def _window_and_gate(self) -> tuple[int | None, bool]:
        """`(sliding_window, use_gate)` of this layer."""
        raise NotImplementedError

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
        raise NotImplementedError

    def _maybe_build(self, args: Any) -> None:
        # `build` needs the query, value and key shapes; `call` and
        # `compute_output_spec` build from all three.
        return

    def _build_from(self, query: Any, value: Any, key: Any) -> None:
        if not self.built:
            # The subclasses' build takes the three shapes.
            self.build(  # type: ignore[call-arg]
                tuple(query.shape), tuple(value.shape),
                None if key is None else tuple(key.shape),
            )  # fmt: skip

    def call(
        self,
        query: Tensor,
        value: Tensor,
        key: Tensor | None = None,
        query_mask: Tensor | None = None,
        value_mask: Tensor | None = None,
        key_mask: Tensor | None = None,
        attention_mask: Tensor | None = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> Tensor | tuple[Tensor, Tensor | None]:
        if query_mask is None:
            query_mask = get_keras_mask(query)
        if value_mask is None:
            value_mask = get_keras_mask(value)
        if key is None:
            key = value
        elif key_mask is None and key is not value:
            key_mask = get_keras_mask(key)
        query, value, key = (
            x if hasattr(x, "shape") else ops.convert_to_tensor(x)
            for x in (query, value, key)
        )
        self._build_from(query, value, key)
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                f"{self._public_name} layer {self.name!r}: flash attention "
                "cannot return attention scores. Set flash_attention=None "
                "or return_attention_scores=False."
            )
        sliding_window, use_gate = self._window_and_gate()
        # Causal masking alone goes to the kernel's own causal mode, with no
        # (T, S) mask built.
        causal_only = use_causal_mask and all(
            m is None for m in (query_mask, value_mask, key_mask,
                                attention_mask, sliding_window)
        )  # fmt: skip
        mask = None
        if not causal_only:
            mask = combine_masks(
                query.shape[1], value.shape[1], query_mask, value_mask,
                key_mask, attention_mask, use_causal_mask, sliding_window,
            )  # fmt: skip
        with masks_detached(query, value, key):
            gate = self._gate_dense(query) if use_gate else None
            query = self._query_dense(query)
            key = self._key_dense(key)
            value = self._value_dense(value)
        outputs, scores = self._compute_attention(
            query, key, value, mask, training, return_attention_scores,
            causal_only,
        )  # fmt: skip
        if gate is not None:
            outputs = ops.multiply(outputs, gate)
        outputs = self._output_dense(outputs)
        if return_attention_scores:
            return outputs, scores
        return outputs
