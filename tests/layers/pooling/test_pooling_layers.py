"""Pooling layers against windows pooled by explicit loops in NumPy, masks,
and the conformance rows of the family."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras import ops
from multikeras.backend.common.masking import get_keras_mask


def _inputs(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def np_pool(x, pool, strides, padding, mode):
    """Channels-last pooling, one window at a time. "same" pads with NaN,
    which neither wins a maximum nor counts in a mean."""
    n = x.ndim - 2
    if padding == "same":
        pads = []
        for size, p, s in zip(x.shape[1:-1], pool, strides):
            total = max((-(-size // s) - 1) * s + p - size, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=np.nan)
    sizes = [(x.shape[1 + i] - pool[i]) // strides[i] + 1 for i in range(n)]
    out = np.zeros((x.shape[0], *sizes, x.shape[-1]), "float32")
    reduce = np.nanmax if mode == "max" else np.nanmean
    for pos in np.ndindex(*sizes):
        window = tuple(slice(p * s, p * s + k)
                       for p, s, k in zip(pos, strides, pool))  # fmt: skip
        block = x[(slice(None), *window, slice(None))]
        out[(slice(None), *pos, slice(None))] = reduce(
            block.reshape(x.shape[0], -1, x.shape[-1]), axis=1
        )
    return out


def np_adaptive(x, output_size, mode):
    """Channels-last adaptive pooling with PyTorch's bin edges."""
    reduce = np.max if mode == "max" else np.mean
    out = np.zeros((x.shape[0], *output_size, x.shape[-1]), "float32")
    for pos in np.ndindex(*output_size):
        window = []
        for i, (p, m) in enumerate(zip(pos, output_size)):
            size = x.shape[1 + i]
            window.append(slice(p * size // m, -(-(p + 1) * size // m)))
        block = x[(slice(None), *window, slice(None))]
        out[(slice(None), *pos, slice(None))] = reduce(
            block.reshape(x.shape[0], -1, x.shape[-1]), axis=1
        )
    return out


def _first(x):
    return np.moveaxis(x, -1, 1)


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.MaxPooling1D, dict(pool_size=2), (2, 7, 3)),
        (layers.MaxPooling1D, dict(pool_size=3, strides=2, padding="same"),
         (2, 6, 2)),
        (layers.MaxPooling2D, dict(pool_size=(2, 3), strides=1), (1, 4, 5, 2)),
        (layers.MaxPooling3D, dict(pool_size=2, padding="same"),
         (1, 3, 4, 3, 2)),
        (layers.AveragePooling1D, dict(pool_size=3, strides=1), (2, 5, 2)),
        (layers.AveragePooling2D, dict(pool_size=3, strides=2,
                                       padding="same"), (1, 5, 4, 2)),
        (layers.AveragePooling3D, dict(pool_size=(1, 2, 2)), (1, 2, 4, 4, 1)),
    ],
)
def test_pooling_matches_explicit_windows(layer_cls, kwargs, shape):
    layer = layer_cls(**kwargs)
    x = _inputs(*shape)
    mode = "max" if "Max" in layer_cls.__name__ else "average"
    want = np_pool(x, layer.pool_size, layer.strides, layer.padding, mode)
    got = np.asarray(layer(x))
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape((None, *shape[1:])) == (
        None, *want.shape[1:]
    )


def test_average_pooling_same_padding_counts_real_entries_only():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0], "float32").reshape(1, 5, 1)
    out = layers.AveragePooling1D(2, padding="same")(x)
    # Windows [1, 2], [3, 4], [5]: the last one has one real entry.
    np.testing.assert_allclose(np.asarray(out)[0, :, 0], [1.5, 3.5, 5.0])


