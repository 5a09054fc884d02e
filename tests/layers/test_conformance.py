"""The layer conformance table: every exported layer class is a row (or
several) of `run_layer_test`, in the test module of its family.

Each `tests/layers/**/test_*.py` module lists its rows in `CONFORMANCE`, a list
of `(layer_cls, run_layer_test keyword arguments)`; this module runs them all
and checks that no exported layer is missing.
"""

import importlib.util
import inspect
import pathlib
import sys

import pytest

from multikeras import layers
from multikeras.testing import run_layer_test

HERE = pathlib.Path(__file__).parent

# Not layers one instantiates on a tensor: the base class, the input
# placeholder, and abstract bases whose subclasses are rows.
NOT_ROWS = {"Layer", "InputLayer", "InputSpec"}


def _load(path):
    # Test modules are imported by file name (pytest's prepend mode), so
    # a module may already be loaded under its stem.
    if path.stem in sys.modules:
        return sys.modules[path.stem]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    # As pytest's prepend mode: the module's folder is importable, for
    # helper modules beside it.
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def _rows():
    rows = []
    for path in sorted(HERE.rglob("test_*.py")):
        # Keras parity modules skip themselves at import without keras;
        # they hold no rows.
        if path.stem == "test_conformance" or path.stem.startswith(
            "test_keras_parity"
        ):
            continue
        module = _load(path)
        for i, (cls, kwargs) in enumerate(getattr(module, "CONFORMANCE", ())):
            row_id = f"{cls.__name__}-{path.stem}-{i}"
            rows.append(pytest.param(cls, kwargs, id=row_id))
    return rows


ROWS = _rows()


@pytest.mark.parametrize(("layer_cls", "kwargs"), ROWS)
def test_layer_conformance(layer_cls, kwargs):
    run_layer_test(layer_cls, **kwargs)


def test_every_exported_layer_is_a_row():
    exported = {
        name for name, obj in vars(layers).items()
        if inspect.isclass(obj) and issubclass(obj, layers.Layer)
    } - NOT_ROWS  # fmt: skip
    covered = {row.values[0].__name__ for row in ROWS}
    # Aliases (Convolution2D = Conv2D, ...) are covered by their class.
    covered_objects = {row.values[0] for row in ROWS}
    missing = sorted(
        n for n in exported - covered
        if getattr(layers, n) not in covered_objects
    )
    assert not missing, f"layers without a conformance row: {missing}"
