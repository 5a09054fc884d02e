"""Regularizers: formulas against NumPy, defaults, `get`/`serialize`
round trips, clear errors, and the penalty reaching the training loss."""

import itertools

import numpy as np
import pytest

import multikeras as keras
from multikeras import regularizers
from multikeras.testing import assert_allclose

RNG = np.random.default_rng(0)
W = RNG.normal(size=(4, 3)).astype(np.float32)


def _orthogonal_np(w, factor, mode):
    """factor * mean |cosine| over distinct pairs of rows (or columns)."""
    vectors = w.astype(np.float64)
    vectors = vectors if mode == "rows" else vectors.T
    cosines = [
        abs(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b))
        for a, b in itertools.combinations(vectors, 2)
    ]
    return factor * np.mean(cosines)


W64 = W.astype(np.float64)
FORMULAS = [
    (regularizers.L1(), 0.01 * np.abs(W64).sum()),
    (regularizers.L1(l1=0.3), 0.3 * np.abs(W64).sum()),
    (regularizers.L2(), 0.01 * (W64**2).sum()),
    (regularizers.L2(l2=0.2), 0.2 * (W64**2).sum()),
    (regularizers.L1L2(l1=0.1, l2=0.2),
     0.1 * np.abs(W64).sum() + 0.2 * (W64**2).sum()),
    (regularizers.L1L2(), 0.0),
    (regularizers.OrthogonalRegularizer(), _orthogonal_np(W, 0.01, "rows")),
    (regularizers.OrthogonalRegularizer(factor=0.5, mode="columns"),
     _orthogonal_np(W, 0.5, "columns")),
    (regularizers.Regularizer(), 0.0),
]


@pytest.mark.parametrize(
    "reg,expected", FORMULAS, ids=[f"{type(r).__name__}{i}"
                                   for i, (r, _) in enumerate(FORMULAS)])
def test_penalty_matches_numpy(reg, expected):
    value = reg(W)
    assert_allclose(value, expected, rtol=1e-5, atol=1e-7)
    if not isinstance(value, float):
        assert keras.backend.standardize_dtype(value.dtype) == "float32"


def test_orthogonal_is_zero_for_orthogonal_rows():
    q = np.array([[0.0, 2.0], [3.0, 0.0]], np.float32)
    assert_allclose(regularizers.OrthogonalRegularizer(1.0)(q), 0.0)


def test_defaults_and_configs_match_keras():
    assert regularizers.L1().get_config() == {"l1": 0.01}
    assert regularizers.L2().get_config() == {"l2": 0.01}
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert regularizers.OrthogonalRegularizer().get_config() == {
        "factor": 0.01, "mode": "rows"}
    # None means the default, as in Keras.
    assert regularizers.L2(None).l2 == 0.01
    assert regularizers.L1L2(None, 0.5).get_config() == {"l1": 0.0, "l2": 0.5}
    assert regularizers.l2 is regularizers.L2
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.orthogonal_regularizer is (
        regularizers.OrthogonalRegularizer)


@pytest.mark.parametrize("name,cls,config", [
    ("l1", "L1", {"l1": 0.01}),
    ("l2", "L2", {"l2": 0.01}),
    ("L2", "L2", {"l2": 0.01}),
    ("l1_l2", "L1L2", {"l1": 0.01, "l2": 0.01}),
    ("L1L2", "L1L2", {"l1": 0.0, "l2": 0.0}),
    ("orthogonal_regularizer", "OrthogonalRegularizer",
     {"factor": 0.01, "mode": "rows"}),
])
def test_get_by_name(name, cls, config):
    reg = regularizers.get(name)
    assert type(reg).__name__ == cls
    assert reg.get_config() == config


def test_get_passes_instances_callables_and_none():
    reg = regularizers.L1(0.2)
    assert regularizers.get(reg) is reg
    assert isinstance(regularizers.get(regularizers.L2), regularizers.L2)

    def fn(w):
        return w.sum()

    assert regularizers.get(fn) is fn
    assert regularizers.get(None) is None


def test_serialize_round_trip_in_keras_format():
    reg = regularizers.OrthogonalRegularizer(factor=0.2, mode="columns")
    config = regularizers.serialize(reg)
    assert config == {
        "module": "multikeras.regularizers",
        "class_name": "OrthogonalRegularizer",
        "config": {"factor": 0.2, "mode": "columns"},
        "registered_name": None,
    }
    back = regularizers.deserialize(config)
    assert isinstance(back, regularizers.OrthogonalRegularizer)
    assert back.get_config() == reg.get_config()
    # A dict written by Keras itself.
    keras_dict = {"module": "keras.regularizers", "class_name": "L1L2",
                  "config": {"l1": 0.5, "l2": 0.25}, "registered_name": None}
    assert regularizers.get(keras_dict).get_config() == {"l1": 0.5,
                                                         "l2": 0.25}


