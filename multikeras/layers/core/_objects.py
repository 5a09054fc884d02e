"""Resolving and serializing the callables layers take as arguments:
regularizers, constraints, and plain Python functions (Lambda)."""

from __future__ import annotations

import base64
import importlib
import marshal
import sys
import types
from typing import Any

from multikeras.api_export import exported_name
from multikeras.api_export import exported_objects
from multikeras.saving.registry import get_custom_objects
from multikeras.saving.registry import serialize_object


def get_callable(kind: str, identifier: Any) -> Any:
    """A regularizer or constraint from a name, a config dict or a callable.

    `kind` is the namespace ("regularizers", "constraints"). Names and
    config dicts are looked up through `multikeras.<kind>.get` when that
    namespace exists; callables pass through unchanged.
    """
    if identifier is None or (
        callable(identifier) and not isinstance(identifier, type)
    ):
        return identifier
    try:
        module = importlib.import_module(f"multikeras.{kind}")
    except ImportError:
        module = None
    if module is not None and hasattr(module, "get"):
        return module.get(identifier)
    raise ValueError(
        f"Could not interpret a {kind[:-1]} from {identifier!r}: expected "
        "a callable on a tensor, or None."
    )


def serialize_callable(obj: Any) -> Any:
    """`serialize_object` for a regularizer/constraint (None stays None)."""
    return serialize_object(obj)


def serialize_function(fn: Any) -> dict[str, Any]:
    """A Python function as a config dict.

    Named functions are stored by module and name. A `lambda` has no name
    to look up, so, as Keras does, its bytecode is stored (marshal, then
    base64) with its defaults and closure values; loading it back runs
    that bytecode, which `deserialize_function` allows only outside safe
    mode.
    """
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        code = base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")
        closure = None
        if fn.__closure__:
            closure = tuple(cell.cell_contents for cell in fn.__closure__)
        return {
            "class_name": "__lambda__",
            "config": {
                "code": code,
                "defaults": fn.__defaults__,
                "closure": closure,
            },
        }
    if not callable(fn):
        raise ValueError(
            "Expected a function to serialize. Received: "
            f"{fn!r} of type {type(fn).__name__}."
        )
    if hasattr(fn, "get_config"):
        return serialize_object(fn)
    name = exported_name(fn)
    module, short = (
        name.rsplit(".", 1) if name else (fn.__module__, fn.__name__)
    )
    return {
        "module": module,
        "class_name": "function",
        "config": short,
        "registered_name": short,
    }


def _cell(value):
    return (lambda: value).__closure__[0]


def deserialize_function(
    config: Any,
    custom_objects: dict[str, Any] | None = None,
    safe_mode: bool = True,
    owner: str = "Lambda",
) -> Any:
    """Inverse of `serialize_function`.

    Named functions are found in `custom_objects`, the registered custom
    objects, multikeras's public names, or an already imported module (no
    module is imported). A serialized `lambda` is rejected in safe mode.
    """
    if callable(config):
        return config
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"{owner}: cannot deserialize a function from {config!r}: "
            "expected a dict with 'class_name' and 'config'."
        )
    if config["class_name"] == "__lambda__":
        if safe_mode:
            raise ValueError(
                f"{owner}: the config holds a Python lambda, stored as "
                "bytecode. Loading it runs that code, so it is refused in "
                "safe mode. If you trust the source, pass safe_mode=False."
            )
        inner = config["config"]
        code = marshal.loads(base64.b64decode(inner["code"]))
        closure = inner.get("closure")
        defaults = inner.get("defaults")
        # The names a lambda in a Keras model usually refers to.
        import multikeras

        scope = {
            "__builtins__": __builtins__,
            "keras": multikeras,
            "ops": multikeras.ops,
        }
        return types.FunctionType(
            code,
            scope,
            closure=tuple(_cell(v) for v in closure) if closure else None,
            argdefs=tuple(defaults) if defaults else None,
        )
    if config["class_name"] != "function":
        from multikeras.layers import deserialize

        return deserialize(config, custom_objects=custom_objects)
    name = config["config"]
    module = config.get("module")
    for table in (custom_objects or {}, get_custom_objects()):
        if name in table:
            return table[name]
    found = exported_objects().get(f"{module}.{name}")
    if found is None and module in sys.modules:
        found = getattr(sys.modules[module], name, None)
    if found is None:
        raise ValueError(
            f"{owner}: could not find the function {name!r} (module "
            f"{module!r}). Pass it in `custom_objects`, register it with "
            "@multikeras.saving.register_keras_serializable(), or import "
            "its module first."
        )
    return found
