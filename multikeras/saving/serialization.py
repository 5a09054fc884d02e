"""`serialize_keras_object` / `deserialize_keras_object`: any configurable
object to and from Keras 3's JSON-ready config format.

An object with `get_config` becomes `{"module", "class_name", "config",
"registered_name"}` (plus `"build_config"` for a built layer or model); a
function `{"module", "class_name": "function", "config": name}`; tuples,
NumPy arrays and bytes get Keras's `__tuple__`, `__numpy__` and
`__bytes__` wrappers. Files written by Keras name modules `keras.*`; they
are read as the matching `multikeras.*` modules.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import marshal
import types
from typing import Any

import numpy as np

from multikeras.api_export import export
from multikeras.api_export import exported_name
from multikeras.api_export import exported_objects
from multikeras.saving.registry import _CUSTOM_NAMES
from multikeras.saving.registry import CustomObjectScope
from multikeras.saving.registry import get_custom_objects


def _is_functional(obj: Any) -> bool:
    from multikeras.models.model import Model

    return type(obj) is Model and obj._graph is not None


def _module_of(obj: Any) -> str:
    name = exported_name(obj)
    if name is not None:
        return name.rsplit(".", 1)[0]
    return getattr(obj, "__module__", None) or ""


def _serialize_value(value: Any) -> Any:
    """A config value with nested objects serialized; lists for tuples
    inside configs (as Keras writes them)."""
    if isinstance(value, dict):
        return {k: _serialize_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_serialize_value(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return serialize_keras_object(value)


@export(
    "multikeras.saving.serialize_keras_object",
    "multikeras.utils.serialize_keras_object",
)
def serialize_keras_object(obj: Any) -> Any:
    """A JSON-ready config that `deserialize_keras_object` turns back into
    an equivalent object.

    Args:
        obj: a layer, model, loss, metric, optimizer, initializer,
            schedule or any object with `get_config`; a function; a
            Python value (returned as is), tuple, NumPy array or bytes.

    Returns:
        A dict (or a plain Python value).

    Example:
    >>> config = multikeras.saving.serialize_keras_object(
    ...     multikeras.layers.Dense(3, name="d"))
    >>> config["class_name"], config["config"]["units"]
    ('Dense', 3)
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__",
                "config": {"value": obj.decode("latin-1")}}
    if isinstance(obj, tuple):
        return {"class_name": "__tuple__",
                "config": {"value": [serialize_keras_object(v) for v in obj]}}
    if isinstance(obj, list):
        return [serialize_keras_object(v) for v in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__",
                "config": {"value": obj.tolist(), "dtype": str(obj.dtype)}}
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        code = base64.b64encode(marshal.dumps(obj.__code__)).decode("ascii")
        return {"class_name": "__lambda__", "config": {"value": code}}
    if hasattr(obj, "get_config") and not isinstance(obj, type):
        return _serialize_configurable(obj)
    if callable(obj) and hasattr(obj, "__name__"):
        registered = _CUSTOM_NAMES.get(obj)
        return {
            "module": _module_of(obj),
            "class_name": "function",
            "config": obj.__name__,
            "registered_name": registered or obj.__name__,
        }
    raise TypeError(
        f"serialize_keras_object: cannot serialize {obj!r} of type "
        f"{type(obj).__name__}. Expected an object with get_config(), a "
        "function, or a plain Python value."
    )


def _serialize_configurable(obj: Any) -> dict[str, Any]:
    cls = type(obj)
    functional = _is_functional(obj)
    config: dict[str, Any] = {
        "module": "multikeras" if functional else _module_of(cls),
        "class_name": "Functional" if functional else cls.__name__,
        "config": _serialize_value(obj.get_config()),
        # As Keras writes it: null for the library's own classes.
        "registered_name": _CUSTOM_NAMES.get(cls) or (
            None if exported_name(cls) else cls.__name__
        ),
    }
    get_build_config = getattr(obj, "get_build_config", None)
    if callable(get_build_config):
        build_config = get_build_config()
        if build_config is not None:
            config["build_config"] = _serialize_value(build_config)
    return config


def _find_function(config: dict[str, Any], custom_objects: dict[str, Any]):
    name = config["config"]
    registered = config.get("registered_name") or name
    for key in (registered, name):
        if key in custom_objects:
            return custom_objects[key]
        if key in get_custom_objects():
            return get_custom_objects()[key]
    module = _local_module(config.get("module"))
    found = exported_objects().get(f"{module}.{name}")
    if found is None and module:
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            found = None
    if found is None:
        raise ValueError(
            f"deserialize_keras_object: could not find the function "
            f"{name!r} (module {config.get('module')!r}). Pass it in "
            "`custom_objects`, register it with "
            "@multikeras.saving.register_keras_serializable(), or use a "
            "custom_object_scope."
        )
    return found


def _local_module(module: Any) -> str:
    """`keras.layers` (a Keras file) -> `multikeras.layers`."""
    if not isinstance(module, str):
        return ""
    if module == "keras" or module.startswith("keras."):
        return "multi" + module
    return module


