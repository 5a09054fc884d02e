"""Both backends implement the whole contract, with the contract's
signatures; backend selection fails clearly on a bad name; the NumPy backend
runs a model without importing JAX."""

import inspect
import os
import subprocess
import sys
import textwrap

import pytest

from multikeras import backend
from multikeras.backend import interface
from multikeras.testing import jax_available

BACKENDS = ["numpy"] + (["jax"] if jax_available() else [])


def _params(fn):
    return [
        (p.name, p.kind, p.default)
        for p in inspect.signature(fn).parameters.values()
    ]


def test_interface_names_are_unique_and_grouped():
    assert len(interface.NAMES) == len(set(interface.NAMES))
    for name in interface.NAMES:
        assert callable(getattr(interface, name)), name
    # Every group named in DESIGN.md has entries.
    for group in ("core", "numpy", "nn", "random", "autodiff", "control"):
        assert interface.GROUPS.get(group), group


@pytest.mark.parametrize("name", BACKENDS)
def test_backend_implements_every_contract_name(name):
    module = backend.load_backend(name)
    missing = [
        n for n in interface.NAMES if not callable(getattr(module, n, None))
    ]
    assert not missing, f"{name} backend lacks {missing}"


@pytest.mark.parametrize("name", BACKENDS)
def test_backend_signatures_match_the_contract(name):
    module = backend.load_backend(name)
    mismatched = {}
    for fn_name in interface.NAMES:
        expected = _params(getattr(interface, fn_name))
        actual = _params(getattr(module, fn_name))
        if actual != expected:
            mismatched[fn_name] = (actual, expected)
    assert not mismatched, "\n".join(
        f"{n}: got {a}, contract says {e}" for n, (a, e) in mismatched.items()
    )


def test_signature_check_detects_a_difference():
    # The comparison above would catch a renamed or re-defaulted argument.
    def renamed(x, axis=None, keep_dims=False):
        pass

    def redefaulted(x, axis=0, keepdims=False):
        pass

    assert _params(renamed) != _params(interface.sum)
    assert _params(redefaulted) != _params(interface.sum)


def test_load_backend_rejects_unknown_name():
    with pytest.raises(ValueError, match=r"'bogus'.*jax, numpy"):
        backend.load_backend("bogus")


def _run_python(code, backend_name):
    env = dict(os.environ, MULTIKERAS_BACKEND=backend_name)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bogus_backend_env_var_gives_clear_error():
    result = _run_python("import multikeras", "bogus")
    assert result.returncode != 0
    assert "ValueError" in result.stderr
    assert "Unknown multikeras backend 'bogus'" in result.stderr
    assert "jax, numpy" in result.stderr
    assert "MULTIKERAS_BACKEND" in result.stderr


def test_numpy_backend_runs_a_model_without_jax():
    code = """
        import sys

        class _BlockJax:
            # Any import of jax (or of a library that needs it) fails.
            def find_spec(self, fullname, path=None, target=None):
                if fullname.split(".")[0] in ("jax", "jaxlib", "optax"):
                    raise ImportError(f"blocked in this test: {fullname}")
                return None

        sys.meta_path.insert(0, _BlockJax())

        import numpy as np
        import multikeras

        assert multikeras.backend.backend() == "numpy"
        model = multikeras.Sequential(
            [multikeras.Input((3,)), multikeras.layers.Dense(2)]
        )
        x = np.arange(12, dtype="float32").reshape(4, 3)
        y = model.predict(x, verbose=0)
        kernel, bias = model.get_weights()
        np.testing.assert_allclose(y, x @ kernel + bias, rtol=1e-5)
        assert "jax" not in sys.modules, "jax was imported"
        print("OK", y.shape)
    """
    result = _run_python(code, "numpy")
    assert result.returncode == 0, result.stderr
    assert "OK (4, 2)" in result.stdout
