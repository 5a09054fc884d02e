"""RandomFlip, RandomRotation, RandomTranslation, RandomZoom, RandomCrop
against NumPy references with known parameters."""

import itertools

import numpy as np
import pytest

from multikeras import layers

SHAPE = (2, 5, 6, 3)
CONFORMANCE = [
    (layers.RandomFlip, dict(
        init_kwargs={"seed": 1}, input_shape=SHAPE,
        expected_output_shape=SHAPE, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1, supports_masking=False)),
    (layers.RandomFlip, dict(
        init_kwargs={"mode": "vertical", "data_format": "channels_first"},
        input_shape=(2, 3, 5, 6), expected_output_shape=(2, 3, 5, 6))),
    (layers.RandomRotation, dict(
        init_kwargs={"factor": 0.2, "seed": 1}, input_shape=SHAPE,
        expected_output_shape=SHAPE, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1)),
    (layers.RandomRotation, dict(
        init_kwargs={"factor": (-0.1, 0.3), "fill_mode": "constant",
                     "interpolation": "nearest", "fill_value": 1.0,
                     "data_format": "channels_first"},
        input_shape=(2, 3, 5, 6), expected_output_shape=(2, 3, 5, 6))),
    (layers.RandomTranslation, dict(
        init_kwargs={"height_factor": 0.2, "width_factor": (-0.1, 0.3)},
        input_shape=SHAPE, expected_output_shape=SHAPE,
        expected_num_seed_generators=1)),
    (layers.RandomZoom, dict(
        init_kwargs={"height_factor": 0.2, "fill_mode": "wrap"},
        input_shape=SHAPE, expected_output_shape=SHAPE,
        expected_num_seed_generators=1)),
    (layers.RandomZoom, dict(
        init_kwargs={"height_factor": (-0.3, 0.2), "width_factor": 0.1,
                     "data_format": "channels_first"},
        input_shape=(2, 3, 5, 6), expected_output_shape=(2, 3, 5, 6))),
    (layers.RandomCrop, dict(
        init_kwargs={"height": 3, "width": 4, "seed": 2}, input_shape=SHAPE,
        expected_output_shape=(2, 3, 4, 3), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1)),
    (layers.RandomCrop, dict(
        init_kwargs={"height": 3, "width": 4,
                     "data_format": "channels_first"},
        input_shape=(2, 3, 5, 6), expected_output_shape=(2, 3, 3, 4))),
]


def _images(*shape):
    return np.random.default_rng(0).random(shape).astype("float32")


def _out(x):
    return np.asarray(x)


# ----------------------------------------------------------------- flip
@pytest.mark.parametrize(
    ("mode", "axes"),
    [("horizontal", (2,)), ("vertical", (1,)),
     ("horizontal_and_vertical", (1, 2))],
)  # fmt: skip
def test_flip_with_known_draws_matches_numpy(mode, axes):
    x = _images(2, 3, 4, 2)
    layer = layers.RandomFlip(mode)
    flips = np.array([True, False]).reshape(2, 1, 1, 1)
    out = _out(layer.transform_images(x, {"flips": flips}))
    np.testing.assert_array_equal(out[0], np.flip(x[0], [a - 1 for a in axes]))
    np.testing.assert_array_equal(out[1], x[1])


def test_flip_draws_each_image_separately():
    x = _images(16, 2, 3, 1)
    out = _out(layers.RandomFlip("horizontal", seed=5)(x, training=True))
    flipped = [np.array_equal(o, xi[:, ::-1]) for o, xi in zip(out, x)]
    kept = [np.array_equal(o, xi) for o, xi in zip(out, x)]
    assert all(f or k for f, k in zip(flipped, kept))
    assert any(flipped) and any(kept)


def test_flip_channels_first_unbatched():
    x = _images(2, 3, 4)  # channels, height, width
    layer = layers.RandomFlip("horizontal", data_format="channels_first")
    out = _out(layer.transform_images(x, {"flips": np.ones((1, 1, 1), bool)}))
    np.testing.assert_array_equal(out, x[:, :, ::-1])


