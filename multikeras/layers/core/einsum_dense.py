"""`EinsumDense`: a dense layer written as an einsum with a kernel."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING
from typing import Any

from multikeras import activations
from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.initializers.initializers import VarianceScaling
from multikeras.layers.core import lora
from multikeras.layers.core._objects import get_callable
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import ActivationLike
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self

    from multikeras.backend.common.variables import Variable

_FORMS = (
    # (pattern on the equation with "..." written as "0", ellipsis side)
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", None),
    (r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$", "left"),
    (r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$", "right"),
)


def _parse(equation: str) -> tuple[str, str, str, str | None]:
    """`(input_spec, weight_spec, output_spec, ellipsis_side)`."""
    compact = equation.replace(" ", "").replace("...", "0")
    for pattern, side in _FORMS:
        match = re.match(pattern, compact)
        if match:
            return (*match.groups(), side)  # type: ignore[return-value]
    raise ValueError(
        f"EinsumDense: invalid equation {equation!r}. Expected the form "
        "'X,W->Y', '...X,W->...Y' or 'X...,W->Y...' with letters for axes."
    )


def analyze_equation(
    equation: str,
    bias_axes: str | None,
    input_shape: Shape,
    partial_output_shape: Shape,
) -> tuple[list[Any], list[Any] | None, list[Any], list[int], list[int]]:
    """Kernel shape, bias shape, full output shape, and which kernel axes
    are input / output axes, as Keras 3 derives them.

    Output axes come from `partial_output_shape` (the output without its
    batch axis); kernel axes shared with the input take the input's size.
    The bias spans the output axes from the first one named in
    `bias_axes` to the last, with size 1 on the axes not named.
    """
    in_spec, w_spec, out_spec, side = _parse(equation)
    rank = len(input_shape)
    elided = rank - len(in_spec)
    if elided < 0 or (side is None and elided):
        raise ValueError(
            f"EinsumDense: equation {equation!r} names {len(in_spec)} input "
            f"axes, but the input has rank {rank} (shape "
            f"{tuple(input_shape)})."
        )
    output = [input_shape[0], *partial_output_shape]
    if side == "left":
        output[1:1] = list(input_shape[1:elided])
        in_index = {d: i + elided for i, d in enumerate(in_spec)}
        out_index = {d: i + elided for i, d in enumerate(out_spec)}
    else:
        if side == "right":
            output += list(input_shape[rank - elided:])
        in_index = {d: i for i, d in enumerate(in_spec)}
        out_index = {d: i for i, d in enumerate(out_spec)}
    if len(output) != len(out_spec) + elided:
        raise ValueError(
            f"EinsumDense: output_shape={tuple(partial_output_shape)} gives "
            f"an output of rank {len(output)}, but equation {equation!r} "
            f"produces rank {len(out_spec) + elided} (the batch axis "
            "excluded from output_shape)."
        )
    for dim in in_spec:
        if dim in out_index:
            want, got = output[out_index[dim]], input_shape[in_index[dim]]
            if want is not None and got is not None and want != got:
                raise ValueError(
                    f"EinsumDense: input and output shapes differ at the "
                    f"shared axis {dim!r}: the input has {got}, "
                    f"output_shape asks for {want}."
                )
    for dim in out_spec:
        if dim not in in_spec and dim not in w_spec:
            raise ValueError(
                f"EinsumDense: output axis {dim!r} of {equation!r} is in "
                "neither the input nor the kernel."
            )
    kernel, in_axes, out_axes = [], [], []
    for i, dim in enumerate(w_spec):
        if dim in out_index:
            kernel.append(output[out_index[dim]])
            out_axes.append(i)
        elif dim in in_index:
            kernel.append(input_shape[in_index[dim]])
            in_axes.append(i)
        else:
            raise ValueError(
                f"EinsumDense: kernel axis {dim!r} of {equation!r} is in "
                "neither the input nor the output, so its size is unknown."
            )
    bias = None
    if bias_axes is not None:
        for char in bias_axes:
            if char not in out_spec:
                raise ValueError(
                    f"EinsumDense: bias axis {char!r} is not an output axis "
                    f"of {equation!r} (output axes: {out_spec!r})."
                )
        offset = elided if side == "left" else 0
        first = min(out_spec.index(c) for c in bias_axes)
        bias = [
            output[i + offset] if out_spec[i] in bias_axes else 1
            for i in range(first, len(out_spec))
        ]
        if side == "right":
            bias += [1] * elided
    return kernel, bias, output, in_axes, out_axes


def _fan_aware(initializer, in_axes, out_axes):
    """A VarianceScaling initializer whose fans are the products of the
    kernel's input and output axes (as Keras's EinsumDense uses), not the
    last-two-axes rule for convolution kernels."""

    def init(shape: Shape, dtype: DTypeLike = None) -> Tensor:
        fan_in = math.prod(shape[i] for i in in_axes) if in_axes else 1
        fan_out = math.prod(shape[i] for i in out_axes) if out_axes else 1
        # Draws are i.i.d., so a (fan_in, fan_out) sample reshaped to the
        # kernel has the intended variance.
        flat = initializer((int(fan_in), int(fan_out)), dtype=dtype)
        return ops.reshape(flat, shape)

    return init


@export("multikeras.layers.EinsumDense")
class EinsumDense(Layer):
    """A dense layer of any rank, given as an einsum equation.

    `output = activation(einsum(equation, inputs, kernel) + bias)`. The
    kernel's shape follows from the equation, the input shape and
    `output_shape`: e.g. `"abc,cd->abd"` with inputs `(batch, 5, 8)` and
    `output_shape=(5, 16)` has a kernel `(8, 16)`.

    Args:
        equation: `"X,W->Y"`, `"...X,W->...Y"` or `"X...,W->Y..."`: input,
            kernel and output axes as letters.
        output_shape: the output shape without the batch axis (an int for
            rank-2 outputs); `None` entries take the input's size.
        activation: activation name or callable (None: linear).
        bias_axes: letters of the output axes that get a bias (None: no
            bias).
        kernel_initializer: defaults to "glorot_uniform" (fans from the
            kernel's input and output axes).
        bias_initializer: defaults to "zeros".
        kernel_regularizer, bias_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.
        lora_rank, lora_alpha: LoRA, as in `Dense`.
        quantization_config: must be None.

    Example:
    >>> layer = EinsumDense("abc,cd->abd", output_shape=(5, 16),
    ...                     bias_axes="d")
    >>> layer(np.ones((2, 5, 8))).shape
    (2, 5, 16)
    >>> [tuple(w.shape) for w in layer.weights]
    [(8, 16), (16,)]
    """

    def __init__(
        self,
        equation: str,
        output_shape: int | Shape,
        activation: ActivationLike = None,
        bias_axes: str | None = None,
        kernel_initializer: InitializerLike = "glorot_uniform",
        bias_initializer: InitializerLike = "zeros",
        kernel_regularizer: TensorFn | None = None,
        bias_regularizer: TensorFn | None = None,
        kernel_constraint: TensorFn | None = None,
        bias_constraint: TensorFn | None = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        gptq_unpacked_column_size: int | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(
            activity_regularizer=get_callable("regularizers", regularizer),
            **kwargs,
        )
        if not isinstance(equation, str):
            raise ValueError(
                f"EinsumDense layer {self.name!r}: `equation` must be a "
                f"string. Received: equation={equation!r}"
            )
        _parse(equation)
        if isinstance(output_shape, int):
            output_shape = (output_shape,)
        if not isinstance(output_shape, (tuple, list)) or not all(
            d is None or (isinstance(d, int) and d > 0) for d in output_shape
        ):
            raise ValueError(
                f"EinsumDense layer {self.name!r}: `output_shape` must be a "
                "positive int or a tuple of positive ints / None. "
                f"Received: output_shape={output_shape!r}"
            )
        if bias_axes is not None and not isinstance(bias_axes, str):
            raise ValueError(
                f"EinsumDense layer {self.name!r}: `bias_axes` must be a "
                f"string of output axis letters. Received: "
                f"bias_axes={bias_axes!r}"
            )
        lora.check_lora_args(self.name, lora_rank, lora_alpha)
        lora.check_quantization_config(self.name, quantization_config)
        self.equation = equation
        self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = get_callable(
            "regularizers", kernel_regularizer
        )
        self.bias_regularizer = get_callable("regularizers", bias_regularizer)
        self.kernel_constraint = get_callable("constraints", kernel_constraint)
        self.bias_constraint = get_callable("constraints", bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.gptq_unpacked_column_size = gptq_unpacked_column_size
        self.quantization_config = quantization_config

    def build(self, input_shape: Shape) -> None:
        kernel_shape, bias_shape, _, in_axes, out_axes = analyze_equation(
            self.equation, self.bias_axes, tuple(input_shape),
            self.partial_output_shape,
        )  # fmt: skip
        if None in kernel_shape or (bias_shape and None in bias_shape):
            raise ValueError(
                f"EinsumDense layer {self.name!r}: the kernel shape "
                f"{tuple(kernel_shape)} has unknown sizes; the input axes "
                f"it spans must be known. Received input shape "
                f"{tuple(input_shape)}."
            )
        self.input_spec = InputSpec(ndim=len(input_shape))
        initializer = self.kernel_initializer
        if isinstance(initializer, VarianceScaling):
            initializer = _fan_aware(initializer, in_axes, out_axes)
        self._kernel = self.add_weight(
            shape=tuple(kernel_shape),
            initializer=initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )
        self.bias: Variable | None = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                shape=tuple(bias_shape),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self) -> Tensor:
        """The kernel in use: the stored one, plus the LoRA update."""
        if not self.built:
            raise AttributeError(
                f"EinsumDense layer {self.name!r} has no kernel before it "
                "is built."
            )
        return lora.adapted(self, self._kernel, "lora_kernel")

    def enable_lora(
        self,
        rank: int,
        lora_alpha: float | None = None,
        a_initializer: InitializerLike = "he_uniform",
        b_initializer: InitializerLike = "zeros",
    ) -> None:
        """Freezes the kernel and adds `lora_kernel_a`
        `(kernel.shape[:-1], rank)` and `lora_kernel_b`
        `(rank, kernel.shape[-1])`."""
        lora.enable_lora(
            self, "_kernel", "lora_kernel", rank, lora_alpha,
            a_initializer, b_initializer,
            constraint=self.kernel_constraint,
            regularizer=self.kernel_regularizer,
        )  # fmt: skip

    def call(self, inputs: Tensor, training: bool | None = None) -> Tensor:
        outputs = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        _, _, output, _, _ = analyze_equation(
            self.equation, self.bias_axes, tuple(input_shape),
            self.partial_output_shape,
        )  # fmt: skip
        return tuple(output)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": serialize_object(self.kernel_initializer),
            "bias_initializer": serialize_object(self.bias_initializer),
            "kernel_regularizer": serialize_object(self.kernel_regularizer),
            "bias_regularizer": serialize_object(self.bias_regularizer),
            "activity_regularizer": serialize_object(
                self.activity_regularizer
            ),
            "kernel_constraint": serialize_object(self.kernel_constraint),
            "bias_constraint": serialize_object(self.bias_constraint),
            "quantization_config": None,
            **lora.lora_config(self),
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        for key in ("kernel_initializer", "bias_initializer"):
            if isinstance(config.get(key), dict):
                config[key] = initializers.deserialize(config[key])
        return cls(**config)
