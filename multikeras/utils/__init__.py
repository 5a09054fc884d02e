"""`multikeras.utils`: data helpers, seeding, progress bars."""

from multikeras.backend import clear_session as clear_session
from multikeras.backend import is_keras_tensor as is_keras_tensor
from multikeras.backend import standardize_dtype as standardize_dtype
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
from multikeras.saving.serialization import (
    deserialize_keras_object as deserialize_keras_object,
)
from multikeras.saving.serialization import (
    serialize_keras_object as serialize_keras_object,
)
from multikeras.trainers.data_adapters import (
    pack_x_y_sample_weight as pack_x_y_sample_weight,
)
from multikeras.trainers.data_adapters import (
    unpack_x_y_sample_weight as unpack_x_y_sample_weight,
)
from multikeras.utils.numerical_utils import normalize as normalize
from multikeras.utils.numerical_utils import to_categorical as to_categorical
from multikeras.utils.progbar import Progbar as Progbar
from multikeras.utils.py_dataset import PyDataset as PyDataset
from multikeras.utils.rng_utils import set_random_seed as set_random_seed

# Keras documents `utils.Sequence` as another name of `PyDataset`.
Sequence = PyDataset
