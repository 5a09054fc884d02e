"""The backend: selection, the contract's implementations, shared state.

`active` is the backend module chosen once at import (see
`multikeras.backend.config`); everything above this package calls tensor
math through it. `load_backend(name)` builds either backend on demand, so
tests can run both side by side.
"""

import importlib

from multikeras.api_export import export
from multikeras.backend import interface
from multikeras.backend.config import backend as backend
from multikeras.backend.config import epsilon as epsilon
from multikeras.backend.config import floatx as floatx
from multikeras.backend.config import image_data_format as image_data_format
from multikeras.backend.config import set_epsilon as set_epsilon
from multikeras.backend.config import set_floatx as set_floatx
from multikeras.backend.config import (
    set_image_data_format as set_image_data_format,
)
from multikeras.backend.config import validate_backend_name


def load_backend(name):
    """Imports backend `name` and checks that it implements the contract."""
    validate_backend_name(name)
    module = importlib.import_module(f"multikeras.backend.{name}")
    missing = [n for n in interface.NAMES if not hasattr(module, n)]
    if missing:
        raise ImportError(
            f"The {name} backend does not implement: {', '.join(missing)}"
        )
    return module


active = load_backend(backend())

from multikeras.backend.common.dtypes import is_float_dtype as is_float_dtype  # noqa: E402
from multikeras.backend.common.dtypes import is_int_dtype as is_int_dtype  # noqa: E402
from multikeras.backend.common.dtypes import result_type as result_type  # noqa: E402
from multikeras.backend.common.dtypes import (  # noqa: E402
    standardize_dtype as standardize_dtype,
)
from multikeras.backend.common.scopes import StatelessScope as StatelessScope  # noqa: E402
from multikeras.backend.common.scopes import SymbolicScope as SymbolicScope  # noqa: E402
from multikeras.backend.common.scopes import name_scope as name_scope  # noqa: E402
from multikeras.backend.common.symbolic import KerasTensor as KerasTensor  # noqa: E402
from multikeras.backend.common.symbolic import (  # noqa: E402
    is_keras_tensor as is_keras_tensor,
)
from multikeras.backend.common.variables import Variable as Variable  # noqa: E402

_UIDS: dict[str, int] = {}


@export("multikeras.backend.get_uid")
def get_uid(prefix=""):
    """A per-prefix counter: 1 on the first call for a prefix, then 2, ..."""
    _UIDS[prefix] = _UIDS.get(prefix, 0) + 1
    return _UIDS[prefix]


def reset_uids():
    _UIDS.clear()


@export(
    "multikeras.backend.clear_session",
    "multikeras.utils.clear_session",
)
def clear_session(free_memory=True):
    """Resets the name counters, so new layers are named `dense`, ..."""
    reset_uids()
    if free_memory:
        import gc

        gc.collect()
