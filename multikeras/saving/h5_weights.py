"""Reading and writing model state in Keras 3's `.weights.h5` layout.

Keras addresses each object that owns state by where it sits in the model,
not by its (auto-generated) name, so that two builds of the same model
share paths. The layout, as Keras 3 writes it:

- the object at path `P` writes its own variables as datasets `P/vars/0`,
  `P/vars/1`, ... (the top-level model at `vars/...`), and the group
  `P/vars` carries the attribute `name` (the object's name);
- a layer's own variables are its trainable ones, then its non-trainable
  ones, in creation order (not those of its sublayers, which have their own
  paths); an optimizer's are `optimizer.variables`;
- children: a Sequential or Functional model's `layers` first, under
  `layers/`; then every attribute holding a layer or an optimizer, sorted
  by name with private (`_x`) names last, under `P/<attribute>`;
- a list or dict of objects is a container: its members are named after
  their class in snake case, numbered in order (`dense`, `dense_1`), and
  nested containers `container`, `container_1`;
- an object reached twice (a shared layer) is written once, at its first
  path.

Loading walks the model the same way, checks every value first (count,
shape, dtype) and assigns only when all of them fit, so a failed load
changes nothing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from multikeras import backend
from multikeras.backend.common.variables import Variable

# Attributes of our Layer/Model that hold internal bookkeeping, not
# children (Keras skips its base classes' attributes the same way).
_SKIPPED_ATTRIBUTES = frozenset({
    "_layers", "_own_variables", "_seed_generators", "_losses", "_graph",
    "_input_layer", "_symbolic_outputs", "_trainer", "_compile_loss",
    "_compile_metrics", "_loss_tracker", "_losses_override",
    "_trainable_variables", "_variables", "_compile_config",
})


def snake_case(name: str) -> str:
    """A class name as Keras names containers' members (`Conv2D` ->
    `conv2d`, `BatchNormalization` -> `batch_normalization`)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _is_saveable(obj: Any) -> bool:
    from multikeras.layers.layer import Layer
    from multikeras.optimizers.optimizer import Optimizer

    return isinstance(obj, (Layer, Optimizer))


def _is_graph_model(obj: Any) -> bool:
    from multikeras.models.model import Model
    from multikeras.models.sequential import Sequential

    return isinstance(obj, Sequential) or (
        isinstance(obj, Model) and obj._graph is not None
    )


def own_variables(obj: Any) -> list[Variable]:
    """The variables `obj` itself stores (not its sublayers')."""
    from multikeras.layers.layer import Layer

    if isinstance(obj, Layer):
        # Keras's order: the variables trainable when created, then the
        # rest; a variable frozen later (LoRA's kernel) keeps its place.
        return list(obj._own_variables)
    return list(obj.variables)


def _children(obj: Any) -> Iterator[tuple[str, Any]]:
    if _is_graph_model(obj):
        yield "layers", obj.layers
    names = sorted(vars(obj), key=lambda n: "~" + n if n[0] == "_" else n)
    for name in names:
        if name.startswith("__") or name in _SKIPPED_ATTRIBUTES:
            continue
        yield name, vars(obj)[name]


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def saveable_paths(model: Any) -> list[tuple[str, Any]]:
    """`(path, object)` for every layer and optimizer of `model`, in the
    order Keras visits them (see the module docstring)."""
    out: list[tuple[str, Any]] = []
    seen: set[int] = set()

    def visit(obj, path):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        out.append((path, obj))
        for name, child in _children(obj):
            visit_value(child, _join(path, name))

    def visit_value(value, path):
        if _is_saveable(value):
            visit(value, path)
        elif isinstance(value, (list, tuple, dict)):
            visit_container(value, path)

    def visit_container(container, path):
        if id(container) in seen:
            return
        seen.add(id(container))
        items = container.values() if isinstance(container, dict) else (
            container
        )
        used: dict[str, int] = {}
        for item in items:
            if _is_saveable(item):
                base = snake_case(type(item).__name__)
            elif isinstance(item, (list, tuple, dict)):
                base = "container"
            else:
                continue
            count = used.get(base, -1) + 1
            used[base] = count
            name = base if count == 0 else f"{base}_{count}"
            visit_value(item, _join(path, name))

    visit(model, "")
    return out


def _vars_path(path: str) -> str:
    return _join(path, "vars")


