"""The public saving functions: `save_model`, `load_model`, `save_weights`,
`load_weights`, `model_from_json` (Keras 3's names and arguments)."""

from __future__ import annotations

import json
import os
import zipfile
from typing import Any

from multikeras.api_export import export
from multikeras.saving import saving_lib


def _path(filepath: Any, what: str) -> str:
    if not isinstance(filepath, (str, os.PathLike)):
        raise TypeError(
            f"{what}: `filepath` must be a str or os.PathLike. Received: "
            f"{filepath!r} of type {type(filepath).__name__}"
        )
    return os.fspath(filepath)


def _no_kwargs(kwargs: dict[str, Any], what: str) -> None:
    if kwargs:
        raise ValueError(
            f"{what}: unexpected keyword arguments {sorted(kwargs)}."
        )


def _check_model(model: Any, what: str) -> None:
    from multikeras.models.model import Model

    if not isinstance(model, Model):
        raise TypeError(
            f"{what} expects a multikeras Model. Received: {model!r} of "
            f"type {type(model).__name__}"
        )


@export("multikeras.saving.save_model", "multikeras.models.save_model")
def save_model(
    model: Any,
    filepath: str | os.PathLike[str],
    overwrite: bool = True,
    zipped: bool | None = None,
    **kwargs: Any,
) -> None:
    """Saves a model as a `.keras` file: its config, its weights, and
    when compiled its compile settings and optimizer state.

    The write is atomic: a failed save leaves an existing file unchanged.

    Args:
        model: the model.
        filepath: the destination; must end in `.keras`.
        overwrite: whether to replace an existing file silently; if False,
            asks on the terminal.
        zipped: must be True or None (a `.keras` zip archive).

    Example:
    >>> import os, tempfile
    >>> model = multikeras.Sequential([multikeras.Input((3,)),
    ...                                multikeras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> multikeras.saving.save_model(model, path)
    >>> restored = multikeras.saving.load_model(path)
    >>> bool(np.all(restored.get_weights()[0] == model.get_weights()[0]))
    True
    """
    _check_model(model, "save_model")
    filepath = _path(filepath, "save_model")
    _no_kwargs(kwargs, "save_model")
    if zipped is False:
        raise ValueError(
            "save_model: multikeras writes .keras files as zip archives "
            "only. Received: zipped=False"
        )
    if not filepath.endswith(".keras"):
        hint = ""
        if filepath.endswith((".h5", ".hdf5")):
            hint = (
                " The legacy HDF5 model format is not supported; to save "
                "only the weights use model.save_weights(path) with a path "
                "ending in .weights.h5."
            )
        raise ValueError(
            "save_model: the file name must end in `.keras`. Received: "
            f"filepath={filepath!r}.{hint}"
        )
    if not saving_lib.check_overwrite(filepath, overwrite):
        return
    saving_lib.save_model_file(model, filepath)


