"""`Lambda`: a layer from a Python function."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from multikeras.api_export import export
from multikeras.backend.common import scopes
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.core._objects import deserialize_function
from multikeras.layers.core._objects import serialize_function
from multikeras.layers.layer import Layer
from multikeras.layers.shape_utils import is_shape
from multikeras.layers.shape_utils import map_shapes
from multikeras.ops import dispatch
from multikeras.typing import Config

if TYPE_CHECKING:
    from typing_extensions import Self


def _is_serialized_function(value: Any) -> bool:
    return isinstance(value, dict) and value.get("class_name") in (
        "__lambda__", "function",
    )  # fmt: skip


@export("multikeras.layers.Lambda")
class Lambda(Layer):
    """Wraps a function of tensors as a layer: `function(inputs,
    **arguments)`.

    For anything with weights, subclass `Layer` instead: a Lambda holds no
    variables. A function that takes `mask` or `training` arguments
    receives them.

    Saving: a named function is stored by module and name (registered
    functions and multikeras functions are found again); a Python
    `lambda` is stored as bytecode, as Keras does, and loading it runs
    that code, so `from_config` refuses it unless `safe_mode=False`.

    Args:
        function: the function; its first argument is the input.
        output_shape: the output shape without the batch axis (a tuple, or
            a structure of tuples), or a function of the input shape;
            None infers it by tracing `function`.
        mask: the output mask: a function `(inputs, mask) -> mask`, a
            fixed mask, or None (no mask).
        arguments: extra keyword arguments for `function`.

    Example:
    >>> layer = Lambda(lambda x: x * 2)
    >>> np.asarray(layer(np.array([1.0, 2.0])))
    array([2., 4.], dtype=float32)
    """

    def __init__(
        self,
        function: Callable[..., Any],
        output_shape: Any = None,
        mask: Any = None,
        arguments: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(
                f"Lambda layer {self.name!r}: `function` must be callable. "
                f"Received: function={function!r}"
            )
        if arguments is not None and not isinstance(arguments, dict):
            raise ValueError(
                f"Lambda layer {self.name!r}: `arguments` must be a dict of "
                f"keyword arguments. Received: arguments={arguments!r}"
            )
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        if isinstance(output_shape, list) and is_shape(tuple(output_shape)):
            output_shape = tuple(output_shape)
        self._output_shape = output_shape
        try:
            params = inspect.signature(function).parameters
        except (TypeError, ValueError):
            params = {}  # type: ignore[assignment]
        self._fn_takes_mask = "mask" in params
        self._fn_takes_training = "training" in params

    def call(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        kwargs = dict(self.arguments)
        if self._fn_takes_mask:
            kwargs["mask"] = mask
        if self._fn_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self._output_shape is None:
            inputs = map_shapes(
                lambda s: KerasTensor(s, self.compute_dtype), input_shape
            )
            outputs = self._infer_spec((inputs,), {})
            return map_shapes(lambda t: t.shape, outputs)  # type: ignore
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        first = input_shape
        while not is_shape(first):
            first = next(iter(
                first.values() if isinstance(first, dict) else first
            ))  # fmt: skip
        batch = first[0] if first else None
        return map_shapes(lambda s: (batch, *s), self._output_shape)

    def _infer_spec(self, args, kwargs):
        def run(*call_args, **call_kwargs):
            with scopes.StatelessScope():
                with scopes.call_context(call_kwargs.get("training")):
                    return self.call(*call_args, **call_kwargs)

        try:
            return dispatch.compute_output_spec(run, args, kwargs)
        except Exception as error:
            raise ValueError(
                f"Lambda layer {self.name!r}: could not infer the output "
                "shape by tracing the function; pass `output_shape`. "
                f"Tracing failed with: {error}"
            ) from error

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if self._output_shape is None:
            return self._infer_spec(args, kwargs)
        return map_shapes(
            lambda s: KerasTensor(s, self.compute_dtype),
            self.compute_output_shape(_shapes_of(args[0])),
        )

    def get_config(self) -> Config:
        config: Config = {"function": serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (
                serialize_function(self._output_shape)
                if callable(self._output_shape) else self._output_shape
            )  # fmt: skip
        if self.mask is not None:
            config["mask"] = (
                serialize_function(self.mask) if callable(self.mask)
                else self.mask
            )  # fmt: skip
        config["arguments"] = dict(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(
        cls,
        config: Config,
        custom_objects: dict[str, Any] | None = None,
        safe_mode: bool | None = None,
    ) -> Self:
        """Rebuilds the layer. A serialized Python `lambda` is loaded only
        with `safe_mode=False` (its bytecode runs)."""
        config = dict(config)
        safe = safe_mode is not False
        for key in ("function", "output_shape", "mask"):
            if _is_serialized_function(config.get(key)):
                config[key] = deserialize_function(
                    config[key], custom_objects, safe, owner="Lambda"
                )
        if isinstance(config.get("output_shape"), list) and is_shape(
            tuple(config["output_shape"])
        ):
            config["output_shape"] = tuple(config["output_shape"])
        return cls(**config)


def _shapes_of(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _shapes_of(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_shapes_of(v) for v in x)
    return tuple(x.shape)
