"""What every augmentation layer shares: identity at inference, new
randomness per call and per compiled step, seeds, config, errors."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import backend
from multikeras import layers

# One instance-maker per layer, each with a non-trivial transform.
MAKERS = {
    "RandomFlip": lambda **kw: layers.RandomFlip(**kw),
    "RandomRotation": lambda **kw: layers.RandomRotation(0.3, **kw),
    "RandomTranslation": lambda **kw: layers.RandomTranslation(
        0.3, 0.3, **kw),
    "RandomZoom": lambda **kw: layers.RandomZoom(0.4, **kw),
    "RandomContrast": lambda **kw: layers.RandomContrast(0.5, **kw),
    "RandomBrightness": lambda **kw: layers.RandomBrightness(0.5, **kw),
    "RandomCrop": lambda **kw: layers.RandomCrop(4, 4, **kw),
}
IDENTITY_AT_INFERENCE = [n for n in MAKERS if n != "RandomCrop"]


def _images(*shape):
    return (np.random.default_rng(0).random(shape) * 255).astype("float32")


@pytest.mark.parametrize("name", IDENTITY_AT_INFERENCE)
def test_inference_is_identity(name):
    x = _images(4, 6, 6, 3)
    layer = MAKERS[name](seed=1)
    state = np.asarray(layer.generator.state.value).copy()
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)
    # Nothing was drawn.
    np.testing.assert_array_equal(np.asarray(layer.generator.state.value),
                                  state)  # fmt: skip
    model = keras.Sequential([keras.Input((6, 6, 3)), layer])
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    # Integer images come out as floats of the same values.
    ints = x.astype("uint8")
    out = np.asarray(layer(ints, training=False))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, ints)


@pytest.mark.parametrize("name", list(MAKERS))
def test_a_plain_call_augments_and_draws_anew(name):
    # As in Keras, `training` defaults to True in the layer's own call.
    x = _images(4, 6, 6, 3)
    layer = MAKERS[name](seed=3)
    first = np.asarray(layer(x))
    # Few crop windows exist: some of three more calls must differ.
    others = [np.asarray(layer(x)) for _ in range(3)]
    assert any(not np.array_equal(first, o) for o in others)
    unbatched = np.asarray(layer(x[0]))
    assert unbatched.shape == first.shape[1:]


@pytest.mark.parametrize("name", list(MAKERS))
def test_same_seed_same_draws(name):
    x = _images(4, 6, 6, 3)
    a = np.asarray(MAKERS[name](seed=11)(x))
    b = np.asarray(MAKERS[name](seed=11)(x))
    np.testing.assert_array_equal(a, b)


def test_random_crop_at_inference_in_predict():
    x = _images(2, 6, 8, 1)
    model = keras.Sequential([keras.Input((6, 8, 1)),
                              layers.RandomCrop(6, 4)])  # fmt: skip
    np.testing.assert_array_equal(model.predict(x, verbose=0), x[:, :, 2:6])


def test_symbolic_call_with_unknown_batch():
    inputs = keras.Input((8, 8, 3))
    out = layers.RandomRotation(0.1)(inputs)
    assert out.shape == (None, 8, 8, 3)
    out = layers.RandomCrop(5, 4)(out)
    assert out.shape == (None, 5, 4, 3)


def test_predict_is_deterministic_with_augmentation_in_the_model():
    x = _images(4, 6, 6, 3)
    model = keras.Sequential([
        keras.Input((6, 6, 3)), layers.RandomFlip(), layers.RandomZoom(0.2),
        layers.RandomContrast(0.2), layers.Flatten(), layers.Dense(2),
    ])  # fmt: skip
    a = model.predict(x, verbose=0)
    b = model.predict(x, verbose=0)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(a, np.asarray(model(x, training=False)),
                               rtol=1e-5, atol=1e-5)  # fmt: skip


@pytest.mark.jax_only
def test_fit_draws_new_randomness_in_every_compiled_step():
    x = _images(8, 6, 6, 3) / 255.0
    y = np.zeros((8, 1), "float32")
    # Each layer with the number of numbers it draws per step.
    augmentations = [
        (layers.RandomFlip(seed=1), 1),
        (layers.RandomRotation(0.2, seed=2), 1),
        (layers.RandomTranslation(0.2, 0.2, seed=3), 2),
        (layers.RandomZoom(0.2, seed=4), 1),
        (layers.RandomContrast(0.2, value_range=(0, 1), seed=5), 1),
        (layers.RandomBrightness(0.2, value_range=(0, 1), seed=6), 1),
        (layers.RandomCrop(4, 4, seed=7), 2),
    ]
    model = keras.Sequential([
        keras.Input((6, 6, 3)), *(layer for layer, _ in augmentations),
        layers.Flatten(), layers.Dense(1),
    ])  # fmt: skip
    model.compile(optimizer="sgd", loss="mse")
    states = [layer.generator.state for layer, _ in augmentations]
    before = [np.asarray(s.value).copy() for s in states]
    history = model.fit(x, y, batch_size=2, epochs=2, verbose=0).history
    assert np.all(np.isfinite(history["loss"]))
    # 4 steps per epoch, 2 epochs: the seed states went through every
    # compiled step, so each step drew new numbers.
    for (layer, draws), b, s in zip(augmentations, before, states):
        after = np.asarray(s.value)
        assert after[1] - b[1] == draws * 8, layer.name
        assert after[0] == b[0]
    # predict is inference: nothing is drawn.
    fitted = [np.asarray(s.value).copy() for s in states]
    model.predict(x, verbose=0)
    for f, s in zip(fitted, states):
        np.testing.assert_array_equal(np.asarray(s.value), f)

    # The same check, directly: one compiled function, two calls.
    layer = layers.RandomRotation(0.3, seed=5)
    (seed_state,) = [v.value for v in layer.non_trainable_variables]

    def step(seed_state, x):
        out, (new_state,) = layer.stateless_call([], [seed_state], x,
                                                 training=True)  # fmt: skip
        return out, new_state

    compiled = backend.active.compile(step)
    first, seed_state = compiled(seed_state, x)
    second, _ = compiled(seed_state, x)
    assert not np.allclose(np.asarray(first), np.asarray(second))


@pytest.mark.skipif(backend.backend() != "numpy", reason="NumPy backend")
def test_numpy_backend_predicts_and_evaluates_with_augmentation():
    x = _images(4, 6, 6, 3)
    model = keras.Sequential([
        keras.Input((6, 6, 3)), layers.RandomRotation(0.2),
        layers.RandomCrop(4, 4), layers.Flatten(), layers.Dense(1),
    ])  # fmt: skip
    model.compile(optimizer="sgd", loss="mse")
    out = model.predict(x, verbose=0)
    assert out.shape == (4, 1)
    loss = model.evaluate(x, np.zeros((4, 1)), verbose=0)
    assert np.isfinite(loss)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: layers.RandomFlip("diagonal"), r"`mode`.*mode='diagonal'"),
        (lambda: layers.RandomRotation(1.5), r"`factor`.*\[-1.0, 1.0\].*1.5"),
        (lambda: layers.RandomRotation((0.1, 0.2, 0.3)), r"factor=\(0.1"),
        (lambda: layers.RandomRotation(0.1, fill_mode="mirror"),
         r"`fill_mode`.*fill_mode='mirror'"),
        (lambda: layers.RandomRotation(0.1, interpolation="bicubic"),
         r"`interpolation`.*interpolation='bicubic'"),
        (lambda: layers.RandomTranslation(0.1, "a"), r"width_factor='a'"),
        (lambda: layers.RandomZoom(-1.0), r"\(-1.0, 1.0\].*height_factor"),
        (lambda: layers.RandomZoom(0.1, (0.2, 2.0)), r"width_factor"),
        (lambda: layers.RandomCrop(0, 3), r"`height`.*height=0"),
        (lambda: layers.RandomCrop(3, 2.5), r"`width`.*width=2.5"),
        (lambda: layers.RandomContrast(-0.1), r"\[0, 1\].*factor=-0.1"),
        (lambda: layers.RandomContrast(0.1, value_range=(1, 1)),
         r"value_range=\(1, 1\)"),
        (lambda: layers.RandomBrightness(0.1, value_range=255),
         r"value_range=255"),
        (lambda: layers.RandomFlip(seed=-1), r"seed=-1"),
        (lambda: layers.RandomFlip(data_format="nhwc"), r"data_format"),
    ],
)  # fmt: skip
def test_bad_configurations_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("name", ["RandomFlip", "RandomCrop"])
def test_bad_input_rank_names_the_layer_and_shape(name):
    layer = MAKERS[name](name="aug")
    with pytest.raises(ValueError, match=r"'aug'.*rank 3.*\(6, 6\)"):
        layer(np.zeros((6, 6), "float32"))
    with pytest.raises(ValueError, match=r"'aug'.*\(None, 2, 3, 4, 5\)"):
        layer(keras.Input((2, 3, 4, 5)))


def test_dict_inputs_are_refused_clearly():
    with pytest.raises(TypeError, match=r"RandomFlip.*dict.*\['images'\]"):
        layers.RandomFlip()({"images": _images(2, 4, 4, 3)})


def test_config_round_trip_through_serialize():
    layer = layers.RandomTranslation([0.1, 0.2], -0.3, fill_mode="nearest",
                                     seed=4, data_format="channels_first")
    config = layer.get_config()
    assert config["height_factor"] == (0.1, 0.2)
    revived = layers.deserialize(layers.serialize(layer))
    assert type(revived) is layers.RandomTranslation
    assert revived.get_config() == config
