"""Global configuration, read once: backend name, floatx, epsilon, image format.

Order of precedence for the backend: the `MULTIKERAS_BACKEND` environment
variable, then `~/.multikeras/multikeras.json` if it exists (it is read, never
written), then the default: `jax` when it can be imported, else `numpy`.
"""

import importlib.util
import json
import os

from multikeras.api_export import export

VALID_BACKENDS = ("jax", "numpy")
_CONFIG_PATH = os.path.join(
    os.path.expanduser(os.environ.get("MULTIKERAS_HOME", "~/.multikeras")),
    "multikeras.json",
)


def _read_config_file():
    try:
        with open(_CONFIG_PATH) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


_FILE_CONFIG = _read_config_file()
_FLOATX = _FILE_CONFIG.get("floatx", "float32")
_EPSILON = float(_FILE_CONFIG.get("epsilon", 1e-7))
_IMAGE_DATA_FORMAT = _FILE_CONFIG.get("image_data_format", "channels_last")


def validate_backend_name(name):
    if name not in VALID_BACKENDS:
        raise ValueError(
            f"Unknown multikeras backend {name!r}. Valid backends are "
            f"{', '.join(VALID_BACKENDS)}; set MULTIKERAS_BACKEND to one of "
            "them."
        )
    return name


def _select_backend():
    name = os.environ.get("MULTIKERAS_BACKEND") or _FILE_CONFIG.get("backend")
    if name:
        return validate_backend_name(name.strip().lower())
    return "jax" if importlib.util.find_spec("jax") is not None else "numpy"


_BACKEND = _select_backend()


@export("multikeras.backend.backend", "multikeras.config.backend")
def backend():
    """Name of the active backend: `"jax"` or `"numpy"`."""
    return _BACKEND


@export("multikeras.backend.floatx", "multikeras.config.floatx")
def floatx():
    """Default float dtype, as a string (`"float32"` unless configured)."""
    return _FLOATX


@export("multikeras.backend.set_floatx", "multikeras.config.set_floatx")
def set_floatx(value):
    """Sets the default float dtype (`float16`, `bfloat16`, `float32`, ...)."""
    global _FLOATX
    accepted = ("bfloat16", "float16", "float32", "float64")
    value = str(value)
    if value not in accepted:
        raise ValueError(
            f"Unknown floatx type {value!r}; expected one of {accepted}."
        )
    _FLOATX = value


@export("multikeras.backend.epsilon", "multikeras.config.epsilon")
def epsilon():
    """The fuzz factor used in numeric expressions (default `1e-7`)."""
    return _EPSILON


@export("multikeras.backend.set_epsilon", "multikeras.config.set_epsilon")
def set_epsilon(value):
    """Sets the fuzz factor used in numeric expressions."""
    global _EPSILON
    _EPSILON = float(value)


@export(
    "multikeras.backend.image_data_format",
    "multikeras.config.image_data_format",
)
def image_data_format():
    """`"channels_last"` (default) or `"channels_first"`."""
    return _IMAGE_DATA_FORMAT


@export(
    "multikeras.backend.set_image_data_format",
    "multikeras.config.set_image_data_format",
)
def set_image_data_format(data_format):
    """Sets the default image data format."""
    global _IMAGE_DATA_FORMAT
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The image data format must be 'channels_first' or "
            f"'channels_last'. Received: data_format={data_format!r}"
        )
    _IMAGE_DATA_FORMAT = data_format


def standardize_data_format(data_format):
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "`data_format` must be 'channels_first' or 'channels_last'. "
            f"Received: data_format={data_format!r}"
        )
    return data_format