@pytest.mark.parametrize(
    "layer_cls, kwargs, shape",
    [
        (layers.MaxPooling1D, dict(pool_size=2, strides=1), (2, 5, 3)),
        (layers.AveragePooling2D, dict(pool_size=2, padding="same"),
         (1, 5, 3, 2)),
        (layers.GlobalAveragePooling2D, dict(keepdims=True), (2, 3, 4, 2)),
        (layers.GlobalMaxPooling3D, dict(), (2, 2, 3, 2, 3)),
        (layers.AdaptiveMaxPooling2D, dict(output_size=(2, 3)),
         (1, 5, 4, 2)),
    ],
)
def test_channels_first_matches_channels_last(layer_cls, kwargs, shape):
    x = _inputs(*shape)
    last = layer_cls(**kwargs, data_format="channels_last")(x)
    first = layer_cls(**kwargs, data_format="channels_first")(_first(x))
    last = np.asarray(last)
    want = _first(last) if last.ndim > 2 else last
    np.testing.assert_allclose(np.asarray(first), want, rtol=1e-5)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize(
    "layer_cls, n, mode",
    [
        (layers.GlobalMaxPooling1D, 1, "max"),
        (layers.GlobalAveragePooling1D, 1, "average"),
        (layers.GlobalMaxPooling2D, 2, "max"),
        (layers.GlobalAveragePooling3D, 3, "average"),
    ],
)
def test_global_pooling_matches_numpy(layer_cls, n, mode, keepdims):
    x = _inputs(2, *(3,) * n, 4)
    axes = tuple(range(1, n + 1))
    reduce = np.max if mode == "max" else np.mean
    want = reduce(x, axis=axes, keepdims=keepdims)
    got = np.asarray(layer_cls(keepdims=keepdims)(x))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "layer_cls, output_size, shape",
    [
        (layers.AdaptiveAveragePooling1D, (3,), (2, 7, 2)),
        (layers.AdaptiveMaxPooling1D, (4,), (2, 6, 2)),
        (layers.AdaptiveAveragePooling2D, (2, 3), (1, 5, 4, 2)),
        (layers.AdaptiveMaxPooling2D, (3, 3), (1, 7, 3, 1)),
        (layers.AdaptiveAveragePooling3D, (2, 1, 2), (1, 3, 4, 5, 1)),
        (layers.AdaptiveMaxPooling3D, (2, 2, 2), (1, 4, 3, 2, 2)),
    ],
)
def test_adaptive_pooling_matches_numpy_bins(layer_cls, output_size, shape):
    x = _inputs(*shape)
    mode = "max" if "Max" in layer_cls.__name__ else "average"
    got = np.asarray(layer_cls(output_size)(x))
    np.testing.assert_allclose(got, np_adaptive(x, output_size, mode),
                               rtol=1e-5, atol=1e-6)  # fmt: skip


def test_adaptive_pooling_int_output_size_is_used_for_every_dim():
    layer = layers.AdaptiveAveragePooling3D(2)
    assert layer.output_size == (2, 2, 2)
    assert layer.get_config()["output_size"] == (2, 2, 2)


class _NonZeroMask(keras.layers.Layer):
    """Passes its input through; masks out all-zero steps."""

    def call(self, x):
        return x

    def compute_mask(self, inputs, previous_mask=None):
        return ops.any(ops.not_equal(inputs, 0), axis=-1)


def _masked_data():
    x = _inputs(2, 4, 3) + 5.0
    x[0, 2:] = 0.0
    x[1, 3:] = 0.0
    keep = np.array([[1, 1, 0, 0], [1, 1, 1, 0]], bool)
    return x, keep


def test_global_average_pooling_1d_averages_unmasked_steps():
    x, keep = _masked_data()
    want = (x * keep[..., None]).sum(1) / keep.sum(1, keepdims=True)
    layer = layers.GlobalAveragePooling1D()
    out = layer(x, mask=keep)
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-5)
    assert get_keras_mask(out) is None  # the steps axis is gone
    assert layer.supports_masking
    first = layers.GlobalAveragePooling1D(data_format="channels_first",
                                          keepdims=True)  # fmt: skip
    out = first(_first(x), mask=keep)
    np.testing.assert_allclose(np.asarray(out)[..., 0], want, rtol=1e-5)


