"""Convolution layers against convolutions written as explicit sums in
NumPy, plus the conformance rows of the family."""

import inspect

import numpy as np
import pytest

from multikeras import layers
from multikeras import ops


def _make(layer_cls, **kwargs):
    """The layer with constant initializers: the tests set random weights
    themselves, and a random initializer compiles once per weight shape."""
    for arg in inspect.signature(layer_cls).parameters:
        if arg.endswith("_initializer"):
            kwargs.setdefault(arg, "zeros")
    return layer_cls(**kwargs)


def _inputs(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def _same_pads(sizes, spans, strides):
    """XLA's SAME padding: ceil(size / stride) outputs, odd entry last."""
    pads = []
    for size, span, stride in zip(sizes, spans, strides):
        total = max((-(-size // stride) - 1) * stride + span - size, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def np_conv(x, kernel, strides=1, padding="valid", dilation=1, groups=1):
    """Channels-last N-D convolution as a sum over kernel taps, each one a
    matrix product of an input pixel with a kernel slice."""
    n = x.ndim - 2
    strides = (strides,) * n if np.isscalar(strides) else tuple(strides)
    dilation = (dilation,) * n if np.isscalar(dilation) else tuple(dilation)
    ksize = kernel.shape[:n]
    spans = [(k - 1) * d + 1 for k, d in zip(ksize, dilation)]
    if padding == "same":
        pads = _same_pads(x.shape[1:-1], spans, strides)
    elif padding == "causal":
        pads = [(spans[0] - 1, 0)]
    else:
        pads = [(0, 0)] * n
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    cin, cout = kernel.shape[-2], kernel.shape[-1]
    gout = cout // groups
    sizes = [(x.shape[1 + i] - spans[i]) // strides[i] + 1 for i in range(n)]
    out = np.zeros((x.shape[0], *sizes, cout))
    for pos in np.ndindex(*sizes):
        for tap in np.ndindex(*ksize):
            where = tuple(p * s + t * d for p, s, t, d in
                          zip(pos, strides, tap, dilation))  # fmt: skip
            for g in range(groups):
                pixel = x[(slice(None), *where, slice(g * cin, (g + 1) * cin))]
                k = kernel[(*tap, slice(None), slice(g * gout, (g + 1) * gout))]
                out[(slice(None), *pos, slice(g * gout, (g + 1) * gout))] += (
                    pixel @ k
                )
    return out


def np_depthwise(x, kernel, **kwargs):
    """Each channel `c` with its own filters; output `c * m + j`."""
    *ksize, channels, multiplier = kernel.shape
    out = [
        np_conv(x[..., c:c + 1], kernel[..., c:c + 1, :], **kwargs)
        for c in range(channels)
    ]  # fmt: skip
    return np.concatenate(out, axis=-1)


def _first(x):
    """channels_last -> channels_first."""
    return np.moveaxis(x, -1, 1)


def _set_random_weights(layer, seed=1):
    rng = np.random.default_rng(seed)
    values = [rng.normal(size=w.shape).astype("float32")
              for w in layer.weights]  # fmt: skip
    layer.set_weights(values)
    return values


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.Conv1D, dict(filters=3, kernel_size=3), (2, 7, 2)),
        (layers.Conv1D, dict(filters=2, kernel_size=2, padding="causal",
                             dilation_rate=2), (2, 6, 3)),  # fmt: skip
        (layers.Conv1D, dict(filters=4, kernel_size=3, strides=2,
                             padding="same", groups=2), (1, 7, 4)),
        (layers.Conv2D, dict(filters=3, kernel_size=(2, 3)), (2, 4, 5, 2)),
        (layers.Conv2D, dict(filters=2, kernel_size=3, strides=2,
                             padding="same"), (1, 5, 6, 3)),  # fmt: skip
        (layers.Conv2D, dict(filters=2, kernel_size=2, dilation_rate=(2, 1),
                             groups=2), (1, 5, 4, 4)),  # fmt: skip
        (layers.Conv3D, dict(filters=2, kernel_size=2, padding="same"),
         (1, 3, 3, 3, 2)),
    ],
)
def test_conv_matches_explicit_sums(layer_cls, kwargs, shape):
    layer = _make(layer_cls, **kwargs, activation="relu")
    x = _inputs(*shape)
    layer.build(shape)
    kernel, bias = _set_random_weights(layer)
    got = np.asarray(layer(x))
    want = np.maximum(np_conv(
        x, kernel, layer.strides, layer.padding, layer.dilation_rate,
        layer.groups,
    ) + bias, 0)  # fmt: skip
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_conv2d_on_a_hand_computed_input():
    layer = _make(layers.Conv2D, filters=1, kernel_size=2, use_bias=False)
    layer.build((None, 3, 3, 1))
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]], "float32").reshape(2, 2, 1, 1)
    layer.set_weights([kernel])
    x = np.arange(9.0, dtype="float32").reshape(1, 3, 3, 1)
    # Top-left window [[0, 1], [3, 4]] -> 0 + 2 + 9 + 16 = 27.
    np.testing.assert_allclose(np.asarray(layer(x))[0, :, :, 0],
                               [[27.0, 37.0], [57.0, 67.0]])  # fmt: skip


