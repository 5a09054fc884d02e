"""`.keras` files: model.save / load_model round trips, compile state,
atomic writes and bad files."""

import json
import os
import zipfile

import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras.saving import saving_lib

X = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
Y = np.random.default_rng(1).normal(size=(8, 2)).astype("float32")


def _same_weights(a, b):
    wa, wb = a.get_weights(), b.get_weights()
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb):
        np.testing.assert_array_equal(x, y)


def _mlp():
    return keras.Sequential([
        keras.Input((3,)), layers.Dense(4, activation="relu"),
        layers.Dense(2),
    ])


def test_sequential_round_trip(tmp_path):
    model = _mlp()
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "config.json", "metadata.json", "model.weights.h5",
        ]
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
    assert set(metadata) == {"keras_version", "date_saved"}
    assert config["class_name"] == "Sequential"
    assert [c["class_name"] for c in config["config"]["layers"]] == [
        "InputLayer", "Dense", "Dense",
    ]
    restored = keras.models.load_model(path)
    assert isinstance(restored, keras.Sequential)
    assert restored.get_config() == model.get_config()
    _same_weights(model, restored)
    np.testing.assert_array_equal(np.asarray(restored(X)),
                                  np.asarray(model(X)))
    assert not restored.compiled  # saved uncompiled


def test_functional_multi_input_shared_nested_round_trip(tmp_path):
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    shared = layers.Dense(3, name="shared")
    inner = keras.Sequential([keras.Input((3,)), layers.Dense(3)],
                             name="inner")
    merged = layers.Concatenate()([inner(shared(a)), shared(b)])
    model = keras.Model([a, b], layers.Dense(1, name="head")(merged))
    path = tmp_path / "f.keras"
    keras.saving.save_model(model, path)
    restored = keras.saving.load_model(path)
    assert [layer.name for layer in restored.layers] == [
        layer.name for layer in model.layers
    ]
    _same_weights(model, restored)
    np.testing.assert_array_equal(np.asarray(restored([X, X])),
                                  np.asarray(model([X, X])))
    # The shared layer is still one layer, called twice.
    assert restored.get_layer("shared") is not None
    assert len(restored.weights) == len(model.weights)


@keras.saving.register_keras_serializable(package="Tests")
class Scale(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


class Net(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.body = layers.Dense(units, activation="tanh")
        self.scale = Scale(3.0)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.scale(self.body(x)))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_model_round_trip_with_custom_objects(tmp_path):
    model = Net(units=5)
    model(X)
    model.scale.w.assign(np.array([1.0, 2, 3, 4, 5], "float32"))
    path = tmp_path / "n.keras"
    model.save(path)
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    assert config["build_config"] == {"input_shape": [None, 3]}
    restored = keras.models.load_model(path, custom_objects={"Net": Net})
    assert isinstance(restored, Net) and restored.units == 5
    assert restored.scale.factor == 3.0  # registered: found by name
    _same_weights(model, restored)
    np.testing.assert_allclose(restored(X), model(X), rtol=0, atol=0)
    with keras.saving.custom_object_scope({"Net": Net}):
        again = keras.models.load_model(path)
    _same_weights(model, again)


def test_unknown_custom_class_is_a_clear_error(tmp_path):
    class Local(keras.Model):  # not importable from its module
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    model = Local()
    model(X)
    path = tmp_path / "l.keras"
    model.save(path)
    with pytest.raises(ValueError, match=r"unknown class 'Local'.*"
                       r"custom_objects"):
        keras.models.load_model(path)
    restored = keras.models.load_model(path, custom_objects={"Local": Local})
    _same_weights(model, restored)


def test_compile_config_is_restored(tmp_path):
    model = _mlp()
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
        loss=keras.losses.Huber(delta=0.5),
        metrics=["mae"],
    )
    path = tmp_path / "c.keras"
    model.save(path)
    restored = keras.models.load_model(path)
    assert restored.compiled
    assert isinstance(restored.optimizer, keras.optimizers.SGD)
    assert restored.optimizer.get_config() == model.optimizer.get_config()
    logs_a = model.evaluate(X, Y, verbose=0, return_dict=True)
    logs_b = restored.evaluate(X, Y, verbose=0, return_dict=True)
    assert logs_a.keys() == logs_b.keys()
    for key in logs_a:
        np.testing.assert_allclose(logs_b[key], logs_a[key], rtol=1e-6)
    # The loss is the Huber loss with delta 0.5, written out in NumPy.
    error = np.abs(np.asarray(model(X)) - Y)
    huber = np.where(error <= 0.5, 0.5 * error**2, 0.5 * (error - 0.25))
    np.testing.assert_allclose(logs_b["loss"], huber.mean(), rtol=1e-5)
    uncompiled = keras.models.load_model(path, compile=False)
    assert not uncompiled.compiled


