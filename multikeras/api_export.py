"""`@export`: one public path per name, declared where the object is defined.

The decorator records the canonical public path of a class or function (used
by serialization to find classes by name) and sets `__module__` so that
tracebacks, `repr` and pickling show the public path, not the private file.
"""

_REGISTRY: dict[str, object] = {}  # public path -> object
_NAMES: dict[int, str] = {}  # id(object) -> public path


def export(*paths):
    """Registers an object under one or more public paths.

    Keras documents a few aliases (`ops.abs` / `ops.absolute`); pass every
    documented path. The first one is canonical.
    """

    def decorator(obj):
        for path in paths:
            _REGISTRY[path] = obj
        _NAMES.setdefault(id(obj), paths[0])
        try:
            obj.__module__ = paths[0].rsplit(".", 1)[0]
        except (AttributeError, TypeError):
            pass
        return obj

    return decorator


def exported_name(obj):
    """Canonical public path of `obj`, or None if it is not exported."""
    return _NAMES.get(id(obj))


def exported_objects():
    """A copy of the registry: public path -> object."""
    return dict(_REGISTRY)
