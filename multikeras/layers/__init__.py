"""`multikeras.layers`: the Layer base class and the layer families."""

from multikeras.layers.core.activation import Activation as Activation
from multikeras.layers.core.dense import Dense as Dense
from multikeras.layers.core.input_layer import Input as Input
from multikeras.layers.core.input_layer import InputLayer as InputLayer
from multikeras.layers.input_spec import InputSpec as InputSpec
from multikeras.layers.layer import Layer as Layer
from multikeras.layers.regularization.dropout import Dropout as Dropout
from multikeras.layers.reshaping.flatten import Flatten as Flatten


def serialize(layer):
    """`{"module", "class_name", "config"}` for a layer."""
    from multikeras.saving.registry import serialize_object

    return serialize_object(layer)


def deserialize(config, custom_objects=None):
    """A layer from `serialize`'s output (custom classes via
    `custom_objects` or `register_keras_serializable`)."""
    from multikeras.api_export import exported_objects
    from multikeras.saving.registry import get_custom_objects

    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or exported_objects().get(
        f"multikeras.layers.{name}"
    ) or get_custom_objects().get(name)
    if cls is None:
        raise ValueError(
            f"Unknown layer class {name!r}. Pass it in `custom_objects` or "
            "decorate it with @multikeras.saving.register_keras_serializable()."
        )
    return cls.from_config(config.get("config", {}))
