"""Files: the `.keras` archive and the `.weights.h5` weights file.

A `.keras` file is a zip archive, as Keras 3 writes it, holding
- `config.json`: the model's `serialize_keras_object` config, with its
  `compile_config` (the arguments of `compile()`, serialized) when the
  model is compiled and `build_config` when it is built;
- `metadata.json`: `keras_version` (the multikeras version that wrote it)
  and `date_saved`;
- `model.weights.h5`: every variable, layers and optimizer, in the
  `.weights.h5` layout (`h5_weights.py`).

Writes are atomic: the file is written next to its destination under a
temporary name and moved into place with `os.replace`, so a failed save
leaves any previous file as it was. Loads read and check everything before
changing any weight.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from typing import Any

import numpy as np

_CONFIG = "config.json"
_METADATA = "metadata.json"
_WEIGHTS = "model.weights.h5"


def _h5py():
    try:
        import h5py
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise ImportError(
            "Saving and loading weights needs h5py (the HDF5 library of "
            "Keras's file format): pip install h5py"
        ) from error
    return h5py


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(
        f"Cannot write {value!r} of type {type(value).__name__} to JSON."
    )


def check_overwrite(filepath: str, overwrite: bool) -> bool:
    """Whether to write `filepath`: with `overwrite=False` and an existing
    file, asks on the terminal, as Keras does."""
    if overwrite or not os.path.exists(filepath):
        return True
    answer = input(
        f"[WARNING] {filepath} already exists - overwrite? [y/n] "
    ).strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel). ')
        answer = answer.strip().lower()
    return answer == "y"


def atomic_write(filepath: str, write: Callable[[str], None]) -> None:
    """Calls `write(temp_path)` on a temporary file in `filepath`'s
    directory, then moves it over `filepath`; on any error the temporary
    file is removed and `filepath` is untouched."""
    filepath = os.fspath(filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            f"Cannot save to {filepath!r}: the directory {directory!r} does "
            "not exist."
        )
    handle, temp = tempfile.mkstemp(
        dir=directory, prefix=".tmp-", suffix="-" + os.path.basename(filepath)
    )
    os.close(handle)
    try:
        write(temp)
        os.replace(temp, filepath)
    except BaseException:
        if os.path.exists(temp):
            os.remove(temp)
        raise


# ------------------------------------------------------------ weights
def save_weights_file(model: Any, filepath: str) -> None:
    """Writes `model`'s variables to a `.weights.h5` file, atomically."""
    h5py = _h5py()

    def write(path):
        with h5py.File(path, "w") as h5_file:
            from multikeras.saving.h5_weights import write_weights

            write_weights(model, h5_file)

    atomic_write(filepath, write)


def _open_h5(source: Any, description: str):
    h5py = _h5py()
    try:
        return h5py.File(source, "r")
    except OSError as error:
        raise ValueError(
            f"{description} is not a readable HDF5 weights file: {error}"
        ) from error


def load_weights_file(
    model: Any, filepath: str, skip_mismatch: bool = False
) -> None:
    """Loads a `.weights.h5` file into `model` (all or nothing)."""
    from multikeras.saving.h5_weights import read_weights

    with _open_h5(filepath, f"{filepath!r}") as h5_file:
        read_weights(model, h5_file, skip_mismatch=skip_mismatch,
                     source=f"{os.path.basename(filepath)!r}")


# ----------------------------------------------------- .keras archive
def model_config(model: Any) -> dict[str, Any]:
    """The `config.json` content: the model's serialized config with its
    compile config."""
    from multikeras.saving.serialization import serialize_keras_object

    config = serialize_keras_object(model)
    if getattr(model, "compiled", False):
        compile_config = model.get_compile_config()
        if compile_config is not None:
            config["compile_config"] = compile_config
    return config


def save_model_file(model: Any, filepath: str) -> None:
    """Writes the `.keras` zip archive, atomically."""
    h5py = _h5py()
    from multikeras import __version__
    from multikeras.saving.h5_weights import write_weights

    # Everything that can fail on the model runs before the file opens.
    config = json.dumps(model_config(model), default=_json_default)
    metadata = json.dumps({
        "keras_version": __version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    })
    weights = io.BytesIO()
    with h5py.File(weights, "w") as h5_file:
        write_weights(model, h5_file)

    def write(path):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(_METADATA, metadata)
            archive.writestr(_CONFIG, config)
            archive.writestr(_WEIGHTS, weights.getvalue())

    atomic_write(filepath, write)


def _read_archive(filepath: str) -> tuple[dict[str, Any], bytes]:
    if not zipfile.is_zipfile(filepath):
        raise ValueError(
            f"{filepath!r} is not a .keras file: a .keras file is a zip "
            "archive (written by model.save()), and this file is not one."
        )
    with zipfile.ZipFile(filepath, "r") as archive:
        names = set(archive.namelist())
        missing = {_CONFIG, _WEIGHTS} - names
        if missing:
            raise ValueError(
                f"{filepath!r} is not a complete .keras file: it lacks "
                f"{sorted(missing)} (it holds {sorted(names)})."
            )
        try:
            config = json.loads(archive.read(_CONFIG))
        except ValueError as error:
            raise ValueError(
                f"{filepath!r}: config.json is not valid JSON: {error}"
            ) from error
        return config, archive.read(_WEIGHTS)


def load_model_file(
    filepath: str,
    custom_objects: dict[str, Any] | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Rebuilds the model of a `.keras` file, its weights, and (with
    `compile`) its compile settings and optimizer state."""
    from multikeras.saving.h5_weights import read_weights
    from multikeras.saving.registry import CustomObjectScope
    from multikeras.saving.serialization import _scope_objects
    from multikeras.saving.serialization import deserialize_keras_object

    config, weights = _read_archive(filepath)
    compile_config = config.pop("compile_config", None)
    objects = {**_scope_objects(), **(custom_objects or {})}
    with CustomObjectScope(objects):
        model = deserialize_keras_object(config, objects, safe_mode)
        if compile and compile_config is not None:
            model.compile_from_config(compile_config)
    with _open_h5(io.BytesIO(weights), f"{filepath!r}") as h5_file:
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None and not optimizer.built and (
            "optimizer/vars" in h5_file
        ) and len(h5_file["optimizer/vars"]) > len(optimizer.variables):
            # Saved after training: create the slots to restore into.
            optimizer.build(model.trainable_variables)
        read_weights(model, h5_file,
                     source=f"{os.path.basename(filepath)!r}")
    return model
