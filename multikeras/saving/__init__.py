"""`multikeras.saving`: `.keras` and `.weights.h5` files, and the registry
of custom objects used to rebuild objects from their configs."""

from multikeras.saving.registry import CustomObjectScope as CustomObjectScope
from multikeras.saving.registry import (
    custom_object_scope as custom_object_scope,
)
from multikeras.saving.registry import get_custom_objects as get_custom_objects
from multikeras.saving.registry import (
    get_registered_name as get_registered_name,
)
from multikeras.saving.registry import (
    get_registered_object as get_registered_object,
)
from multikeras.saving.registry import (
    register_keras_serializable as register_keras_serializable,
)
from multikeras.saving.saving_api import load_model as load_model
from multikeras.saving.saving_api import load_weights as load_weights
from multikeras.saving.saving_api import save_model as save_model
from multikeras.saving.saving_api import save_weights as save_weights
from multikeras.saving.serialization import (
    deserialize_keras_object as deserialize_keras_object,
)
from multikeras.saving.serialization import (
    serialize_keras_object as serialize_keras_object,
)
