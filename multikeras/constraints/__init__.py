"""`multikeras.constraints`: weight projections and `get`/`serialize`."""

from __future__ import annotations

from typing import Any

from multikeras.api_export import export
from multikeras.constraints.constraints import Constraint as Constraint
from multikeras.constraints.constraints import MaxNorm as MaxNorm
from multikeras.constraints.constraints import MinMaxNorm as MinMaxNorm
from multikeras.constraints.constraints import NonNeg as NonNeg
from multikeras.constraints.constraints import UnitNorm as UnitNorm
from multikeras.saving.registry import make_lookup

# Keras's lower-case aliases are the classes themselves.
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

# Names `get` accepts: the class names and their snake_case forms.
ALL_OBJECTS: dict[str, Any] = {
    "constraint": Constraint,
    "max_norm": MaxNorm,
    "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
}
for _cls in (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm):
    ALL_OBJECTS[_cls.__name__] = _cls

_serialize, _deserialize, _get = make_lookup(
    "constraint", ALL_OBJECTS, Constraint, instantiate=True
)


@export("multikeras.constraints.serialize")
def serialize(constraint: Any) -> Any:
    """A constraint as Keras's config dict: `{"module", "class_name",
    "config", "registered_name"}`; a plain function as a function entry.

    Example:
    >>> multikeras.constraints.serialize(
    ...     multikeras.constraints.MaxNorm(3))["config"]
    {'max_value': 3, 'axis': 0}
    """
    from multikeras.saving.serialization import serialize_keras_object

    return serialize_keras_object(constraint)


@export("multikeras.constraints.deserialize")
def deserialize(
    config: Any, custom_objects: dict[str, Any] | None = None
) -> Any:
    """A constraint from a name or the dict `serialize` gives.

    Args:
        config: a name ("non_neg", "MaxNorm") or a `{"class_name",
            "config"}` dict.
        custom_objects: optional dict of name -> custom class.

    Example:
    >>> c = multikeras.constraints.deserialize(
    ...     {"class_name": "UnitNorm", "config": {"axis": 1}})
    >>> c.axis
    1
    """
    if isinstance(config, dict) and config.get("class_name") == "function":
        from multikeras.saving.serialization import deserialize_keras_object

        return deserialize_keras_object(config, custom_objects)
    return _deserialize(config, custom_objects)


@export("multikeras.constraints.get")
def get(identifier: Any) -> Any:
    """The constraint for an identifier.

    Args:
        identifier: None (no constraint), a name ("max_norm",
            "min_max_norm", "non_neg", "unit_norm", or a class name), a
            config dict, a `Constraint` instance or class, or any callable
            on a tensor.

    Raises:
        ValueError: for an unknown name or an identifier of another kind.

    Example:
    >>> multikeras.constraints.get("max_norm").get_config()
    {'max_value': 2, 'axis': 0}
    """
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    return _get(identifier)


__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]
