"""`multikeras.regularizers`: weight penalties and `get`/`serialize`."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.regularizers.regularizers import L1 as L1
from multikeras.regularizers.regularizers import L1L2 as L1L2
from multikeras.regularizers.regularizers import L2 as L2
from multikeras.regularizers.regularizers import (
    OrthogonalRegularizer as OrthogonalRegularizer,
)
from multikeras.regularizers.regularizers import Regularizer as Regularizer
from multikeras.saving.registry import make_lookup

# Keras's lower-case aliases are the classes themselves.
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

# Names `get` accepts: the class names and their snake_case forms, as in
# Keras ("l1l2" is Keras's snake_case of L1L2; "l1_l2" is special-cased in
# `get`, with the factors Keras documents for it).
ALL_OBJECTS: dict[str, Any] = {
    "regularizer": Regularizer,
    "l1": L1,
    "l2": L2,
    "l1l2": L1L2,
    "orthogonal_regularizer": OrthogonalRegularizer,
}
for _cls in (Regularizer, L1, L2, L1L2, OrthogonalRegularizer):
    ALL_OBJECTS[_cls.__name__] = _cls

_serialize, _deserialize, _get = make_lookup(
    "regularizer", ALL_OBJECTS, Regularizer, instantiate=True
)


@export("multikeras.regularizers.serialize")
def serialize(regularizer: Any) -> Any:
    """A regularizer as Keras's config dict: `{"module", "class_name",
    "config", "registered_name"}`; a plain function as a function entry.

    Example:
    >>> multikeras.regularizers.serialize(
    ...     multikeras.regularizers.L2(0.1))["config"]
    {'l2': 0.1}
    """
    from multikeras.saving.serialization import serialize_keras_object

    return serialize_keras_object(regularizer)


@export("multikeras.regularizers.deserialize")
def deserialize(
    config: Any, custom_objects: dict[str, Any] | None = None
) -> Any:
    """A regularizer from a name or the dict `serialize` gives.

    Args:
        config: a name ("l2", "L1") or a `{"class_name", "config"}` dict.
        custom_objects: optional dict of name -> custom class.

    Example:
    >>> reg = multikeras.regularizers.deserialize(
    ...     {"class_name": "L1", "config": {"l1": 0.5}})
    >>> reg.l1
    0.5
    """
    if config == "l1_l2":
        return L1L2(l1=0.01, l2=0.01)
    if isinstance(config, dict) and config.get("class_name") == "function":
        from multikeras.saving.serialization import deserialize_keras_object

        return deserialize_keras_object(config, custom_objects)
    return _deserialize(config, custom_objects)


@export("multikeras.regularizers.get")
def get(identifier: Any) -> Any:
    """The regularizer for an identifier.

    Args:
        identifier: None (no regularizer), a name ("l1", "l2", "l1_l2",
            "orthogonal_regularizer", or a class name), a config dict, a
            `Regularizer` instance or class, or any callable on a tensor.

    Raises:
        ValueError: for an unknown name or an identifier of another kind.

    Example:
    >>> multikeras.regularizers.get("l2").get_config()
    {'l2': 0.01}
    >>> multikeras.regularizers.get("l1_l2").get_config()
    {'l1': 0.01, 'l2': 0.01}
    """
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    return _get(identifier)


__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]
