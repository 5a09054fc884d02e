"""LoRA (low-rank adaptation) for Dense, EinsumDense and Embedding.

`enable_lora(layer, rank)` freezes the layer's main weight `W` and adds two
trainable factors `A` (`W.shape[:-1] + (rank,)`) and `B` (`(rank,
W.shape[-1])`); the layer then uses `W + (lora_alpha / rank) * A @ B`.
`B` starts at zero, so enabling LoRA leaves the outputs unchanged.
"""

from __future__ import annotations

from typing import Any

from multikeras import initializers
from multikeras import ops
from multikeras.typing import InitializerLike
from multikeras.typing import Tensor


def check_lora_args(layer_name: str, rank: Any, alpha: Any) -> None:
    """Rejects a LoRA rank that is not a positive int (None is allowed)."""
    if rank is None:
        return
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise ValueError(
            f"Layer {layer_name!r}: `lora_rank` must be a positive int or "
            f"None. Received: lora_rank={rank!r}"
        )
    if alpha is not None and not isinstance(alpha, (int, float)):
        raise ValueError(
            f"Layer {layer_name!r}: `lora_alpha` must be a number or None. "
            f"Received: lora_alpha={alpha!r}"
        )


def enable_lora(
    layer: Any,
    weight_name: str,
    prefix: str,
    rank: int,
    lora_alpha: float | None = None,
    a_initializer: InitializerLike = "he_uniform",
    b_initializer: InitializerLike = "zeros",
    constraint: Any = None,
    regularizer: Any = None,
) -> None:
    """Adds `<prefix>_a` / `<prefix>_b` to `layer` and freezes the weight
    stored at `layer.<weight_name>`."""
    kind = type(layer).__name__
    check_lora_args(layer.name, rank, lora_alpha)
    if constraint is not None:
        raise ValueError(
            f"{kind} layer {layer.name!r}: LoRA cannot be combined with a "
            "constraint on the adapted weight. Remove the constraint to "
            "enable LoRA."
        )
    if not layer.built:
        raise ValueError(
            f"{kind} layer {layer.name!r}: cannot enable LoRA before the "
            "layer is built. Call it on data, or build it, first."
        )
    if getattr(layer, "lora_enabled", False):
        raise ValueError(
            f"{kind} layer {layer.name!r}: LoRA is already enabled; it can "
            "be enabled once per layer."
        )
    weight = getattr(layer, weight_name)
    shape = tuple(weight.shape)
    # The factors stay float32 so that small updates do not underflow.
    a = layer.add_weight(
        shape=(*shape[:-1], rank), initializer=initializers.get(a_initializer),
        dtype="float32", regularizer=regularizer, name=f"{prefix}_a",
    )  # fmt: skip
    b = layer.add_weight(
        shape=(rank, shape[-1]), initializer=initializers.get(b_initializer),
        dtype="float32", regularizer=regularizer, name=f"{prefix}_b",
    )  # fmt: skip
    object.__setattr__(layer, f"{prefix}_a", a)
    object.__setattr__(layer, f"{prefix}_b", b)
    weight.trainable = False
    layer.lora_enabled = True
    layer.lora_rank = rank
    layer.lora_alpha = lora_alpha if lora_alpha is not None else rank


def adapted(layer: Any, weight: Tensor, prefix: str) -> Tensor:
    """`weight`, plus the scaled low-rank update when LoRA is enabled."""
    if not getattr(layer, "lora_enabled", False):
        return weight
    a = getattr(layer, f"{prefix}_a")
    b = getattr(layer, f"{prefix}_b")
    delta = ops.matmul(a, b) * (layer.lora_alpha / layer.lora_rank)
    return ops.cast(ops.add(weight, delta), layer.compute_dtype)


def lora_config(layer: Any) -> dict[str, Any]:
    """The LoRA keys of a config: present only when a rank is set."""
    if not layer.lora_rank:
        return {}
    return {"lora_rank": layer.lora_rank, "lora_alpha": layer.lora_alpha}


def check_quantization_config(layer_name: str, config: Any) -> None:
    """Accepts only `quantization_config=None`: multikeras layers hold
    float weights (int8/int4/float8 modes are not provided)."""
    if config is not None:
        raise ValueError(
            f"Layer {layer_name!r}: quantized layers are not supported by "
            "multikeras; `quantization_config` must be None. Received: "
            f"quantization_config={config!r}"
        )