def test_causal_conv1d_output_ignores_the_future():
    layer = _make(layers.Conv1D, filters=2, kernel_size=3, padding="causal",
                  kernel_initializer="ones")
    x = _inputs(1, 6, 2)
    before = np.asarray(layer(x))
    x[:, 4:] = 100.0
    after = np.asarray(layer(x))
    np.testing.assert_allclose(after[:, :4], before[:, :4], rtol=1e-6)
    assert not np.allclose(after[:, 4:], before[:, 4:])


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.Conv1D, dict(filters=3, kernel_size=2, padding="causal"),
         (2, 5, 2)),
        (layers.Conv2D, dict(filters=2, kernel_size=2, groups=2),
         (1, 4, 3, 4)),
        (layers.DepthwiseConv2D, dict(kernel_size=2, depth_multiplier=2),
         (1, 4, 3, 2)),
        (layers.SeparableConv1D, dict(filters=3, kernel_size=2), (2, 5, 2)),
        (layers.Conv2DTranspose, dict(filters=2, kernel_size=2, strides=2),
         (1, 3, 2, 3)),
    ],
)
def test_channels_first_matches_channels_last(layer_cls, kwargs, shape):
    last = _make(layer_cls, **kwargs, data_format="channels_last")
    first = _make(layer_cls, **kwargs, data_format="channels_first")
    x = _inputs(*shape)
    last.build(shape)
    first.build(_first(x).shape)
    values = _set_random_weights(last)
    first.set_weights(values)  # same weight shapes in both formats
    np.testing.assert_allclose(np.asarray(first(_first(x))),
                               _first(np.asarray(last(x))), rtol=1e-4,
                               atol=1e-5)  # fmt: skip


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.DepthwiseConv1D, dict(kernel_size=3, depth_multiplier=2),
         (2, 6, 3)),
        (layers.DepthwiseConv2D, dict(kernel_size=2, strides=2,
                                      padding="same"), (1, 5, 4, 2)),
        (layers.DepthwiseConv2D, dict(kernel_size=2, dilation_rate=2,
                                      depth_multiplier=3), (1, 5, 4, 2)),
    ],
)
def test_depthwise_conv_matches_explicit_sums(layer_cls, kwargs, shape):
    layer = _make(layer_cls, **kwargs)
    x = _inputs(*shape)
    layer.build(shape)
    kernel, bias = _set_random_weights(layer)
    want = np_depthwise(x, kernel, strides=layer.strides,
                        padding=layer.padding,
                        dilation=layer.dilation_rate) + bias  # fmt: skip
    np.testing.assert_allclose(np.asarray(layer(x)), want, rtol=1e-4,
                               atol=1e-5)  # fmt: skip


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.SeparableConv1D, dict(filters=4, kernel_size=3,
                                      depth_multiplier=2), (2, 6, 3)),
        (layers.SeparableConv2D, dict(filters=3, kernel_size=2, strides=2,
                                      padding="same"), (1, 5, 4, 2)),
    ],
)
def test_separable_conv_matches_depthwise_then_pointwise(layer_cls, kwargs,
                                                         shape):  # fmt: skip
    layer = _make(layer_cls, **kwargs)
    x = _inputs(*shape)
    layer.build(shape)
    depthwise, pointwise, bias = _set_random_weights(layer)
    hidden = np_depthwise(x, depthwise, strides=layer.strides,
                          padding=layer.padding)  # fmt: skip
    want = np_conv(hidden, pointwise) + bias
    np.testing.assert_allclose(np.asarray(layer(x)), want, rtol=1e-4,
                               atol=1e-5)  # fmt: skip


