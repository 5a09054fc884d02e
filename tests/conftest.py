"""The suite runs under the backend named by MULTIKERAS_BACKEND.

Tests marked `jax_only` (they need gradients) are skipped on NumPy; every
test starts with fresh layer names and a fixed seed.
"""

import pytest

import multikeras
from multikeras import backend

BACKEND = backend.backend()


def pytest_report_header(config):
    return f"multikeras backend: {BACKEND}"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs the JAX backend (gradients)")
    for item in items:
        if "jax_only" in item.keywords and BACKEND != "jax":
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_state():
    backend.clear_session(free_memory=False)
    multikeras.utils.set_random_seed(1337)
    yield
