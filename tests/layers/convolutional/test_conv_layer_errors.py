"""Bad convolution and pooling configurations fail at construction, bad
inputs at build, with the layer, the argument and the value named."""

import re

import numpy as np
import pytest

from multikeras import layers

CONSTRUCTION_ERRORS = [
    (layers.Conv2D, dict(filters=0, kernel_size=3, name="conv"),
     r"Conv2D layer 'conv'.*`filters` must be a positive int.*filters=0"),
    (layers.Conv1D, dict(filters=-2, kernel_size=3), r"filters=-2"),
    (layers.Conv2D, dict(filters=6, kernel_size=3, groups=4),
     r"filters must be divisible by the number of groups.*filters=6, "
     r"groups=4"),
    (layers.Conv2D, dict(filters=4, kernel_size=3, groups=0), r"groups=0"),
    (layers.Conv2D, dict(filters=4, kernel_size=(3, 3, 3)),
     r"`kernel_size` must be an int or a tuple of 2 ints.*"
     r"kernel_size=\(3, 3, 3\)"),
    (layers.Conv3D, dict(filters=4, kernel_size=(3, 0, 3)),
     r"every entry of `kernel_size` must be >= 1.*kernel_size=\(3, 0, 3\)"),
    (layers.Conv1D, dict(filters=4, kernel_size=3, strides=(1, 2)),
     r"`strides` must be an int or a tuple of 1 ints.*strides=\(1, 2\)"),
    (layers.Conv2D, dict(filters=4, kernel_size=3, dilation_rate=(1, 2, 1)),
     r"`dilation_rate`.*dilation_rate=\(1, 2, 1\)"),
    (layers.Conv2D, dict(filters=4, kernel_size="3"),
     r"`kernel_size` must be an int or a tuple.*kernel_size='3'"),
    (layers.Conv2D, dict(filters=4, kernel_size=3, padding="full"),
     r"`padding` must be one of 'valid', 'same'.*padding='full'"),
    (layers.Conv2D, dict(filters=4, kernel_size=3, padding="causal"),
     r"padding='causal'"),
    (layers.Conv1D, dict(filters=4, kernel_size=3, data_format="NHWC"),
     r"`data_format` must be 'channels_last' or 'channels_first'.*"
     r"data_format='NHWC'"),
    (layers.Conv2D, dict(filters=4, kernel_size=3, strides=2,
                         dilation_rate=2),
     r"`strides > 1` is not supported together with `dilation_rate > 1`"),
    (layers.Conv2DTranspose, dict(filters=4, kernel_size=3, strides=2,
                                  output_padding=2),
     r"Conv2DTranspose layer.*`output_padding` must be less than.*"
     r"output_padding=\(2, 2\), strides=\(2, 2\)"),
    (layers.Conv1DTranspose, dict(filters=4, kernel_size=3,
                                  output_padding=-1),
     r"`output_padding` must be >= 0"),
    (layers.DepthwiseConv2D, dict(kernel_size=3, depth_multiplier=0),
     r"DepthwiseConv2D layer.*`depth_multiplier` must be a positive int.*"
     r"depth_multiplier=0"),
    (layers.SeparableConv1D, dict(filters=0, kernel_size=3), r"filters=0"),
    (layers.SeparableConv2D, dict(filters=2, kernel_size=(1, 2, 3)),
     r"kernel_size=\(1, 2, 3\)"),
    (layers.MaxPooling2D, dict(pool_size=(2, 2, 2)),
     r"MaxPooling2D layer.*`pool_size` must be an int or a tuple of 2 ints"),
    (layers.AveragePooling1D, dict(pool_size=2, padding="causal"),
     r"AveragePooling1D layer.*padding='causal'"),
    (layers.MaxPooling1D, dict(strides=0), r"`strides` must be >= 1"),
    (layers.GlobalAveragePooling2D, dict(data_format="channels_middle"),
     r"data_format='channels_middle'"),
    (layers.AdaptiveMaxPooling2D, dict(output_size=(2, 2, 2)),
     r"AdaptiveMaxPooling2D layer.*`output_size`.*tuple of 2 ints"),
    (layers.AdaptiveAveragePooling1D, dict(output_size=0),
     r"`output_size` must be >= 1"),
]  # fmt: skip


@pytest.mark.parametrize(
    "layer_cls, kwargs, message", CONSTRUCTION_ERRORS,
    ids=[f"{c.__name__}-{i}" for i, (c, _, _) in
         enumerate(CONSTRUCTION_ERRORS)],
)  # fmt: skip
def test_bad_configuration_is_rejected_at_construction(layer_cls, kwargs,
                                                       message):  # fmt: skip
    with pytest.raises((ValueError, TypeError), match=message):
        layer_cls(**kwargs)


def test_input_channels_not_divisible_by_groups():
    layer = layers.Conv2D(4, 3, groups=2, name="grouped")
    with pytest.raises(ValueError, match=r"'grouped'.*input channels must "
                       r"be divisible by the number of groups.*groups=2, "
                       r"input channels=3.*\(None, 5, 5, 3\)"):
        layer.build((None, 5, 5, 3))


@pytest.mark.parametrize(
    "layer, shape",
    [
        (layers.Conv2D(2, 3, name="c2"), (2, 5, 3)),
        (layers.Conv1D(2, 3, name="c1"), (2, 4, 5, 3)),
        (layers.MaxPooling2D(name="p2"), (2, 5, 3)),
        (layers.GlobalAveragePooling1D(name="g1"), (2, 4, 5, 3)),
    ],
)
def test_wrong_input_rank_names_layer_and_shapes(layer, shape):
    expected = layer.input_spec.ndim
    message = (
        rf"'{layer.name}'.*expected rank {expected}, found rank "
        rf"{len(shape)}.*{re.escape(str(tuple(shape)))}"
    )
    with pytest.raises(ValueError, match=message):
        layer(np.zeros(shape, "float32"))


def test_a_different_channel_count_after_build_is_rejected():
    layer = layers.Conv1D(2, 2, name="conv")
    layer(np.zeros((1, 4, 3), "float32"))
    with pytest.raises(ValueError, match=r"'conv'.*axis -1 to have size 3, "
                       r"found 5"):
        layer(np.zeros((1, 4, 5), "float32"))


def test_an_input_smaller_than_the_kernel_is_rejected_at_build():
    layer = layers.Conv2D(2, 5, name="big")
    with pytest.raises(ValueError, match=r"'big'.*does not fit.*"
                       r"\(None, 3, 8, 1\)"):
        layer.build((None, 3, 8, 1))
    with pytest.raises(ValueError, match=r"pool window.*does not fit"):
        layers.MaxPooling1D(4).compute_output_shape((None, 3, 2))


def test_unknown_channels_are_rejected_at_build():
    with pytest.raises(ValueError, match=r"needs a known channel dimension"):
        layers.Conv2D(2, 3).build((None, 5, 5, None))