# -------------------------------------------------------------- rotation
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(("factor", "k"), [(0.25, 1), (-0.25, -1)])
def test_quarter_turn_is_rot90(factor, k, data_format):
    x = _images(2, 5, 5, 3)
    layer = layers.RandomRotation((factor, factor), data_format=data_format)
    if data_format == "channels_first":
        out = _out(layer(x.transpose(0, 3, 1, 2), training=True))
        out = out.transpose(0, 2, 3, 1)
    else:
        out = _out(layer(x, training=True))
    # Positive angles turn counter-clockwise, as np.rot90 with k > 0.
    np.testing.assert_allclose(out, np.rot90(x, k, axes=(1, 2)), atol=1e-5)


def test_half_turn_of_an_unbatched_non_square_image():
    x = _images(3, 4, 2)
    out = _out(layers.RandomRotation((0.5, 0.5))(x, training=True))
    np.testing.assert_allclose(out, x[::-1, ::-1], atol=1e-5)


def test_rotation_angles_lie_in_the_factor_range():
    layer = layers.RandomRotation((-0.1, 0.05), seed=3)
    angles = _out(layer.get_random_transformation(_images(64, 3, 3, 1))[
        "angle"])
    assert angles.shape == (64,)
    assert angles.min() >= -36.0 and angles.max() <= 18.0
    assert angles.max() - angles.min() > 20.0  # not one repeated draw


def test_rotation_by_a_general_angle_matches_a_numpy_bilinear_sampler():
    x = _images(1, 5, 6, 1)
    layer = layers.RandomRotation(0.1, fill_mode="constant", fill_value=0.5)
    angle = np.float32(30.0)
    theta = np.deg2rad(angle)
    cx, cy = 2.5, 2.0
    out = _out(layer.transform_images(x, {
        "rotation_matrix": np.array([[
            np.cos(theta), -np.sin(theta),
            cx - cx * np.cos(theta) + cy * np.sin(theta),
            np.sin(theta), np.cos(theta),
            cy - cx * np.sin(theta) - cy * np.cos(theta), 0, 0,
        ]], "float32"),
    }))  # fmt: skip
    img = np.pad(x[0, :, :, 0], 1, constant_values=0.5)
    want = np.zeros((5, 6))
    for y, xx in itertools.product(range(5), range(6)):
        # The input point this output pixel comes from: rotate back.
        dx, dy = xx - cx, y - cy
        sx = cx + np.cos(theta) * dx - np.sin(theta) * dy
        sy = cy + np.sin(theta) * dx + np.cos(theta) * dy
        if not (-1 < sx < 6 and -1 < sy < 5):
            want[y, xx] = 0.5
            continue
        x0, y0 = int(np.floor(sx)), int(np.floor(sy))
        fx, fy = sx - x0, sy - y0
        p = img[y0 + 1:y0 + 3, x0 + 1:x0 + 3]
        want[y, xx] = (p[0, 0] * (1 - fx) * (1 - fy) + p[0, 1] * fx * (1 - fy)
                       + p[1, 0] * (1 - fx) * fy + p[1, 1] * fx * fy)
    np.testing.assert_allclose(out[0, :, :, 0], want, atol=1e-5)


# ----------------------------------------------------------- translation
@pytest.mark.parametrize(("dy", "dx"), [(1, 0), (0, -2), (-1, 3)])
def test_translation_by_whole_pixels_matches_numpy(dy, dx):
    x = _images(2, 4, 6, 2)
    layer = layers.RandomTranslation(
        (dy / 4, dy / 4), (dx / 6, dx / 6), fill_mode="constant",
        fill_value=-1.0, interpolation="nearest",
    )  # fmt: skip
    out = _out(layer(x, training=True))
    want = np.full_like(x, -1.0)
    src = x[:, max(-dy, 0):4 - max(dy, 0), max(-dx, 0):6 - max(dx, 0)]
    want[:, max(dy, 0):4 - max(-dy, 0), max(dx, 0):6 - max(-dx, 0)] = src
    np.testing.assert_allclose(out, want, atol=1e-6)


def test_wrapped_translation_is_a_roll():
    x = _images(4, 6, 2)  # unbatched
    layer = layers.RandomTranslation((0.5, 0.5), (-1 / 3, -1 / 3),
                                     fill_mode="wrap")  # fmt: skip
    out = _out(layer(x, training=True))
    np.testing.assert_allclose(out, np.roll(x, (2, -2), axis=(0, 1)),
                               atol=1e-5)  # fmt: skip