class _Scaled(regularizers.Regularizer):
    def __init__(self, factor=1.0):
        self.factor = factor

    def __call__(self, x):
        return self.factor * keras.ops.sum(x)

    def get_config(self):
        return {"factor": self.factor}


def test_custom_regularizers_resolve_by_name_and_config():
    with keras.saving.custom_object_scope({"_Scaled": _Scaled}):
        assert isinstance(regularizers.get("_Scaled"), _Scaled)
        back = regularizers.get(regularizers.serialize(_Scaled(3.0)))
    assert isinstance(back, _Scaled) and back.factor == 3.0
    registered = keras.saving.register_keras_serializable(
        package="RegTest")(type("RegTestScaled", (_Scaled,), {}))
    config = regularizers.serialize(registered(2.0))
    assert config["registered_name"] == "RegTest>RegTestScaled"
    assert regularizers.deserialize(config).factor == 2.0


def test_subclass_without_get_config_says_so():
    class NoConfig(regularizers.Regularizer):
        def __init__(self, factor):
            self.factor = factor

    with pytest.raises(NotImplementedError, match="NoConfig.*get_config"):
        NoConfig(1.0).get_config()
    assert regularizers.Regularizer().get_config() == {}


@pytest.mark.parametrize("make,pattern", [
    (lambda: regularizers.L2(-1.0), r"L2.*`l2`.*Received: l2=-1.0"),
    (lambda: regularizers.L1("a"), r"L1.*`l1`.*Received: l1='a'"),
    (lambda: regularizers.L1L2(l1=float("nan")), r"L1L2.*`l1`.*nan"),
    (lambda: regularizers.L1L2(l2=True), r"L1L2.*`l2`.*True"),
    (lambda: regularizers.OrthogonalRegularizer(factor=-0.1),
     r"OrthogonalRegularizer.*`factor`"),
    (lambda: regularizers.OrthogonalRegularizer(mode="diag"),
     r"`mode`.*'rows', 'columns'.*Received: mode='diag'"),
])
def test_bad_arguments_are_rejected(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_orthogonal_rejects_other_ranks():
    with pytest.raises(ValueError, match=r"rank-2.*shape=\(2, 2, 2\)"):
        regularizers.OrthogonalRegularizer()(np.ones((2, 2, 2), "float32"))


def test_bad_identifiers_are_rejected():
    with pytest.raises(ValueError, match=r"Unknown regularizer: 'l3'.*l2"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="regularizer identifier: 5"):
        regularizers.get(5)
    with pytest.raises(ValueError, match="class_name"):
        regularizers.deserialize({"l2": 0.1})
    with pytest.raises(ValueError, match="Unknown regularizer"):
        keras.layers.Dense(2, kernel_regularizer="l3")


def test_dense_resolves_and_serializes_regularizers():
    layer = keras.layers.Dense(
        3, kernel_regularizer="l2", bias_regularizer={
            "class_name": "L1", "config": {"l1": 0.5}},
        activity_regularizer=regularizers.L1L2(l2=0.1))
    layer.build((None, 4))
    kernel = layer.kernel.numpy().astype(np.float64)
    assert_allclose(sum(layer.losses), 0.01 * (kernel**2).sum(), rtol=1e-6)
    config = layer.get_config()
    assert config["kernel_regularizer"]["class_name"] == "L2"
    assert config["kernel_regularizer"]["config"] == {"l2": 0.01}
    clone = keras.layers.Dense.from_config(config)
    assert isinstance(clone.kernel_regularizer, regularizers.L2)
    assert clone.bias_regularizer.get_config() == {"l1": 0.5}
    assert clone.activity_regularizer.get_config() == {"l1": 0.0, "l2": 0.1}


def _linear_model(**dense_kwargs):
    inputs = keras.Input((3,))
    outputs = keras.layers.Dense(1, **dense_kwargs)(inputs)
    return keras.Model(inputs, outputs)


@pytest.mark.jax_only
def test_l2_penalty_reaches_the_fit_loss_and_its_gradient():
    x = RNG.normal(size=(8, 3)).astype(np.float32)
    y = RNG.normal(size=(8, 1)).astype(np.float32)
    model = _linear_model(kernel_regularizer="l2")
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    k0, b0 = (w.astype(np.float64) for w in model.get_weights())
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    err = x @ k0 + b0 - y
    expected = (err**2).mean() + 0.01 * (k0**2).sum()
    assert_allclose(history.history["loss"][0], expected, rtol=1e-5)
    # One SGD step on the full loss: the L2 term adds 0.02 * kernel.
    grad_k = 2 * x.T @ err / len(x) + 0.02 * k0
    grad_b = 2 * err.mean(axis=0)
    k1, b1 = model.get_weights()
    assert_allclose(k1, k0 - 0.1 * grad_k, rtol=1e-5, atol=1e-6)
    assert_allclose(b1, b0 - 0.1 * grad_b, rtol=1e-5, atol=1e-6)