def _find_class(config: dict[str, Any], custom_objects: dict[str, Any]):
    name = config["class_name"]
    registered = config.get("registered_name")
    for key in (registered, name):
        if not key:
            continue
        if key in custom_objects:
            return custom_objects[key]
        if key in get_custom_objects():
            return get_custom_objects()[key]
    if name == "Functional":
        from multikeras.models.model import Model

        return Model
    module = _local_module(config.get("module"))
    objects = exported_objects()
    found = objects.get(f"{module}.{name}")
    if found is None and module and not module.startswith("multikeras"):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            found = None
    if found is None:
        # A module path that moved: any exported class of that name.
        candidates = {
            id(obj): obj for path, obj in objects.items()
            if path.rsplit(".", 1)[-1] == name and isinstance(obj, type)
        }
        if len(candidates) == 1:
            found = next(iter(candidates.values()))
    if found is None:
        raise ValueError(
            f"deserialize_keras_object: unknown class {name!r} (module "
            f"{config.get('module')!r}). If it is a custom class, pass it in "
            "`custom_objects`, decorate it with "
            "@multikeras.saving.register_keras_serializable(), or use a "
            "custom_object_scope."
        )
    return found


@export(
    "multikeras.saving.deserialize_keras_object",
    "multikeras.utils.deserialize_keras_object",
)
def deserialize_keras_object(
    config: Any,
    custom_objects: dict[str, Any] | None = None,
    safe_mode: bool = True,
    **kwargs: Any,
) -> Any:
    """Rebuilds an object from `serialize_keras_object`'s output.

    Args:
        config: the serialized config.
        custom_objects: `{name: class or function}` for custom objects
            (also found through `register_keras_serializable` and
            `custom_object_scope`).
        safe_mode: if True (default), refuse to rebuild lambdas, which
            would run stored bytecode.

    Returns:
        The object; a layer or model whose config carries a
        `build_config` comes back built.

    Example:
    >>> layer = multikeras.saving.deserialize_keras_object(
    ...     {"module": "keras.layers", "class_name": "Dense",
    ...      "config": {"units": 4}})
    >>> layer.units
    4
    """
    custom_objects = dict(custom_objects or {})
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        found = get_custom_objects().get(config) or custom_objects.get(config)
        return config if found is None else found
    if isinstance(config, list):
        return [
            deserialize_keras_object(c, custom_objects, safe_mode)
            for c in config
        ]
    if not isinstance(config, dict):
        raise TypeError(
            "deserialize_keras_object expects a dict, list or Python "
            f"value. Received: {config!r} of type {type(config).__name__}"
        )
    if "class_name" not in config or "config" not in config:
        return {
            k: deserialize_keras_object(v, custom_objects, safe_mode)
            for k, v in config.items()
        }
    class_name, inner = config["class_name"], config["config"]
    if class_name == "__tuple__":
        return tuple(
            deserialize_keras_object(v, custom_objects, safe_mode)
            for v in inner["value"]
        )
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("latin-1")
    if class_name == "__lambda__":
        if safe_mode:
            raise ValueError(
                "deserialize_keras_object: the config holds a lambda, whose "
                "stored bytecode would be run. Pass safe_mode=False if you "
                "trust its source."
            )
        code = marshal.loads(base64.b64decode(inner["value"]))
        return types.FunctionType(code, globals())
    with CustomObjectScope({
        **_model_classes(), **_scope_objects(), **custom_objects
    }):
        if class_name == "function":
            return _find_function(config, custom_objects)
        cls = _find_class(config, custom_objects)
        if not hasattr(cls, "from_config"):
            raise TypeError(
                f"deserialize_keras_object: {cls!r} has no from_config()."
            )
        parameters = inspect.signature(cls.from_config).parameters
        if "custom_objects" in parameters:
            obj = cls.from_config(inner, custom_objects=custom_objects)
        else:
            obj = cls.from_config(inner)
        build_config = config.get("build_config")
        if build_config and not getattr(obj, "built", True):
            build_from_config = getattr(obj, "build_from_config", None)
            if callable(build_from_config):
                build_from_config(deserialize_keras_object(
                    build_config, custom_objects, safe_mode))
            elif "input_shape" in build_config:
                obj.build(_as_shape(build_config["input_shape"]))
        return obj


def _model_classes() -> dict[str, Any]:
    """Models nested in a model's config (a Sequential inside a
    Functional) are looked up among layers: make them findable."""
    from multikeras.models.model import Model
    from multikeras.models.sequential import Sequential

    return {"Functional": Model, "Model": Model, "Sequential": Sequential}


def _scope_objects() -> dict[str, Any]:
    from multikeras.saving import registry

    stack = getattr(registry._SCOPES, "stack", None)
    return dict(stack[-1]) if stack else {}


def _as_shape(shape: Any) -> Any:
    """JSON lists back to shape tuples (nested for several inputs)."""
    if isinstance(shape, dict):
        return {k: _as_shape(v) for k, v in shape.items()}
    if isinstance(shape, list) and all(
        s is None or isinstance(s, int) for s in shape
    ):
        return tuple(shape)
    if isinstance(shape, list):
        return [_as_shape(s) for s in shape]
    return shape
