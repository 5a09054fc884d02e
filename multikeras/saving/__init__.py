"""`multikeras.saving`: object registry (files come in a later issue)."""

from multikeras.saving.registry import get_custom_objects as get_custom_objects
from multikeras.saving.registry import (
    register_keras_serializable as register_keras_serializable,
)
