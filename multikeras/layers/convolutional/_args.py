"""Argument checks and shape arithmetic shared by the convolution and
pooling layers.

Every check runs at construction (or build) and names the layer, the
argument and what came, so a bad configuration fails where it is written,
not deep inside an op.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from multikeras import backend
from multikeras import ops
from multikeras.typing import Shape
from multikeras.typing import Tensor

DATA_FORMATS = ("channels_last", "channels_first")


def describe(layer: Any) -> str:
    """`Conv2D layer 'conv2d'`: how errors name a layer."""
    return f"{type(layer).__name__} layer {layer.name!r}"


def _is_int(value: Any) -> bool:
    return hasattr(value, "__index__") and not isinstance(value, bool)


def int_tuple(
    layer: Any, arg: str, value: Any, n: int, minimum: int = 1
) -> tuple[int, ...]:
    """An int or a sequence of `n` ints, each `>= minimum`, as a tuple."""
    if _is_int(value):
        values = (int(value),) * n
    elif isinstance(value, (list, tuple)) and all(map(_is_int, value)):
        values = tuple(int(v) for v in value)
        if len(values) != n:
            raise ValueError(
                f"{describe(layer)}: `{arg}` must be an int or a tuple of "
                f"{n} ints (one per spatial dim). Received: {arg}={value!r}"
            )
    else:
        raise TypeError(
            f"{describe(layer)}: `{arg}` must be an int or a tuple of {n} "
            f"ints. Received: {arg}={value!r}"
        )
    if any(v < minimum for v in values):
        raise ValueError(
            f"{describe(layer)}: every entry of `{arg}` must be >= "
            f"{minimum}. Received: {arg}={value!r}"
        )
    return values


def positive_int(layer: Any, arg: str, value: Any) -> int:
    if not _is_int(value) or int(value) < 1:
        raise ValueError(
            f"{describe(layer)}: `{arg}` must be a positive int. "
            f"Received: {arg}={value!r}"
        )
    return int(value)


def padding_arg(
    layer: Any, padding: Any, allowed: Sequence[str] = ("valid", "same")
) -> str:
    """`padding` lower-cased (Keras accepts any case)."""
    value = padding.lower() if isinstance(padding, str) else ""
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ValueError(
            f"{describe(layer)}: `padding` must be one of {choices} (any "
            f"case). Received: padding={padding!r}"
        )
    return value


def data_format_arg(layer: Any, data_format: Any) -> str:
    """`data_format` lower-cased; None means `image_data_format()`."""
    if data_format is None:
        return backend.image_data_format()
    value = data_format.lower() if isinstance(data_format, str) else ""
    if value not in DATA_FORMATS:
        raise ValueError(
            f"{describe(layer)}: `data_format` must be 'channels_last' or "
            f"'channels_first'. Received: data_format={data_format!r}"
        )
    return value


def check_strides_and_dilation(
    layer: Any, strides: tuple[int, ...], dilation_rate: tuple[int, ...]
) -> None:
    # As in Keras: XLA could run both, but Keras rejects the combination,
    # and a config that loads in multikeras must load in Keras too.
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError(
            f"{describe(layer)}: `strides > 1` is not supported together "
            f"with `dilation_rate > 1`. Received: strides={strides}, "
            f"dilation_rate={dilation_rate}"
        )


def _optional_lookup(kind: str, identifier: Any) -> Any:
    """Resolves a regularizer or constraint identifier.

    Callables (and None) are used as they are; names and config dicts go
    through `multikeras.<kind>s.get`.
    """
    if identifier is None or (
        callable(identifier) and not isinstance(identifier, type)
    ):
        return identifier
    try:
        module = importlib.import_module(f"multikeras.{kind}s")
    except ImportError as error:
        raise ValueError(
            f"Cannot resolve the {kind} {identifier!r}: multikeras.{kind}s "
            f"is not available. Pass a callable instead."
        ) from error
    return module.get(identifier)


def get_regularizer(identifier: Any) -> Any:
    return _optional_lookup("regularizer", identifier)


def get_constraint(identifier: Any) -> Any:
    return _optional_lookup("constraint", identifier)


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def spatial_dims(shape: Shape, data_format: str) -> Shape:
    return tuple(shape[1:-1] if data_format == "channels_last" else shape[2:])


def with_spatial(
    shape: Shape, data_format: str, spatial: Sequence[int | None],
    channels: int | None,
) -> Shape:
    """`(batch, *spatial, channels)` or `(batch, channels, *spatial)`."""
    if data_format == "channels_last":
        return (shape[0], *spatial, channels)
    return (shape[0], channels, *spatial)


def known_channels(layer: Any, input_shape: Shape, data_format: str) -> int:
    """The input's channel count, which the weights' shapes depend on."""
    channels = input_shape[channel_axis(data_format)]
    if channels is None:
        raise ValueError(
            f"{describe(layer)} needs a known channel dimension (axis "
            f"{channel_axis(data_format)} with data_format={data_format!r}) "
            f"to create its weights. Received input shape "
            f"{tuple(input_shape)}."
        )
    return int(channels)


def window_output_length(
    size: int | None, window: int, stride: int, padding: str,
    dilation: int = 1,
) -> int | None:
    """Output length of a sliding window ("valid", "same" or "causal")."""
    if size is None:
        return None
    if padding in ("same", "causal"):
        return -(-size // stride)
    span = (window - 1) * dilation + 1
    return (size - span) // stride + 1


def check_output_fits(
    layer: Any, input_shape: Shape, sizes: Sequence[int | None],
    what: str,
) -> None:
    """With "valid" padding a window larger than the input is an error."""
    if any(s is not None and s < 1 for s in sizes):
        raise ValueError(
            f"{describe(layer)}: the {what} does not fit in the input's "
            f"spatial dims with padding='valid' (the output would have "
            f"spatial shape {tuple(sizes)}). Received input shape "
            f"{tuple(input_shape)}."
        )


def transpose_output_length(
    size: int | None, kernel: int, stride: int, padding: str,
    output_padding: int | None, dilation: int = 1,
) -> int | None:
    """Output length of a transposed convolution, as Keras computes it."""
    if size is None:
        return None
    span = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(span - stride, 0)
        return size * stride
    pad = span // 2 if padding == "same" else 0
    return (size - 1) * stride + span - 2 * pad + output_padding


def add_bias(
    outputs: Tensor, bias: Tensor | None, data_format: str, rank: int
) -> Tensor:
    """`outputs + bias` along the channel axis."""
    if bias is None:
        return outputs
    if data_format == "channels_last":
        return ops.add(outputs, bias)
    shape = (1, bias.shape[0]) + (1,) * rank
    return ops.add(outputs, ops.reshape(bias, shape))
