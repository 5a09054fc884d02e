"""`multikeras.layers`: the Layer base class and the layer families."""

from multikeras.layers.activations.elu import ELU as ELU
from multikeras.layers.activations.elu import LeakyReLU as LeakyReLU
from multikeras.layers.activations.prelu import PReLU as PReLU
from multikeras.layers.activations.relu import ReLU as ReLU
from multikeras.layers.activations.softmax import Softmax as Softmax
from multikeras.layers.attention import grouped_query_attention as _gqa
from multikeras.layers.attention.additive_attention import (
    AdditiveAttention as AdditiveAttention,
)
from multikeras.layers.attention.attention import Attention as Attention
from multikeras.layers.attention.multi_head_attention import (
    MultiHeadAttention as MultiHeadAttention,
)
from multikeras.layers.augmentation.random_brightness import (
    RandomBrightness as RandomBrightness,
)
from multikeras.layers.augmentation.random_contrast import (
    RandomContrast as RandomContrast,
)
from multikeras.layers.augmentation.random_crop import RandomCrop as RandomCrop
from multikeras.layers.augmentation.random_flip import RandomFlip as RandomFlip
from multikeras.layers.augmentation.random_rotation import (
    RandomRotation as RandomRotation,
)
from multikeras.layers.augmentation.random_translation import (
    RandomTranslation as RandomTranslation,
)
from multikeras.layers.augmentation.random_zoom import RandomZoom as RandomZoom
from multikeras.layers.core.activation import Activation as Activation
from multikeras.layers.core.dense import Dense as Dense
from multikeras.layers.core.einsum_dense import EinsumDense as EinsumDense
from multikeras.layers.core.embedding import Embedding as Embedding
from multikeras.layers.core.identity import Identity as Identity
from multikeras.layers.core.input_layer import Input as Input
from multikeras.layers.core.input_layer import InputLayer as InputLayer
from multikeras.layers.core.lambda_layer import Lambda as Lambda
from multikeras.layers.core.masking import Masking as Masking
from multikeras.layers.core.wrapper import Wrapper as Wrapper
from multikeras.layers.input_spec import InputSpec as InputSpec
from multikeras.layers.layer import Layer as Layer
from multikeras.layers.merging.arithmetic import Add as Add
from multikeras.layers.merging.arithmetic import Average as Average
from multikeras.layers.merging.arithmetic import Multiply as Multiply
from multikeras.layers.merging.arithmetic import Subtract as Subtract
from multikeras.layers.merging.arithmetic import add as add
from multikeras.layers.merging.arithmetic import average as average
from multikeras.layers.merging.arithmetic import multiply as multiply
from multikeras.layers.merging.arithmetic import subtract as subtract
from multikeras.layers.merging.concatenate import Concatenate as Concatenate
from multikeras.layers.merging.concatenate import concatenate as concatenate
from multikeras.layers.merging.dot import Dot as Dot
from multikeras.layers.merging.dot import dot as dot
from multikeras.layers.merging.extrema import Maximum as Maximum
from multikeras.layers.merging.extrema import Minimum as Minimum
from multikeras.layers.merging.extrema import maximum as maximum
from multikeras.layers.merging.extrema import minimum as minimum
from multikeras.layers.normalization.batch_normalization import (
    BatchNormalization as BatchNormalization,
)
from multikeras.layers.normalization.group_normalization import (
    GroupNormalization as GroupNormalization,
)
from multikeras.layers.normalization.layer_normalization import (
    LayerNormalization as LayerNormalization,
)
from multikeras.layers.normalization.rms_normalization import (
    RMSNormalization as RMSNormalization,
)
from multikeras.layers.normalization.spectral_normalization import (
    SpectralNormalization as SpectralNormalization,
)
from multikeras.layers.normalization.unit_normalization import (
    UnitNormalization as UnitNormalization,
)
from multikeras.layers.preprocessing.category_encoding import (
    CategoryEncoding as CategoryEncoding,
)
from multikeras.layers.preprocessing.center_crop import CenterCrop as CenterCrop
from multikeras.layers.preprocessing.discretization import (
    Discretization as Discretization,
)
from multikeras.layers.preprocessing.hashing import Hashing as Hashing
from multikeras.layers.preprocessing.normalization import (
    Normalization as Normalization,
)
from multikeras.layers.preprocessing.rescaling import Rescaling as Rescaling
from multikeras.layers.preprocessing.resizing import Resizing as Resizing
from multikeras.layers.regularization.activity_regularization import (
    ActivityRegularization as ActivityRegularization,
)
from multikeras.layers.regularization.alpha_dropout import (
    AlphaDropout as AlphaDropout,
)
from multikeras.layers.regularization.dropout import Dropout as Dropout
from multikeras.layers.regularization.gaussian_dropout import (
    GaussianDropout as GaussianDropout,
)
from multikeras.layers.regularization.gaussian_noise import (
    GaussianNoise as GaussianNoise,
)
from multikeras.layers.regularization.spatial_dropout import (
    SpatialDropout1D as SpatialDropout1D,
)
from multikeras.layers.regularization.spatial_dropout import (
    SpatialDropout2D as SpatialDropout2D,
)
from multikeras.layers.regularization.spatial_dropout import (
    SpatialDropout3D as SpatialDropout3D,
)
from multikeras.layers.reshaping.cropping import Cropping1D as Cropping1D
from multikeras.layers.reshaping.cropping import Cropping2D as Cropping2D
from multikeras.layers.reshaping.cropping import Cropping3D as Cropping3D
from multikeras.layers.reshaping.flatten import Flatten as Flatten
from multikeras.layers.reshaping.permute import Permute as Permute
from multikeras.layers.reshaping.repeat_vector import (
    RepeatVector as RepeatVector,
)
from multikeras.layers.reshaping.reshape import Reshape as Reshape
from multikeras.layers.reshaping.up_sampling import UpSampling1D as UpSampling1D
from multikeras.layers.reshaping.up_sampling import UpSampling2D as UpSampling2D
from multikeras.layers.reshaping.up_sampling import UpSampling3D as UpSampling3D
from multikeras.layers.reshaping.zero_padding import (
    ZeroPadding1D as ZeroPadding1D,
)
from multikeras.layers.reshaping.zero_padding import (
    ZeroPadding2D as ZeroPadding2D,
)
from multikeras.layers.reshaping.zero_padding import (
    ZeroPadding3D as ZeroPadding3D,
)

# Keras exports its GroupedQueryAttention class under this name.
GroupQueryAttention = _gqa.GroupedQueryAttention


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
        # A class exported under another name than its own, as Keras's
        # GroupedQueryAttention (`layers.GroupQueryAttention`).
        cls = next((
            obj for path, obj in exported_objects().items()
            if path.startswith("multikeras.layers.")
            and getattr(obj, "__name__", None) == name
        ), None)  # fmt: skip
    if cls is None:
        raise ValueError(
            f"Unknown layer class {name!r}. Pass it in `custom_objects` or "
            "decorate it with @multikeras.saving.register_keras_serializable()."
        )
    return cls.from_config(config.get("config", {}))