@export("multikeras.saving.load_model", "multikeras.models.load_model")
def load_model(
    filepath: str | os.PathLike[str],
    custom_objects: dict[str, Any] | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Loads a model saved with `model.save()` / `save_model`.

    Args:
        filepath: a `.keras` file.
        custom_objects: `{name: class or function}` for custom layers,
            losses, metrics... (also found through
            `register_keras_serializable` and `custom_object_scope`).
        compile: whether to compile the model as it was saved, with its
            optimizer state (True by default).
        safe_mode: if True, refuse to load lambdas (stored bytecode).

    Returns:
        The model, with its weights.
    """
    filepath = _path(filepath, "load_model")
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath!r}.")
    if filepath.endswith(".weights.h5"):
        raise ValueError(
            f"load_model: {filepath!r} is a weights file, which holds no "
            "model config. Build the model and call "
            "model.load_weights(filepath) instead."
        )
    if filepath.endswith((".h5", ".hdf5")):
        raise ValueError(
            f"load_model: {filepath!r} is a legacy HDF5 model file, which "
            "multikeras does not read. Save the model as a .keras file."
        )
    if not (filepath.endswith(".keras") or zipfile.is_zipfile(filepath)):
        raise ValueError(
            "load_model: the file must be a `.keras` file. Received: "
            f"filepath={filepath!r}"
        )
    return saving_lib.load_model_file(
        filepath, custom_objects=custom_objects, compile=compile,
        safe_mode=safe_mode,
    )


@export("multikeras.saving.save_weights")
def save_weights(
    model: Any,
    filepath: str | os.PathLike[str],
    overwrite: bool = True,
    max_shard_size: float | None = None,
    **kwargs: Any,
) -> None:
    """Saves the model's variables (layers, and the optimizer's when the
    model is compiled) to a `.weights.h5` file, in Keras 3's layout.

    Args:
        model: the model.
        filepath: the destination; must end in `.weights.h5`.
        overwrite: whether to replace an existing file silently; if False,
            asks on the terminal.
        max_shard_size: must be None: multikeras writes one file.
    """
    _check_model(model, "save_weights")
    filepath = _path(filepath, "save_weights")
    _no_kwargs(kwargs, "save_weights")
    if max_shard_size is not None:
        raise ValueError(
            "save_weights: multikeras writes weights to a single file; "
            f"sharding is not available. Received: max_shard_size="
            f"{max_shard_size!r}. Pass max_shard_size=None."
        )
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            "save_weights: the file name must end in `.weights.h5`. "
            f"Received: filepath={filepath!r}"
        )
    if not saving_lib.check_overwrite(filepath, overwrite):
        return
    saving_lib.save_weights_file(model, filepath)


@export("multikeras.saving.load_weights")
def load_weights(
    model: Any,
    filepath: str | os.PathLike[str],
    skip_mismatch: bool = False,
    **kwargs: Any,
) -> None:
    """Loads weights saved by `save_weights` (or the weights inside a
    `.keras` file) into `model`.

    Variables are matched by their layer's path in the model (see
    `save_weights`), not by layer name. Every value is checked before any
    is assigned: a missing or extra layer or a shape mismatch raises a
    `ValueError` and the model keeps its weights.

    Args:
        model: the model, built.
        filepath: a `.weights.h5` or `.keras` file.
        skip_mismatch: skip (with a warning) layers whose variables do not
            match, instead of raising.
    """
    _check_model(model, "load_weights")
    filepath = _path(filepath, "load_weights")
    _no_kwargs(kwargs, "load_weights")
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath!r}.")
    if not model.built:
        raise ValueError(
            f"load_weights: model {model.name!r} is not built, so it has no "
            "variables to load into. Call it on data, or build it, first."
        )
    if filepath.endswith(".keras"):
        import io

        from multikeras.saving.h5_weights import read_weights

        _, weights = saving_lib._read_archive(filepath)
        with saving_lib._open_h5(io.BytesIO(weights), repr(filepath)) as f:
            read_weights(model, f, skip_mismatch=skip_mismatch,
                         source=repr(os.path.basename(filepath)))
        return
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            "load_weights: the file name must end in `.weights.h5` or "
            f"`.keras`. Received: filepath={filepath!r}"
        )
    saving_lib.load_weights_file(model, filepath, skip_mismatch)


@export("multikeras.models.model_from_json")
def model_from_json(
    json_string: str, custom_objects: dict[str, Any] | None = None
) -> Any:
    """A new, unweighted model from `model.to_json()`'s string.

    Example:
    >>> model = multikeras.Sequential([multikeras.Input((3,)),
    ...                                multikeras.layers.Dense(2)])
    >>> clone = multikeras.models.model_from_json(model.to_json())
    >>> clone.output_shape
    (None, 2)
    """
    from multikeras.saving.serialization import deserialize_keras_object

    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"model_from_json: not a JSON string: {error}"
        ) from error
    return deserialize_keras_object(config, custom_objects=custom_objects)
