"""The custom-object registry and name lookups for configurable objects.

Users make their classes and functions findable by name with
`register_keras_serializable` (global) or `custom_object_scope` (for the
length of a `with` block). Each family (initializers, activations, losses,
metrics, optimizers) builds its `get`/`serialize`/`deserialize` with
`make_lookup`, so string names, config dicts and custom objects resolve the
same way everywhere.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

from multikeras.api_export import export


class _CustomObjects(dict):
    """The global name -> object dict, whose lookups also see the objects
    of the innermost active `custom_object_scope`.

    Every lookup site in the library asks `get_custom_objects()` with `in`,
    `[]` or `.get`, so a scope reaches all of them; iterating, `len` and
    `keys` show only the global entries, as Keras documents for
    `get_custom_objects()`.
    """

    def _scoped(self) -> dict[str, Any]:
        stack = getattr(_SCOPES, "stack", None)
        return stack[-1] if stack else {}

    def __contains__(self, name: object) -> bool:
        return name in self._scoped() or dict.__contains__(self, name)

    def __getitem__(self, name: str) -> Any:
        scoped = self._scoped()
        if name in scoped:
            return scoped[name]
        return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        scoped = self._scoped()
        if name in scoped:
            return scoped[name]
        return dict.get(self, name, default)


_SCOPES = threading.local()
_CUSTOM_OBJECTS: dict[str, Any] = _CustomObjects()
_CUSTOM_NAMES: dict[Any, str] = {}  # registered object -> "package>name"


@export(
    "multikeras.saving.get_custom_objects",
    "multikeras.utils.get_custom_objects",
)
def get_custom_objects() -> dict[str, Any]:
    """A live reference to the global dict of custom objects (name ->
    class or function).

    Objects of an active `custom_object_scope` are found by lookups in it
    (`name in d`, `d[name]`, `d.get(name)`) but are not added to it.

    Example:
    >>> def my_activation(x):
    ...     return x
    >>> multikeras.saving.get_custom_objects()["my_activation"] = (
    ...     my_activation)
    >>> multikeras.activations.get("my_activation") is my_activation
    True
    >>> del multikeras.saving.get_custom_objects()["my_activation"]
    """
    return _CUSTOM_OBJECTS


@export(
    "multikeras.saving.register_keras_serializable",
    "multikeras.utils.register_keras_serializable",
)
def register_keras_serializable(
    package: str = "Custom", name: str | None = None
) -> Callable[[Any], Any]:
    """Registers a class or function under `"package>name"` for lookups.

    Registered objects are found by name when configs and saved models are
    loaded, without passing `custom_objects`. A class must have a
    `get_config` method.

    Args:
        package: the package the object belongs to (the key's prefix).
        name: the name to register it under; the object's `__name__` if
            None.

    Example:
    >>> @multikeras.saving.register_keras_serializable(package="Docs")
    ... def doubled(x):
    ...     return 2 * x
    >>> multikeras.saving.get_registered_name(doubled)
    'Docs>doubled'
    """

    def decorator(obj: Any) -> Any:
        short = name if name is not None else obj.__name__
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                "register_keras_serializable: cannot register the class "
                f"{obj.__name__!r}: it has no get_config() method."
            )
        key = f"{package}>{short}"
        _CUSTOM_OBJECTS[key] = obj
        # The bare name too: family lookups find a registered object by
        # the class name a config carries.
        dict.setdefault(_CUSTOM_OBJECTS, short, obj)
        _CUSTOM_NAMES[obj] = key
        return obj

    return decorator


@export(
    "multikeras.saving.get_registered_name",
    "multikeras.utils.get_registered_name",
)
def get_registered_name(obj: Any) -> str:
    """The name `obj` was registered under (`"package>name"`), or its
    `__name__` if it is not registered.

    Example:
    >>> multikeras.saving.get_registered_name(multikeras.layers.Dense)
    'Dense'
    """
    try:
        return _CUSTOM_NAMES[obj]
    except (KeyError, TypeError):
        return obj.__name__


@export(
    "multikeras.saving.get_registered_object",
    "multikeras.utils.get_registered_object",
)
def get_registered_object(
    name: str,
    custom_objects: dict[str, Any] | None = None,
    module_objects: dict[str, Any] | None = None,
) -> Any:
    """The object registered under `name`, or None.

    Looks in the active `custom_object_scope`, the global registry, then
    `custom_objects`, then `module_objects`.

    Example:
    >>> @multikeras.saving.register_keras_serializable(package="Docs")
    ... def tripled(x):
    ...     return 3 * x
    >>> multikeras.saving.get_registered_object("Docs>tripled") is tripled
    True
    """
    if name in _CUSTOM_OBJECTS:
        return _CUSTOM_OBJECTS[name]
    for table in (custom_objects, module_objects):
        if table and name in table:
            return table[name]
    return None


@export(
    "multikeras.saving.CustomObjectScope",
    "multikeras.saving.custom_object_scope",
    "multikeras.utils.CustomObjectScope",
    "multikeras.utils.custom_object_scope",
)
class CustomObjectScope:
    """Makes custom classes and functions findable by name in a `with`
    block (loading a model, `from_config`, `get` of any family).

    The innermost scope wins; the global registry is left unchanged.

    Args:
        custom_objects: a dict `{name: object}`.

    Example:
    >>> def my_activation(x):
    ...     return x
    >>> with multikeras.saving.custom_object_scope(
    ...     {"my_activation": my_activation}
    ... ):
    ...     found = multikeras.activations.get("my_activation")
    >>> found is my_activation
    True
    """

    def __init__(self, custom_objects: dict[str, Any] | None) -> None:
        if custom_objects is not None and not isinstance(
            custom_objects, dict
        ):
            raise TypeError(
                "CustomObjectScope expects a dict {name: object}. "
                f"Received: {custom_objects!r}"
            )
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self) -> CustomObjectScope:
        stack = getattr(_SCOPES, "stack", None)
        if stack is None:
            stack = _SCOPES.stack = []
        # As in Keras, a scope replaces the enclosing one's objects.
        stack.append(dict(self.custom_objects))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _SCOPES.stack.pop()


# Keras documents both spellings; the function form is the same class.
custom_object_scope = CustomObjectScope


def serialize_object(obj):
    """`{"module", "class_name", "config", "registered_name"}` for objects
    with `get_config`; the registered name for plain functions."""
    if obj is None:
        return None
    if hasattr(obj, "get_config"):
        config = {
            "module": type(obj).__module__,
            "class_name": type(obj).__name__,
            "config": obj.get_config(),
        }
        if type(obj) in _CUSTOM_NAMES:
            config["registered_name"] = _CUSTOM_NAMES[type(obj)]
        return config
    return getattr(obj, "__name__", str(obj))


def make_lookup(kind, objects, base=None, instantiate=False):
    """Builds `(serialize, deserialize, get)` for one family of objects.

    Args:
        kind: the family's name, for error messages ("initializer").
        objects: dict of accepted string names -> class or function.
        base: the family's base class (instances pass through `get`).
        instantiate: whether a class found by name is called with no
            arguments (initializers, losses) or returned as is.
    """
    by_class_name = {
        o.__name__: o for o in objects.values() if isinstance(o, type)
    }

    def find(name):
        for table in (objects, by_class_name, _CUSTOM_OBJECTS):
            if name in table:
                return table[name]
        valid = ", ".join(sorted(objects))
        raise ValueError(
            f"Unknown {kind}: {name!r}. Valid names are: {valid}; or pass "
            f"a {kind} object or callable."
        )

    def serialize(obj):
        return serialize_object(obj)

    serialize.__doc__ = (
        f"A {kind}'s config dict (`class_name`, `config`), or a function's "
        "registered name."
    )

    def deserialize(config, custom_objects=None):
        """Rebuilds an object from its name or its config dict."""
        if isinstance(config, str):
            obj = (custom_objects or {}).get(config) or find(config)
            return obj() if instantiate and isinstance(obj, type) else obj
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(
                f"Cannot deserialize {kind} from {config!r}: expected a name "
                "or a dict with 'class_name' and 'config'."
            )
        name = config["class_name"]
        registered = config.get("registered_name")
        cls = (
            (custom_objects or {}).get(name)
            or (registered and _CUSTOM_OBJECTS.get(registered))
            or find(name)
        )
        return cls.from_config(config.get("config", {}))

    def get(identifier):
        """Resolves a name, a config dict, an instance or a callable."""
        if identifier is None:
            return None
        if base is not None and isinstance(identifier, base):
            return identifier
        if isinstance(identifier, (str, dict)):
            return deserialize(identifier)
        if isinstance(identifier, type) and instantiate:
            return identifier()
        if callable(identifier):
            return identifier
        raise ValueError(
            f"Could not interpret {kind} identifier: {identifier!r}"
        )

    deserialize.__doc__ = f"Rebuilds a {kind} from its name or config dict."
    get.__doc__ = (
        f"The {kind} for an identifier: a name, a config dict, an instance "
        "or a callable; None stays None."
    )
    return serialize, deserialize, get