def _conv_matrix(kernel, out_shape, strides, padding):
    """The matrix of `z -> np_conv(z, kernel)` over inputs of `out_shape`
    (one batch entry), one column per input entry."""
    columns = []
    size = int(np.prod(out_shape))
    for j in range(size):
        basis = np.zeros(size)
        basis[j] = 1.0
        z = basis.reshape(1, *out_shape)
        columns.append(np_conv(z, kernel, strides, padding).ravel())
    return np.stack(columns, axis=1)


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.Conv1DTranspose, dict(filters=2, kernel_size=3, strides=2),
         (1, 4, 3)),
        (layers.Conv1DTranspose, dict(filters=2, kernel_size=2, strides=3),
         (1, 3, 2)),  # stride > kernel: zeros between the patches
        (layers.Conv1DTranspose, dict(filters=2, kernel_size=3, strides=2,
                                      output_padding=1), (1, 3, 2)),
        (layers.Conv2DTranspose, dict(filters=2, kernel_size=3, strides=2,
                                      padding="same"), (1, 3, 2, 2)),
        (layers.Conv3DTranspose, dict(filters=1, kernel_size=2,
                                      padding="same"), (1, 2, 2, 2, 2)),
    ],
)
def test_conv_transpose_is_the_adjoint_of_conv(layer_cls, kwargs, shape):
    """A transposed convolution maps `x` to `M.T @ x`, where `M` is the
    convolution (same kernel, strides, padding) from the transposed
    convolution's output space back to its input space."""
    layer = _make(layer_cls, **kwargs, use_bias=False)
    x = _inputs(*shape)
    layer.build(shape)
    (kernel,) = _set_random_weights(layer)
    got = np.asarray(layer(x))
    # kernel (..., filters, in_channels) read as a conv kernel from
    # `filters` channels to `in_channels` channels.
    matrix = _conv_matrix(kernel, got.shape[1:], layer.strides,
                          layer.padding)  # fmt: skip
    assert matrix.shape[0] == x.size
    want = (matrix.T @ x.ravel()).reshape(got.shape)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_conv_transpose_output_sizes_follow_keras():
    x = np.ones((1, 4, 3), "float32")
    sizes = {
        # (padding, stride, kernel, output_padding): steps
        ("valid", 1, 3, None): 6, ("valid", 2, 3, None): 9,
        ("valid", 3, 2, None): 12, ("same", 2, 3, None): 8,
        ("valid", 2, 3, 1): 10, ("same", 2, 3, 1): 8, ("same", 3, 4, 2): 11,
    }  # fmt: skip
    for i, ((padding, stride, kernel, extra), steps) in enumerate(
        sizes.items()
    ):
        layer = _make(layers.Conv1DTranspose, filters=1, kernel_size=kernel,
                      strides=stride, padding=padding,
                      output_padding=extra)  # fmt: skip
        assert layer.compute_output_shape((None, 4, 3)) == (None, steps, 1)
        if i % 3 == 0:  # the op agrees (the adjoint test checks values)
            assert layer(x).shape == (1, steps, 1), (padding, stride, kernel)


def test_weight_names_shapes_and_order():
    cases = [
        (layers.Conv2D(4, (2, 3), groups=2), (None, 5, 5, 6),
         [("kernel", (2, 3, 3, 4)), ("bias", (4,))]),
        (layers.Conv1DTranspose(3, 2), (None, 5, 4),
         [("kernel", (2, 3, 4)), ("bias", (3,))]),
        (layers.DepthwiseConv2D(3, depth_multiplier=2), (None, 5, 5, 4),
         [("kernel", (3, 3, 4, 2)), ("bias", (8,))]),
        (layers.SeparableConv2D(5, 3, depth_multiplier=2), (None, 5, 5, 4),
         [("depthwise_kernel", (3, 3, 4, 2)),
          ("pointwise_kernel", (1, 1, 8, 5)), ("bias", (5,))]),
        (layers.Conv3D(2, 2, use_bias=False,
                       data_format="channels_first"), (None, 3, 4, 4, 4),
         [("kernel", (2, 2, 2, 3, 2))]),
    ]  # fmt: skip
    for layer, shape, expected in cases:
        layer = type(layer).from_config({
            **layer.get_config(),
            **{k: "zeros" for k in layer.get_config()
               if k.endswith("_initializer")},
        })  # fmt: skip
        layer.build(shape)
        got = [(w.name, tuple(w.shape)) for w in layer.weights]
        assert got == expected, type(layer).__name__
        assert all(w.path == f"{layer.name}/{w.name}" for w in layer.weights)


