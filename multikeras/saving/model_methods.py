"""The saving methods of `Model`: `save`, `save_weights`, `load_weights`,
`to_json`, and the compile and build configs a saved model carries."""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

from multikeras.backend.common import tree
from multikeras.typing import Config


def _map_shapes(fn: Any, shapes: Any) -> Any:
    if isinstance(shapes, dict):
        return {k: _map_shapes(fn, v) for k, v in shapes.items()}
    if isinstance(shapes, list) or (
        isinstance(shapes, tuple)
        and not all(s is None or isinstance(s, int) for s in shapes)
    ):
        return type(shapes)(_map_shapes(fn, s) for s in shapes)
    return fn(shapes)


class SavingMethods:
    """Mixed into `Model`: writing and reading files, and the configs that
    let `load_model` rebuild, build and compile a model."""

    name: str
    built: bool
    compiled: bool
    _compile_config: Config | None = None
    _build_input_shape: Any = None

    # ------------------------------------------------------------ files
    def save(
        self,
        filepath: str | os.PathLike[str],
        overwrite: bool = True,
        zipped: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Saves the model to a `.keras` file (config, weights, and when
        compiled the compile settings and optimizer state).

        See `multikeras.saving.save_model`; load it back with
        `multikeras.models.load_model`. The write is atomic.

        Args:
            filepath: the destination, ending in `.keras`.
            overwrite: whether to replace an existing file silently; if
                False, asks on the terminal.
            zipped: True or None (a zip archive, Keras's format).
        """
        from multikeras.saving.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped,
                   **kwargs)

    def save_weights(
        self,
        filepath: str | os.PathLike[str],
        overwrite: bool = True,
        max_shard_size: float | None = None,
    ) -> None:
        """Saves every variable to a `.weights.h5` file in Keras 3's layout
        (per-layer groups `layers/<name>/vars/0, 1, ...`, and the
        optimizer's under `optimizer/vars` when compiled). Atomic.

        Args:
            filepath: the destination, ending in `.weights.h5`.
            overwrite: whether to replace an existing file silently; if
                False, asks on the terminal.
            max_shard_size: must be None (one file).
        """
        from multikeras.saving.saving_api import save_weights

        save_weights(self, filepath, overwrite=overwrite,
                     max_shard_size=max_shard_size)

    def load_weights(
        self,
        filepath: str | os.PathLike[str],
        skip_mismatch: bool = False,
        **kwargs: Any,
    ) -> None:
        """Loads weights from a `.weights.h5` or `.keras` file.

        Variables are matched by their layer's position in the model, as
        Keras does. All values are checked before any is assigned: a
        missing layer or a shape mismatch raises a `ValueError` and leaves
        the weights as they were.

        Args:
            filepath: a `.weights.h5` or `.keras` file.
            skip_mismatch: skip mismatching layers with a warning instead
                of raising.
        """
        from multikeras.saving.saving_api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs: Any) -> str:
        """The model's config as a JSON string (no weights); rebuild it
        with `multikeras.models.model_from_json`. `kwargs` go to
        `json.dumps`."""
        from multikeras.saving.saving_lib import _json_default
        from multikeras.saving.serialization import serialize_keras_object

        return json.dumps(serialize_keras_object(self),
                          default=_json_default, **kwargs)

    # ---------------------------------------------------------- configs
    def _record_compile_config(self, **arguments: Any) -> None:
        self._compile_config = dict(arguments)

    def get_compile_config(self) -> Config | None:
        """The arguments of `compile()`, serialized (None if the model is
        not compiled). `compile_from_config` takes it back."""
        from multikeras.saving.serialization import serialize_keras_object

        if not self.compiled or self._compile_config is None:
            return None
        try:
            return {
                key: serialize_keras_object(value)
                for key, value in self._compile_config.items()
            }
        except (TypeError, NotImplementedError) as error:
            warnings.warn(
                f"Model {self.name!r}: the arguments of compile() cannot be "
                f"serialized ({error}); the model is saved uncompiled. "
                "Compile it again after loading.",
                stacklevel=3,
            )
            return None

    def compile_from_config(self, config: Config) -> None:
        """Compiles the model with `get_compile_config()`'s output."""
        from multikeras.saving.serialization import deserialize_keras_object

        arguments = {
            key: deserialize_keras_object(value)
            for key, value in config.items()
        }
        self.compile(**arguments)  # type: ignore[attr-defined]

    def _record_build_shape(self, input_shape: Any) -> None:
        if input_shape is not None:
            self._build_input_shape = _map_shapes(
                lambda s: (None, *s[1:]) if isinstance(s, tuple) and s
                else s,
                input_shape,
            )

    def _maybe_build(self, args: Any) -> None:
        if not self.built and args:
            self._record_build_shape(tree.map_structure(
                lambda x: tuple(x.shape) if hasattr(x, "shape") else None,
                args[0],
            ))
        super()._maybe_build(args)  # type: ignore[misc]

    def get_build_config(self) -> Config | None:
        """`{"input_shape": ...}` for a built model whose input shape is
        known; `build_from_config` builds an equal model from it."""
        if not self.built:
            return None
        shape = getattr(self, "input_shape", None)
        if shape is None:
            shape = self._build_input_shape
        return None if shape is None else {"input_shape": shape}

    def build_from_config(self, config: Config) -> None:
        """Builds the model from `get_build_config()`'s output."""
        from multikeras.saving.serialization import _as_shape

        shape = config.get("input_shape")
        if shape is not None:
            self.build(_as_shape(shape))  # type: ignore[attr-defined]