@pytest.mark.jax_only
def test_optimizer_state_restored_so_training_continues_identically(
    tmp_path,
):
    model = _mlp()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(X, Y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    path = tmp_path / "t.keras"
    model.save(path)
    restored = keras.models.load_model(path)
    for a, b in zip(model.optimizer.variables, restored.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert int(restored.optimizer.iterations.numpy()) == 2
    model.fit(X, Y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    restored.fit(X, Y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), restored.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    # The restored moments are the trained ones, not fresh zeros.
    assert any(np.abs(v.numpy()).max() > 0
               for v in restored.optimizer.variables[2:])


def test_weights_of_a_keras_file_load_into_a_built_model(tmp_path):
    model = _mlp()
    path = tmp_path / "m.keras"
    model.save(path)
    other = _mlp()
    other.load_weights(path)
    _same_weights(model, other)


def test_failing_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    _mlp().save(path)
    original = path.read_bytes()

    class Unserializable(layers.Layer):
        def get_config(self):
            raise RuntimeError("cannot describe this layer")

        def call(self, x):
            return x

    broken = keras.Sequential([keras.Input((3,)), Unserializable()])
    with pytest.raises(RuntimeError, match="cannot describe"):
        broken.save(path)
    assert path.read_bytes() == original

    # A failure while the archive itself is written.
    def failing_writestr(self, name, data):
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing_writestr)
    with pytest.raises(OSError, match="disk full"):
        _mlp().save(path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["m.keras"]


def test_bad_paths_and_files_are_rejected(tmp_path):
    model = _mlp()
    with pytest.raises(ValueError, match=r"must end in `\.keras`"):
        model.save(tmp_path / "m.h5")
    with pytest.raises(ValueError, match="File not found"):
        keras.models.load_model(tmp_path / "absent.keras")
    not_zip = tmp_path / "bad.keras"
    not_zip.write_text("hello")
    with pytest.raises(ValueError, match="not a .keras file"):
        keras.models.load_model(not_zip)
    partial = tmp_path / "partial.keras"
    with zipfile.ZipFile(partial, "w") as archive:
        archive.writestr("metadata.json", "{}")
    with pytest.raises(ValueError, match=r"lacks \['config.json', "
                       r"'model.weights.h5'\]"):
        keras.models.load_model(partial)
    weights = tmp_path / "m.weights.h5"
    model.save_weights(weights)
    with pytest.raises(ValueError, match="is a weights file"):
        keras.models.load_model(weights)
    with pytest.raises(TypeError, match="expects a multikeras Model"):
        keras.saving.save_model("model", tmp_path / "x.keras")


def test_archive_whose_weights_do_not_fit_the_config(tmp_path):
    model = _mlp()
    path = tmp_path / "m.keras"
    model.save(path)
    wrong = tmp_path / "wrong.keras"
    other = keras.Sequential([keras.Input((3,)), layers.Dense(7)])
    other_path = tmp_path / "o.keras"
    other.save(other_path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(other_path) as o, (
        zipfile.ZipFile(wrong, "w")
    ) as dst:
        dst.writestr("config.json", src.read("config.json"))
        dst.writestr("metadata.json", src.read("metadata.json"))
        dst.writestr("model.weights.h5", o.read("model.weights.h5"))
    with pytest.raises(ValueError, match=r"shape \(3, 4\).*\(3, 7\)"):
        keras.models.load_model(wrong)


def test_json_round_trip():
    model = _mlp()
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Sequential"
    clone = keras.models.model_from_json(text)
    assert clone.get_config() == model.get_config()
    with pytest.raises(ValueError, match="not a JSON string"):
        keras.models.model_from_json("{oops")


def test_saving_lib_atomic_write_removes_temp_on_error(tmp_path):
    def write(temp):
        with open(temp, "w") as f:
            f.write("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        saving_lib.atomic_write(str(tmp_path / "x.keras"), write)
    assert os.listdir(tmp_path) == []