def test_aliases_are_the_same_classes():
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution3D is layers.Conv3D
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.SeparableConvolution2D is layers.SeparableConv2D


def test_config_defaults_match_keras():
    config = layers.Conv2D(4, 3).get_config()
    assert config["strides"] == (1, 1)
    assert config["dilation_rate"] == (1, 1)
    assert config["kernel_size"] == (3, 3)
    assert config["padding"] == "valid"
    assert config["groups"] == 1
    assert config["activation"] == "linear"
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert config["bias_initializer"]["class_name"] == "Zeros"
    assert config["data_format"] == "channels_last"
    assert layers.Conv1DTranspose(2, 3).get_config()["output_padding"] is None
    config = layers.SeparableConv1D(2, 3).get_config()
    assert config["depth_multiplier"] == 1
    assert config["pointwise_initializer"]["class_name"] == "GlorotUniform"


def test_padding_is_case_insensitive():
    assert layers.Conv2D(2, 3, padding="SAME").padding == "same"
    assert layers.Conv1D(2, 3, padding="Causal").padding == "causal"


def test_regularizers_add_their_losses():
    layer = _make(
        layers.Conv1D, filters=2, kernel_size=2, kernel_initializer="ones",
        bias_initializer="ones",
        kernel_regularizer=lambda w: 0.5 * ops.sum(w),
        bias_regularizer=lambda b: 3.0 * ops.sum(b),
        activity_regularizer=lambda y: ops.mean(y),
    )  # fmt: skip
    x = _inputs(1, 4, 3)
    out = np.asarray(layer(x))
    losses = sorted(float(np.asarray(v)) for v in layer.losses)
    # kernel: 0.5 * 2 * 3 * 2 ones; bias: 3 * 2 ones; activity: mean(out).
    np.testing.assert_allclose(
        losses, sorted([6.0, 6.0, float(out.mean())]), rtol=1e-5
    )


def _row(cls, init, shape, out, weights=2):
    return (cls, dict(
        init_kwargs=init, input_shape=shape, expected_output_shape=out,
        expected_output_dtype="float32",
        expected_num_trainable_weights=weights,
        expected_num_non_trainable_weights=0, expected_num_losses=0,
        supports_masking=False,
    ))  # fmt: skip


CONFORMANCE = [
    _row(layers.Conv1D, {"filters": 3, "kernel_size": 2,
                         "padding": "causal"}, (2, 5, 2), (2, 5, 3)),
    _row(layers.Conv2D, {"filters": 4, "kernel_size": 3, "padding": "same",
                         "groups": 2, "activation": "relu"},
         (2, 4, 4, 2), (2, 4, 4, 4)),
    _row(layers.Conv3D, {"filters": 2, "kernel_size": 2,
                         "dilation_rate": 2}, (2, 3, 3, 3, 1),
         (2, 1, 1, 1, 2)),
    _row(layers.Conv1DTranspose, {"filters": 2, "kernel_size": 3,
                                  "strides": 2, "output_padding": 1},
         (2, 3, 2), (2, 8, 2)),
    _row(layers.Conv2DTranspose, {"filters": 3, "kernel_size": 2,
                                  "strides": 2, "padding": "same",
                                  "data_format": "channels_first"},
         (2, 2, 3, 3), (2, 3, 6, 6)),
    _row(layers.Conv3DTranspose, {"filters": 2, "kernel_size": 2},
         (2, 2, 2, 2, 1), (2, 3, 3, 3, 2)),
    _row(layers.DepthwiseConv1D, {"kernel_size": 2, "depth_multiplier": 2},
         (2, 4, 3), (2, 3, 6)),
    _row(layers.DepthwiseConv2D, {"kernel_size": 3, "padding": "same",
                                  "strides": 2}, (2, 4, 4, 2),
         (2, 2, 2, 2)),
    _row(layers.SeparableConv1D, {"filters": 3, "kernel_size": 2,
                                  "depth_multiplier": 2}, (2, 4, 2),
         (2, 3, 3), 3),
    _row(layers.SeparableConv2D, {"filters": 2, "kernel_size": 2,
                                  "data_format": "channels_first"},
         (2, 3, 3, 3), (2, 2, 2, 2), 3),
]  # fmt: skip