def test_translations_lie_in_the_factor_range():
    layer = layers.RandomTranslation((-0.5, 0.25), 0.1, seed=4)
    shifts = _out(layer.get_random_transformation(_images(64, 8, 10, 1))[
        "translations"])
    assert shifts.shape == (64, 2)
    assert -1.0 <= shifts[:, 0].min() and shifts[:, 0].max() <= 1.0
    assert -4.0 <= shifts[:, 1].min() and shifts[:, 1].max() <= 2.0


# ------------------------------------------------------------------ zoom
def _np_zoom_nearest(img, zy, zx, fill):
    """Output (y, x) samples the input at c + z * (p - c), nearest."""
    h, w = img.shape[:2]
    out = np.full_like(img, fill)
    for y, x in itertools.product(range(h), range(w)):
        sy = (h - 1) / 2 + zy * (y - (h - 1) / 2)
        sx = (w - 1) / 2 + zx * (x - (w - 1) / 2)
        iy, ix = int(np.floor(sy + 0.5)), int(np.floor(sx + 0.5))
        if 0 <= iy < h and 0 <= ix < w:
            out[y, x] = img[iy, ix]
    return out


@pytest.mark.parametrize(("hf", "wf"), [(-0.5, None), (1.0, 0.0)])
def test_zoom_matches_numpy(hf, wf):
    x = _images(5, 5, 2)
    layer = layers.RandomZoom(
        (hf, hf), None if wf is None else (wf, wf), fill_mode="constant",
        interpolation="nearest", fill_value=-1.0,
    )  # fmt: skip
    out = _out(layer(x, training=True))
    zy = 1 + hf
    zx = zy if wf is None else 1 + wf
    np.testing.assert_allclose(out, _np_zoom_nearest(x, zy, zx, -1.0),
                               atol=1e-6)  # fmt: skip


def test_zoom_without_width_factor_keeps_the_aspect_ratio():
    layer = layers.RandomZoom(0.3, seed=2)
    t = layer.get_random_transformation(_images(32, 4, 4, 1))
    hz, wz = _out(t["height_zoom"]), _out(t["width_zoom"])
    np.testing.assert_array_equal(hz, wz)
    assert hz.min() >= 0.7 and hz.max() <= 1.3 and hz.std() > 0


# ------------------------------------------------------------------ crop
def test_random_crop_in_training_is_one_window_for_the_batch():
    x = _images(3, 6, 7, 2)
    layer = layers.RandomCrop(3, 4, seed=1)
    t = layer.get_random_transformation(x, training=True)
    top, left = int(_out(t["top"])), int(_out(t["left"]))
    assert 0 <= top <= 3 and 0 <= left <= 3
    out = _out(layer.transform_images(x, t))
    np.testing.assert_array_equal(out, x[:, top:top + 3, left:left + 4])
    corners = {
        tuple(int(_out(v)) for v in (t["top"], t["left"]))
        for t in (layer.get_random_transformation(x) for _ in range(20))
    }
    assert len(corners) > 3  # new windows on new calls


def test_random_crop_call_returns_a_window_of_the_input():
    x = _images(5, 6, 1)  # unbatched
    out = _out(layers.RandomCrop(2, 3, seed=9)(x, training=True))
    windows = [x[i:i + 2, j:j + 3] for i in range(4) for j in range(4)]
    assert any(np.array_equal(out, w) for w in windows)


def test_random_crop_at_inference_takes_the_centered_aspect_window():
    x = _images(2, 4, 7, 1)
    out = _out(layers.RandomCrop(4, 3)(x, training=False))
    np.testing.assert_array_equal(out, x[:, :, 2:5])


def test_random_crop_at_inference_resizes_the_largest_window():
    x = _images(1, 4, 4, 2)
    out = _out(layers.RandomCrop(2, 2)(x, training=False))
    # Bilinear, half-pixel centers: each output pixel samples the middle
    # of a 2x2 block, i.e. its mean.
    want = x.reshape(1, 2, 2, 2, 2, 2).mean(axis=(2, 4))
    np.testing.assert_allclose(out, want, atol=1e-6)


def test_random_crop_of_a_small_input_in_training_resizes():
    x = _images(2, 2, 2, 1)
    out = _out(layers.RandomCrop(4, 4)(x, training=True))
    assert out.shape == (2, 4, 4, 1)
    np.testing.assert_allclose(out[:, 0, 0], x[:, 0, 0], atol=1e-6)


def test_random_crop_keeps_its_drawn_seed_in_the_config():
    config = layers.RandomCrop(2, 2).get_config()
    assert isinstance(config["seed"], int)
