"""Einsum equations of multi-head attention for inputs of any rank.

Projected tensors are laid out `(batch, <other axes>, heads, channels)`;
attention runs over `attention_axes`, every other axis but the channels
(heads included) is a batch axis of the attention.
"""

from __future__ import annotations

import string
from collections.abc import Sequence

_LETTERS = string.ascii_lowercase


def projection_equation(
    free_dims: int, bound_dims: int, output_dims: int
) -> tuple[str, str]:
    """`(equation, bias_axes)` of a projection that keeps `free_dims`
    leading input axes, contracts the next `bound_dims` with the kernel and
    adds `output_dims` new axes (the ones the bias spans)."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims:free_dims + bound_dims]
    new = _LETTERS[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{new}->{free}{new}", new


def attention_equations(
    rank: int, attention_axes: Sequence[int]
) -> tuple[str, str, int]:
    """`(dot_product, combine, scores_rank)` equations for projected
    tensors of `rank` axes.

    `dot_product` takes `(key, query)` to scores laid out
    `(<batch axes>, <query attention axes>, <key attention axes>)`;
    `combine` takes `(scores, value)` back to the query's layout.
    """
    attention_axes = tuple(attention_axes)
    query = _LETTERS[:rank]
    batch_axes = [
        i for i in range(rank) if i not in attention_axes and i != rank - 1
    ]
    key = list(query)
    for n, axis in enumerate(attention_axes):
        key[axis] = _LETTERS[rank + n]
    key_letters = "".join(key)
    scores = (
        "".join(query[i] for i in batch_axes)
        + "".join(query[i] for i in attention_axes)
        + "".join(key_letters[i] for i in attention_axes)
    )
    dot_product = f"{key_letters},{query}->{scores}"
    combine = f"{scores},{key_letters}->{query}"
    return dot_product, combine, len(scores)
