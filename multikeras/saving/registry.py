"""Name lookups for configurable objects: `get`, `serialize`, `deserialize`.

Each family (initializers, activations, losses, metrics, optimizers) builds
its three functions with `make_lookup`, so string names, config dicts and
custom objects resolve the same way everywhere.
"""

from multikeras.api_export import export

_CUSTOM_OBJECTS: dict[str, object] = {}


@export(
    "multikeras.saving.get_custom_objects",
    "multikeras.utils.get_custom_objects",
)
def get_custom_objects():
    """The global dict of user-registered objects (name -> object)."""
    return _CUSTOM_OBJECTS


@export(
    "multikeras.saving.register_keras_serializable",
    "multikeras.utils.register_keras_serializable",
)
def register_keras_serializable(package="Custom", name=None):
    """Registers a class or function under `package>name` for lookups."""

    def decorator(obj):
        key = f"{package}>{name or obj.__name__}"
        _CUSTOM_OBJECTS[key] = obj
        _CUSTOM_OBJECTS.setdefault(name or obj.__name__, obj)
        return obj

    return decorator


def serialize_object(obj):
    """`{"class_name", "config", "module"}` for objects with `get_config`;
    the registered name for plain functions."""
    if obj is None:
        return None
    if hasattr(obj, "get_config"):
        return {
            "module": type(obj).__module__,
            "class_name": type(obj).__name__,
            "config": obj.get_config(),
        }
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
        cls = (custom_objects or {}).get(name) or find(name)
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
