"""`clone_model`: the same architecture with new, freshly initialized weights.

- Sequential -> Sequential: each layer goes through `clone_function`, the
  input (if any) is recreated.
- Functional -> Functional: the graph is replayed, node by node, over new
  `Input`s (or `input_tensors`) with the cloned layers; a layer called at
  several nodes (a shared layer) is cloned once and called again.
- Any other model -> `cls.from_config(model.get_config())`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.core.input_layer import Input
from multikeras.layers.layer import Layer
from multikeras.models.model import Model
from multikeras.models.sequential import Sequential

CloneFunction = Callable[[Layer], Layer]
CallFunction = Callable[..., Any]


def _default_clone(layer: Layer) -> Layer:
    return layer.__class__.from_config(layer.get_config())


def _wrap_clone_function(clone_function, call_function, recursive, cache):
    """`clone_function`, memoized per layer (shared layers are cloned
    once) and, with `recursive`, descending into nested models."""
    base = clone_function or _default_clone

    def wrapped(layer):
        if id(layer) in cache:
            return cache[id(layer)]
        if recursive and isinstance(layer, Sequential):
            clone = clone_model(layer, clone_function=clone_function,
                                recursive=True, cache=cache)
        elif recursive and _is_functional(layer):
            clone = clone_model(layer, clone_function=clone_function,
                                call_function=call_function,
                                recursive=True, cache=cache)
        else:
            clone = base(layer)
            if not isinstance(clone, Layer):
                raise ValueError(
                    "clone_model: `clone_function` must return a Layer. "
                    f"For layer {layer.name!r} it returned {clone!r}."
                )
        cache[id(layer)] = clone
        return clone

    return wrapped


def _is_functional(model):
    return (
        isinstance(model, Model)
        and not isinstance(model, Sequential)
        and model._graph is not None
    )


def _takes_inputs_outputs(cls):
    """Whether `cls(inputs, outputs, name=...)` builds a Functional model
    (`Model` itself, or a subclass that keeps its constructor shape)."""
    if cls.__init__ is Model.__init__:
        return True
    try:
        parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    except (TypeError, ValueError):
        return False
    return parameters[:2] == ["inputs", "outputs"] or (
        parameters[:2] == ["args", "kwargs"]
    )


@export("multikeras.models.clone_model")
def clone_model(
    model: Model,
    input_tensors: Any = None,
    clone_function: CloneFunction | None = None,
    call_function: CallFunction | None = None,
    recursive: bool = False,
    **kwargs: Any,
) -> Model:
    """A copy of a model with new layers, hence new weights.

    Cloning is like calling the model on new inputs, except that every
    layer is re-created (with freshly initialized weights) instead of
    shared. Copy the weights over with
    `clone.set_weights(model.get_weights())`. A compiled model's clone is
    compiled with the same `compile()` arguments.

    Args:
        model: a Sequential, Functional or subclassed `Model`.
        input_tensors: optional `Input` tensors to build the clone on, in
            the structure of `model.inputs` (Sequential: one tensor).
            By default new `Input`s of the same shapes, dtypes and names.
        clone_function: `fn(layer) -> new layer`, called once per layer
            (InputLayers excepted; a shared layer is cloned once). Default:
            `layer.__class__.from_config(layer.get_config())`. Return a
            different layer to modify the copy, or `layer` itself to share
            it. Sequential and Functional models only.
        call_function: `fn(layer, *args, **kwargs) -> outputs`, used to
            call each cloned layer while rebuilding a Functional graph
            (e.g. to wrap its outputs). Functional models only.
        recursive: if True, nested Sequential/Functional models are
            cloned layer by layer with the same `clone_function` (and
            `call_function`); if False, a nested model is passed to
            `clone_function` as a whole.

    Returns:
        The new model: Sequential for Sequential, Functional (the same
        class when its constructor takes `inputs, outputs`) for
        Functional, `type(model).from_config(model.get_config())`
        otherwise.

    Example:
    >>> model = multikeras.Sequential([
    ...     multikeras.Input(shape=(3,)),
    ...     multikeras.layers.Dense(2),
    ... ])
    >>> clone = multikeras.models.clone_model(model)
    >>> clone.output_shape
    (None, 2)
    >>> clone.layers[0] is model.layers[0]
    False
    """
    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(
            "clone_model: unexpected keyword argument(s) "
            f"{tuple(kwargs)}."
        )
    if cache is None:
        cache = {}
    if not isinstance(model, Model):
        raise ValueError(
            "clone_model expects a multikeras Model (Sequential, "
            f"Functional or subclassed). Received: {model!r} of type "
            f"{type(model).__name__}"
        )
    if clone_function is not None and not callable(clone_function):
        raise ValueError(
            "clone_model: `clone_function` must be callable. Received: "
            f"{clone_function!r}"
        )
    if call_function is not None and not callable(call_function):
        raise ValueError(
            "clone_model: `call_function` must be callable. Received: "
            f"{call_function!r}"
        )
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                "clone_model: `call_function` is not supported for "
                f"Sequential models (model {model.name!r}); use a "
                "Functional model to customize how layers are called."
            )
        wrapped = _wrap_clone_function(clone_function, None, recursive,
                                       cache)
        new = _clone_sequential(model, wrapped, input_tensors)
    elif _is_functional(model) and (
        type(model).get_config is Model.get_config
        or clone_function is not None
        or input_tensors is not None
    ):
        wrapped = _wrap_clone_function(clone_function, call_function,
                                       recursive, cache)
        new = _clone_functional(model, wrapped, call_function, input_tensors)
    else:
        if clone_function is not None or input_tensors is not None:
            raise ValueError(
                "clone_model: `clone_function` and `input_tensors` are only "
                "supported for Sequential and Functional models; "
                f"{type(model).__name__} {model.name!r} is subclassed and "
                "is cloned through get_config()/from_config()."
            )
        if call_function is not None:
            raise ValueError(
                "clone_model: `call_function` is only supported for "
                f"Functional models; {type(model).__name__} "
                f"{model.name!r} is not one."
            )
        return _clone_from_config(model)
    _copy_compile(model, new)
    return new


def _copy_compile(model, new):
    if getattr(model, "compiled", False):
        config = model.get_compile_config()
        if config is not None:
            new.compile_from_config(config)


def _clone_sequential(model, clone_function, input_tensors):
    new_layers = [clone_function(layer) for layer in model.layers]
    reference = model._input_layer
    name = None if reference is None else reference.name
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError(
                    "clone_model: a Sequential model takes a single tensor "
                    f"as `input_tensors`; received {len(input_tensors)}."
                )
            input_tensors = input_tensors[0]
        if not isinstance(input_tensors, KerasTensor):
            raise ValueError(
                "clone_model: `input_tensors` must be a KerasTensor (from "
                f"multikeras.Input). Received: {input_tensors!r}"
            )
        new_layers.insert(0, Input(tensor=input_tensors, name=name))
    elif reference is not None:
        new_layers.insert(0, Input(batch_shape=reference.batch_shape,
                                   dtype=reference.dtype, name=name))
    return Sequential(new_layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, clone_function, call_function, input_tensors):
    graph = model._graph
    if input_tensors is None:
        input_tensors = tree.map_structure(
            lambda x: Input(batch_shape=x.shape, dtype=x.dtype, name=x.name),
            graph.inputs,
        )
    else:
        input_tensors = _match_input_structure(model, input_tensors)
    values = {
        id(old): new
        for old, new in zip(graph.flat_inputs, tree.flatten(input_tensors))
    }

    def substitute(x):
        return values[id(x)] if isinstance(x, KerasTensor) else x

    for node in graph.nodes:
        operation = node.operation
        if isinstance(operation, Layer):
            # Functions applied to symbolic tensors (ops) hold no state:
            # they are reused as they are.
            operation = clone_function(operation)
        args = tree.map_structure(substitute, node.call_args)
        kwargs = tree.map_structure(substitute, node.call_kwargs)
        if call_function is not None and isinstance(operation, Layer):
            result = call_function(operation, *args, **kwargs)
        else:
            result = operation(*args, **kwargs)
        for old, new in zip(tree.flatten(node.outputs), tree.flatten(result)):
            values[id(old)] = new
    outputs = tree.map_structure(lambda t: values[id(t)], graph.outputs)
    cls = type(model) if _takes_inputs_outputs(type(model)) else Model
    return cls(input_tensors, outputs, name=model.name)


def _match_input_structure(model, input_tensors):
    """`input_tensors` in the structure of `model.inputs`, checked."""
    reference = model._graph.inputs
    flat = tree.flatten(input_tensors)
    bad = [x for x in flat if not isinstance(x, KerasTensor)]
    if bad:
        raise ValueError(
            "clone_model: every entry of `input_tensors` must be a "
            f"KerasTensor (from multikeras.Input). Received: {bad[0]!r}"
        )
    flat_reference = tree.flatten(reference)
    if isinstance(reference, dict):
        same = isinstance(input_tensors, dict) and (
            set(input_tensors) == set(reference)
        )
    else:
        same = not isinstance(input_tensors, dict) and (
            len(flat) == len(flat_reference)
        )
    if not same:
        raise ValueError(
            f"clone_model: `input_tensors` must have the structure of the "
            f"inputs of model {model.name!r}: {_outline(reference)}. "
            f"Received: {_outline(input_tensors)}"
        )
    if isinstance(reference, dict):
        return {key: input_tensors[key] for key in reference}
    return tree.pack_sequence_as(reference, flat)


def _outline(structure):
    return tree.map_structure(
        lambda x: getattr(x, "shape", type(x).__name__), structure
    )


def _clone_from_config(model):
    cls = type(model)
    config = model.get_config()
    if cls.get_config is Model.get_config:
        # The default config holds only `name` and `trainable`: pass what
        # the constructor accepts, and fail clearly when it needs more.
        try:
            signature = inspect.signature(cls.__init__)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            parameters = list(signature.parameters.values())[1:]
            takes_kwargs = any(
                p.kind is p.VAR_KEYWORD for p in parameters
            )
            names = {p.name for p in parameters}
            if not takes_kwargs:
                config = {k: v for k, v in config.items() if k in names}
            required = [
                p.name for p in parameters
                if p.default is p.empty
                and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                and p.name not in config
            ]
            if required:
                raise ValueError(
                    f"clone_model: cannot clone the subclassed model "
                    f"{model.name!r} ({cls.__name__}): its constructor "
                    f"needs {required}, but the class does not override "
                    "get_config(). Implement get_config() (and "
                    "from_config() if needed) so that "
                    "cls.from_config(model.get_config()) rebuilds it."
                )
    try:
        return cls.from_config(config)
    except (TypeError, NotImplementedError) as error:
        raise ValueError(
            f"clone_model: could not rebuild the subclassed model "
            f"{model.name!r} ({cls.__name__}) with "
            f"{cls.__name__}.from_config(model.get_config()): {error}. "
            "Make get_config() return the constructor's arguments."
        ) from error