def test_mask_reaches_global_average_pooling_in_a_model():
    x, keep = _masked_data()
    inputs = keras.Input((4, 3))
    hidden = _NonZeroMask()(inputs)
    pooled = layers.GlobalAveragePooling1D()(hidden)
    assert get_keras_mask(pooled) is None
    model = keras.Model(inputs, pooled)
    want = (x * keep[..., None]).sum(1) / keep.sum(1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-5)


def test_pooling_aliases_are_the_same_classes():
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool1D is layers.AveragePooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D


def test_pooling_config_defaults_match_keras():
    config = layers.MaxPooling2D().get_config()
    assert config["pool_size"] == (2, 2)
    assert config["strides"] == (2, 2)  # None means pool_size
    assert config["padding"] == "valid"
    assert config["data_format"] == "channels_last"
    assert layers.MaxPooling1D().pool_size == (2,)
    assert layers.MaxPooling3D().pool_size == (2, 2, 2)
    assert layers.AveragePooling2D(3, strides=1).strides == (1, 1)
    assert layers.GlobalMaxPooling1D().get_config()["keepdims"] is False


def _row(cls, init, shape, out, **extra):
    return (cls, dict(
        init_kwargs=init, input_shape=shape, expected_output_shape=out,
        expected_output_dtype="float32", expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0, **extra,
    ))  # fmt: skip


CONFORMANCE = [
    _row(layers.MaxPooling1D, {"pool_size": 2}, (2, 5, 3), (2, 2, 3)),
    _row(layers.MaxPooling2D, {"pool_size": 3, "strides": 2,
                               "padding": "same"}, (2, 5, 5, 2),
         (2, 3, 3, 2)),
    _row(layers.MaxPooling3D, {"data_format": "channels_first"},
         (2, 2, 4, 4, 4), (2, 2, 2, 2, 2)),
    _row(layers.AveragePooling1D, {"pool_size": 2, "strides": 1,
                                   "padding": "same"}, (2, 4, 3),
         (2, 4, 3)),
    _row(layers.AveragePooling2D, {"pool_size": (2, 1)}, (2, 4, 3, 2),
         (2, 2, 3, 2)),
    _row(layers.AveragePooling3D, {"pool_size": 2}, (2, 2, 2, 4, 1),
         (2, 1, 1, 2, 1)),
    _row(layers.GlobalAveragePooling1D, {}, (2, 4, 3), (2, 3),
         supports_masking=True),
    _row(layers.GlobalAveragePooling2D, {"keepdims": True}, (2, 3, 3, 2),
         (2, 1, 1, 2)),
    _row(layers.GlobalAveragePooling3D, {"data_format": "channels_first"},
         (2, 3, 2, 2, 2), (2, 3)),
    _row(layers.GlobalMaxPooling1D, {"keepdims": True,
                                     "data_format": "channels_first"},
         (2, 3, 4), (2, 3, 1)),
    _row(layers.GlobalMaxPooling2D, {}, (2, 3, 3, 2), (2, 2)),
    _row(layers.GlobalMaxPooling3D, {}, (2, 2, 2, 2, 3), (2, 3)),
    _row(layers.AdaptiveAveragePooling1D, {"output_size": 2}, (2, 5, 3),
         (2, 2, 3)),
    _row(layers.AdaptiveAveragePooling2D, {"output_size": (2, 3)},
         (2, 4, 5, 2), (2, 2, 3, 2)),
    _row(layers.AdaptiveAveragePooling3D, {"output_size": 1},
         (2, 2, 3, 2, 1), (2, 1, 1, 1, 1)),
    _row(layers.AdaptiveMaxPooling1D, {"output_size": 3,
                                       "data_format": "channels_first"},
         (2, 2, 7), (2, 2, 3)),
    _row(layers.AdaptiveMaxPooling2D, {"output_size": 2}, (2, 3, 5, 2),
         (2, 2, 2, 2)),
    _row(layers.AdaptiveMaxPooling3D, {"output_size": (1, 2, 2)},
         (2, 2, 3, 3, 1), (2, 1, 2, 2, 1)),
]  # fmt: skip
