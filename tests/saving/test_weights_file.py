"""`.weights.h5` files: Keras 3's group layout, round trips, and loads
that fail without changing any weight."""

import importlib.util
import json
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

import multikeras as keras
from multikeras import layers
from multikeras.saving import h5_weights

X = np.random.default_rng(0).normal(size=(6, 3)).astype("float32")


def _tree(path):
    """{dataset path: shape} and {group path: name attribute}."""
    datasets, names = {}, {}
    with h5py.File(path, "r") as f:
        def visit(name, item):
            if isinstance(item, h5py.Dataset):
                datasets[name] = item.shape
            elif "name" in item.attrs:
                names[name] = item.attrs["name"]
        f.visititems(visit)
    return datasets, names


def _mlp():
    return keras.Sequential([
        keras.Input((3,)), layers.Dense(4), layers.Dense(2, name="out"),
    ])


class Block(layers.Layer):
    """A layer with sublayers in attributes and in a list."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(3)
        self.bn = layers.BatchNormalization()
        self.subs = [layers.Dense(3), layers.Dense(3)]

    def build(self, shape):
        self.d1.build(shape)
        self.bn.build((None, 3))
        for layer in self.subs:
            layer.build((None, 3))
        self.w = self.add_weight(shape=(3,), initializer="ones")

    def call(self, x):
        y = self.bn(self.d1(x))
        for layer in self.subs:
            y = layer(y)
        return y * self.w


def _functional():
    """Two inputs, a shared layer, a nested Sequential, a nested custom
    layer with attribute and list children."""
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    shared = layers.Dense(3, name="shared")
    inner = keras.Sequential(
        [keras.Input((3,)), layers.Dense(3), layers.Dropout(0.1)],
        name="inner",
    )
    x = layers.Add()([shared(a), shared(b)])
    x = Block()(inner(x))
    return keras.Model([a, b], layers.Dense(1)(x))


def test_sequential_layout_is_keras_layout(tmp_path):
    model = _mlp()
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    datasets, names = _tree(path)
    # The layout Keras 3.15 writes for this model (read from a file it
    # wrote): paths by class name, not by layer name.
    assert datasets == {
        "layers/dense/vars/0": (3, 4), "layers/dense/vars/1": (4,),
        "layers/dense_1/vars/0": (4, 2), "layers/dense_1/vars/1": (2,),
    }
    assert names == {
        "vars": "sequential", "layers/dense/vars": "dense",
        "layers/dense_1/vars": "out",
    }
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(
            f["layers/dense_1/vars/0"][()], model.layers[1].kernel.numpy()
        )


def test_nested_functional_layout_is_keras_layout(tmp_path):
    model = _functional()
    path = tmp_path / "f.weights.h5"
    model.save_weights(path)
    datasets, names = _tree(path)
    # As Keras 3.15 writes this model: `layers` first (inputs included),
    # then attributes sorted by name, list members by class name; the
    # shared layer once; BatchNormalization's moving stats after gamma,
    # beta.
    expected = {
        "layers/block/bn/vars/0": (3,), "layers/block/bn/vars/1": (3,),
        "layers/block/bn/vars/2": (3,), "layers/block/bn/vars/3": (3,),
        "layers/block/d1/vars/0": (3, 3), "layers/block/d1/vars/1": (3,),
        "layers/block/subs/dense/vars/0": (3, 3),
        "layers/block/subs/dense/vars/1": (3,),
        "layers/block/subs/dense_1/vars/0": (3, 3),
        "layers/block/subs/dense_1/vars/1": (3,),
        "layers/block/vars/0": (3,),
        "layers/dense/vars/0": (3, 3), "layers/dense/vars/1": (3,),
        "layers/dense_1/vars/0": (3, 1), "layers/dense_1/vars/1": (1,),
        "layers/sequential/layers/dense/vars/0": (3, 3),
        "layers/sequential/layers/dense/vars/1": (3,),
    }
    assert datasets == expected
    assert names["layers/input_layer/vars"] == "a"
    assert names["layers/input_layer_1/vars"] == "b"
    assert names["layers/dense/vars"] == "shared"
    assert names["layers/sequential/vars"] == "inner"
    assert "layers/sequential/layers/dropout/vars" in names
    bn = model.layers[-2].bn
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(
            f["layers/block/bn/vars/2"][()], bn.moving_mean.numpy()
        )


def test_round_trip_restores_every_weight_and_prediction(tmp_path):
    model = _functional()
    for variable in model.weights:  # distinct values everywhere
        variable.assign(np.random.default_rng(len(variable.path)).normal(
            size=variable.shape).astype("float32"))
    expected = np.asarray(model([X, X]))
    path = tmp_path / "f.weights.h5"
    model.save_weights(path)
    fresh = _functional()
    fresh.load_weights(path)
    for a, b in zip(model.get_weights(), fresh.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.asarray(fresh([X, X])),
                                  expected)


def test_subclassed_model_paths_are_attribute_names(tmp_path):
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.head = layers.Dense(2)
            self.body = layers.Dense(4)

        def call(self, x):
            return self.head(self.body(x))

    model = Net()
    model(X)
    path = tmp_path / "n.weights.h5"
    model.save_weights(path)
    datasets, _ = _tree(path)
    assert datasets == {
        "body/vars/0": (3, 4), "body/vars/1": (4,),
        "head/vars/0": (4, 2), "head/vars/1": (2,),
    }
    other = Net()
    other(X)
    other.load_weights(path)
    np.testing.assert_array_equal(other(X), model(X))


def test_snake_case_matches_keras_names():
    cases = {"Conv2D": "conv2d", "BatchNormalization": "batch_normalization",
             "LSTM": "lstm", "Dense": "dense", "InputLayer": "input_layer"}
    for name, expected in cases.items():
        assert h5_weights.snake_case(name) == expected


def _assert_unchanged(model, before):
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_shape_mismatch_raises_and_changes_nothing(tmp_path):
    path = tmp_path / "m.weights.h5"
    _mlp().save_weights(path)
    wider = keras.Sequential([
        keras.Input((3,)), layers.Dense(4), layers.Dense(5),
    ])
    before = wider.get_weights()
    with pytest.raises(ValueError, match=r"shape \(4, 5\).*\(4, 2\)"
                       r"(.|\n)*no weight was changed|no weight was changed"
                       r"(.|\n)*shape \(4, 5\).*\(4, 2\)"):
        wider.load_weights(path)
    # The first layer fits, yet it was not assigned either.
    _assert_unchanged(wider, before)


def test_missing_and_extra_layers_raise_and_change_nothing(tmp_path):
    path = tmp_path / "m.weights.h5"
    _mlp().save_weights(path)
    bigger = keras.Sequential([
        keras.Input((3,)), layers.Dense(4), layers.Dense(2), layers.Dense(1),
    ])
    before = bigger.get_weights()
    with pytest.raises(ValueError, match=r"'layers/dense_2/vars'"):
        bigger.load_weights(path)
    _assert_unchanged(bigger, before)
    smaller = keras.Sequential([keras.Input((3,)), layers.Dense(4)])
    before = smaller.get_weights()
    with pytest.raises(ValueError,
                       match=r"dense_1/vars.\] that match no layer"):
        smaller.load_weights(path)
    _assert_unchanged(smaller, before)


def test_skip_mismatch_loads_what_fits(tmp_path):
    source = _mlp()
    path = tmp_path / "m.weights.h5"
    source.save_weights(path)
    wider = keras.Sequential([
        keras.Input((3,)), layers.Dense(4), layers.Dense(5),
    ])
    kept = wider.layers[1].kernel.numpy()
    with pytest.warns(UserWarning, match="Skipping"):
        wider.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(wider.layers[0].kernel.numpy(),
                                  source.layers[0].kernel.numpy())
    np.testing.assert_array_equal(wider.layers[1].kernel.numpy(), kept)


def test_bad_files_and_names_are_rejected(tmp_path):
    model = _mlp()
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        model.save_weights(tmp_path / "m.h5")
    with pytest.raises(ValueError, match="File not found"):
        model.load_weights(tmp_path / "absent.weights.h5")
    junk = tmp_path / "junk.weights.h5"
    junk.write_bytes(b"not an hdf5 file")
    before = model.get_weights()
    with pytest.raises(ValueError, match="not a readable HDF5"):
        model.load_weights(junk)
    _assert_unchanged(model, before)
    unbuilt = keras.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="not built"):
        unbuilt.load_weights(junk)


def test_failing_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "m.weights.h5"
    model = _mlp()
    model.save_weights(path)
    original = path.read_bytes()

    def broken(model, h5_file):
        h5_file.create_group("layers/partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(h5_weights, "write_weights", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _mlp().save_weights(path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["m.weights.h5"]  # no temp file left


def test_overwrite_false_asks(tmp_path, monkeypatch):
    path = tmp_path / "m.weights.h5"
    model = _mlp()
    model.save_weights(path)
    original = path.read_bytes()
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    other = _mlp()
    other.save_weights(path, overwrite=False)
    assert path.read_bytes() == original
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    other.save_weights(path, overwrite=False)
    fresh = _mlp()
    fresh.load_weights(path)
    np.testing.assert_array_equal(fresh.get_weights()[0],
                                  other.get_weights()[0])


def test_bfloat16_weights_round_trip(tmp_path):
    model = keras.Sequential([keras.Input((3,)),
                              layers.Dense(2, dtype="bfloat16")])
    path = tmp_path / "b.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        assert f["layers/dense/vars/0"].attrs["dtype"] == "bfloat16"
    fresh = keras.Sequential([keras.Input((3,)),
                              layers.Dense(2, dtype="bfloat16")])
    fresh.load_weights(path)
    np.testing.assert_array_equal(
        np.asarray(fresh.weights[0].numpy(), "float32"),
        np.asarray(model.weights[0].numpy(), "float32"),
    )


_KERAS_SCRIPT = """
import json, sys
import keras
import h5py
a = keras.Input((3,), name="a")
b = keras.Input((3,), name="b")
shared = keras.layers.Dense(3, name="shared")
inner = keras.Sequential(
    [keras.Input((3,)), keras.layers.Dense(3), keras.layers.Dropout(0.1)],
    name="inner")
