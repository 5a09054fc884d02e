"""The examples run, and the main one reaches its stated accuracy."""

import importlib.util
import pathlib

import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.jax_only
def test_mlp_classifier_reaches_its_target(capsys):
    example = _load("mlp_classifier")
    status = example.main(["--epochs", "30", "--verbose", "0"])
    out = capsys.readouterr().out
    assert "test accuracy" in out
    assert status == 0, out


def test_mlp_classifier_explains_numpy_backend(capsys):
    example = _load("mlp_classifier")
    from multikeras import backend

    if backend.backend() != "numpy":
        pytest.skip("checks the NumPy backend's message")
    assert example.main(["--epochs", "1", "--verbose", "0"]) == 1
    assert "MULTIKERAS_BACKEND=jax" in capsys.readouterr().out
