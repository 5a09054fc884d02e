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
from multikeras.layers.convolutional.conv import Conv1D as Conv1D
from multikeras.layers.convolutional.conv import Conv2D as Conv2D
from multikeras.layers.convolutional.conv import Conv3D as Conv3D
from multikeras.layers.convolutional.conv_transpose import (
    Conv1DTranspose as Conv1DTranspose,
)
from multikeras.layers.convolutional.conv_transpose import (
    Conv2DTranspose as Conv2DTranspose,
)
from multikeras.layers.convolutional.conv_transpose import (
    Conv3DTranspose as Conv3DTranspose,
)
from multikeras.layers.convolutional.depthwise_conv import (
    DepthwiseConv1D as DepthwiseConv1D,
)
from multikeras.layers.convolutional.depthwise_conv import (
    DepthwiseConv2D as DepthwiseConv2D,
)
from multikeras.layers.convolutional.separable_conv import (
    SeparableConv1D as SeparableConv1D,
)
from multikeras.layers.convolutional.separable_conv import (
    SeparableConv2D as SeparableConv2D,
)
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
from multikeras.layers.pooling.adaptive_pooling import (
    AdaptiveAveragePooling1D as AdaptiveAveragePooling1D,
)
from multikeras.layers.pooling.adaptive_pooling import (
    AdaptiveAveragePooling2D as AdaptiveAveragePooling2D,
)
from multikeras.layers.pooling.adaptive_pooling import (
    AdaptiveAveragePooling3D as AdaptiveAveragePooling3D,
)
from multikeras.layers.pooling.adaptive_pooling import (
    AdaptiveMaxPooling1D as AdaptiveMaxPooling1D,
)
from multikeras.layers.pooling.adaptive_pooling import (
    AdaptiveMaxPooling2D as AdaptiveMaxPooling2D,
)
from multikeras.layers.pooling.adaptive_pooling import (
    AdaptiveMaxPooling3D as AdaptiveMaxPooling3D,
)
from multikeras.layers.pooling.average_pooling import (
    AveragePooling1D as AveragePooling1D,
)
from multikeras.layers.pooling.average_pooling import (
    AveragePooling2D as AveragePooling2D,
)
from multikeras.layers.pooling.average_pooling import (
    AveragePooling3D as AveragePooling3D,
)
from multikeras.layers.pooling.global_pooling import (
    GlobalAveragePooling1D as GlobalAveragePooling1D,
)
from multikeras.layers.pooling.global_pooling import (
    GlobalAveragePooling2D as GlobalAveragePooling2D,
)
from multikeras.layers.pooling.global_pooling import (
    GlobalAveragePooling3D as GlobalAveragePooling3D,
)
from multikeras.layers.pooling.global_pooling import (
    GlobalMaxPooling1D as GlobalMaxPooling1D,
)
from multikeras.layers.pooling.global_pooling import (
    GlobalMaxPooling2D as GlobalMaxPooling2D,
)
from multikeras.layers.pooling.global_pooling import (
    GlobalMaxPooling3D as GlobalMaxPooling3D,
)
from multikeras.layers.pooling.max_pooling import MaxPooling1D as MaxPooling1D
from multikeras.layers.pooling.max_pooling import MaxPooling2D as MaxPooling2D
from multikeras.layers.pooling.max_pooling import MaxPooling3D as MaxPooling3D
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
from multikeras.layers.rnn.bidirectional import Bidirectional as Bidirectional
from multikeras.layers.rnn.conv_lstm_layers import ConvLSTM1D as ConvLSTM1D
from multikeras.layers.rnn.conv_lstm_layers import ConvLSTM2D as ConvLSTM2D
from multikeras.layers.rnn.conv_lstm_layers import ConvLSTM3D as ConvLSTM3D
from multikeras.layers.rnn.gru import GRU as GRU
from multikeras.layers.rnn.gru import GRUCell as GRUCell
from multikeras.layers.rnn.lstm import LSTM as LSTM
from multikeras.layers.rnn.lstm import LSTMCell as LSTMCell
from multikeras.layers.rnn.rnn import RNN as RNN
from multikeras.layers.rnn.simple_rnn import SimpleRNN as SimpleRNN
from multikeras.layers.rnn.simple_rnn import SimpleRNNCell as SimpleRNNCell
from multikeras.layers.rnn.stacked_rnn_cells import (
    StackedRNNCells as StackedRNNCells,
)
from multikeras.layers.rnn.time_distributed import (
    TimeDistributed as TimeDistributed,
)

# Keras's documented aliases of convolution and pooling layers.
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D

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