x = keras.layers.Add()([shared(a), shared(b)])
x = keras.layers.BatchNormalization()(inner(x))
model = keras.Model([a, b], keras.layers.Dense(1)(x))
model.compile("adam", "mse")
model.optimizer.build(model.trainable_variables)
model.save_weights(sys.argv[1])
out = {}
with h5py.File(sys.argv[1], "r") as f:
    f.visititems(lambda n, o: out.__setitem__(n, list(getattr(o, "shape",
                                                              [-1]))))
print(json.dumps(out))
"""


@pytest.mark.jax_only  # Keras itself runs on JAX here (in a subprocess)
def test_layout_equals_the_one_keras_writes(tmp_path):
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed")
    keras_file = tmp_path / "k.weights.h5"
    env = {**os.environ, "KERAS_BACKEND": "jax"}
    try:
        result = subprocess.run(
            [sys.executable, "-c", _KERAS_SCRIPT, str(keras_file)],
            capture_output=True, text=True, env=env, timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("Keras did not start in time")
    if result.returncode != 0:
        pytest.skip(f"Keras is not usable here: {result.stderr[-300:]}")
    keras_tree = json.loads(result.stdout.strip().splitlines()[-1])

    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    shared = layers.Dense(3, name="shared")
    inner = keras.Sequential(
        [keras.Input((3,)), layers.Dense(3), layers.Dropout(0.1)],
        name="inner")
    x = layers.Add()([shared(a), shared(b)])
    x = layers.BatchNormalization()(inner(x))
    model = keras.Model([a, b], layers.Dense(1)(x))
    model.compile("adam", "mse")
    model.optimizer.build(model.trainable_variables)
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    ours = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: ours.__setitem__(
            n, list(getattr(o, "shape", [-1]))))
    # Same groups and datasets with the same shapes. (The optimizer's
    # slots are compared as a multiset of shapes: their order is the
    # optimizer's own.)
    def split(tree):
        opt = sorted(
            str(v) for k, v in tree.items()
            if k.startswith("optimizer/vars/")
        )
        rest = {k: v for k, v in tree.items()
                if not k.startswith("optimizer/vars/")}
        return rest, opt

    assert split(ours) == split(keras_tree)