def write_weights(model: Any, h5_file: Any) -> None:
    """Writes every variable of `model` (and its optimizers) into the open
    `h5py.File`, in Keras's layout."""
    for path, obj in saveable_paths(model):
        group = h5_file.create_group(_vars_path(path))
        group.attrs["name"] = obj.name
        for index, variable in enumerate(own_variables(obj)):
            value = np.asarray(variable.numpy())
            if backend.standardize_dtype(value.dtype) == "bfloat16":
                # HDF5 has no bfloat16: store the bits, and say so, as
                # Keras does.
                dataset = group.create_dataset(
                    str(index), data=value.view(np.uint16)
                )
                dataset.attrs["dtype"] = "bfloat16"
            else:
                group.create_dataset(str(index), data=value)


def _read_dataset(dataset: Any) -> np.ndarray:
    value = np.asarray(dataset[()])
    if dataset.attrs.get("dtype") == "bfloat16":
        import ml_dtypes

        value = value.view(ml_dtypes.bfloat16)
    return value


def _describe(path: str, obj: Any) -> str:
    kind = "optimizer" if not hasattr(obj, "_own_variables") else "layer"
    where = f"at path {path!r}" if path else "at the top level"
    return f"{kind} {obj.name!r} ({type(obj).__name__}, {where})"


def _stored_groups(h5_file: Any) -> dict[str, Any]:
    """Every `.../vars` group in the file that holds datasets."""
    found: dict[str, Any] = {}

    def visit(name, item):
        if name.split("/")[-1] == "vars" and hasattr(item, "keys") and (
            len(item.keys())
        ):
            found[name] = item

    h5_file.visititems(visit)
    return found


def read_weights(
    model: Any,
    h5_file: Any,
    skip_mismatch: bool = False,
    source: str = "the weights file",
) -> None:
    """Loads every variable of `model` from the open `h5py.File`.

    Everything is read and checked before anything is assigned: a missing
    or extra entry, a wrong number of variables or a wrong shape raises a
    `ValueError` naming the layer and its path, and the model keeps its
    weights. With `skip_mismatch`, objects that do not fit are skipped
    with a warning instead. Optimizer state that does not fit (an optimizer
    not built yet, or of another kind) is skipped with a warning, as in
    Keras; it is never required.
    """
    from multikeras.optimizers.optimizer import Optimizer

    stored = _stored_groups(h5_file)
    used: set[str] = set()
    updates: list[tuple[Variable, Any]] = []
    errors: list[str] = []
    for path, obj in saveable_paths(model):
        variables = own_variables(obj)
        key = _vars_path(path)
        group = h5_file.get(key)
        names = sorted(group.keys(), key=int) if group is not None else []
        used.add(key)
        problem = None
        if len(names) != len(variables):
            problem = (
                f"{_describe(path, obj)} has {len(variables)} variables, "
                f"but {source} stores {len(names)} for it at {key!r}"
            )
            if not variables and hasattr(obj, "built") and not obj.built:
                problem += (
                    ". The layer is not built: call the model on data or "
                    "build it before loading weights"
                )
        else:
            values = []
            for variable, name in zip(variables, names):
                value = _read_dataset(group[name])
                if tuple(value.shape) != tuple(variable.shape):
                    problem = (
                        f"{_describe(path, obj)}: variable "
                        f"{variable.path!r} has shape {variable.shape}, but "
                        f"{source} stores shape {tuple(value.shape)} at "
                        f"'{key}/{name}'"
                    )
                    break
                values.append((variable, value))
        if problem is None:
            updates += values
        elif isinstance(obj, Optimizer):
            warnings.warn(
                f"Skipping the state of optimizer {obj.name!r}: {problem}. "
                "(Build the optimizer, e.g. by loading with load_model or "
                "after one fit step, to restore it.)",
                stacklevel=3,
            )
        elif skip_mismatch:
            warnings.warn(f"Skipping {problem}.", stacklevel=3)
        else:
            errors.append(problem)
    extra = sorted(
        key for key in stored
        if key not in used and not key.startswith("optimizer/")
    )
    if extra and not skip_mismatch:
        errors.append(
            f"{source} stores variables at {extra} that match no layer of "
            f"model {model.name!r} (a layer missing from the model?)"
        )
    if errors:
        raise ValueError(
            f"Could not load the weights of model {model.name!r}; no "
            "weight was changed.\n- " + "\n- ".join(errors)
        )
    # Convert everything first: a dtype that cannot be cast fails here,
    # before any variable changes.
    converted = []
    for variable, value in updates:
        try:
            converted.append((variable, backend.active.convert_to_tensor(
                value, dtype=variable.dtype)))
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"Could not load the weights of model {model.name!r}; no "
                f"weight was changed: the value for {variable.path!r} "
                f"(dtype {value.dtype}) cannot be converted to "
                f"{variable.dtype}: {error}"
            ) from error
    for variable, value in converted:
        variable.assign(value)
