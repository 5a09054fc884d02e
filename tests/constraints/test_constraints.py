"""Constraints: projections against NumPy, defaults, `get`/`serialize`
round trips, clear errors, and the projection applied after each update
inside a compiled fit."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import constraints
from multikeras.testing import assert_allclose

EPS = 1e-7
RNG = np.random.default_rng(1)
W = RNG.normal(size=(3, 4)).astype(np.float32)


def _norms_np(w, axis):
    axes = tuple(axis) if isinstance(axis, list) else axis
    return np.sqrt((w.astype(np.float64) ** 2).sum(axis=axes, keepdims=True))


def _max_norm_np(w, max_value, axis):
    n = _norms_np(w, axis)
    return w * np.clip(n, 0, max_value) / (EPS + n)


def _min_max_norm_np(w, lo, hi, rate, axis):
    n = _norms_np(w, axis)
    return w * (rate * np.clip(n, lo, hi) + (1 - rate) * n) / (EPS + n)


CASES = [
    (constraints.MaxNorm(), _max_norm_np(W, 2, 0)),
    (constraints.MaxNorm(max_value=0.5, axis=1), _max_norm_np(W, 0.5, 1)),
    (constraints.MaxNorm(1.0, axis=[0, 1]), _max_norm_np(W, 1.0, [0, 1])),
    (constraints.NonNeg(), np.where(W > 0, W, 0.0)),
    (constraints.UnitNorm(), W / (EPS + _norms_np(W, 0))),
    (constraints.UnitNorm(axis=1), W / (EPS + _norms_np(W, 1))),
    (constraints.MinMaxNorm(), _min_max_norm_np(W, 0.0, 1.0, 1.0, 0)),
    (constraints.MinMaxNorm(1.5, 2.0, rate=0.5, axis=1),
     _min_max_norm_np(W, 1.5, 2.0, 0.5, 1)),
    (constraints.Constraint(), W),
]


@pytest.mark.parametrize(
    "constraint,expected", CASES,
    ids=[f"{type(c).__name__}{i}" for i, (c, _) in enumerate(CASES)])
def test_projection_matches_numpy(constraint, expected):
    out = constraint(W)
    assert out.shape == W.shape
    assert keras.backend.standardize_dtype(out.dtype) == "float32"
    assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_projections_land_where_they_promise():
    big = 5 * W
    assert (_norms_np(np.asarray(constraints.MaxNorm(1.5)(big)), 0)
            <= 1.5 + 1e-5).all()
    assert_allclose(_norms_np(np.asarray(constraints.UnitNorm()(big)), 0),
                    1.0, rtol=1e-5)
    norms = _norms_np(np.asarray(constraints.MinMaxNorm(1.0, 2.0)(big)), 0)
    assert ((norms >= 1.0 - 1e-5) & (norms <= 2.0 + 1e-5)).all()


def test_defaults_and_configs_match_keras():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {
        "min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}
    assert constraints.NonNeg().get_config() == {}
    assert constraints.max_norm is constraints.MaxNorm
    assert constraints.min_max_norm is constraints.MinMaxNorm
    assert constraints.non_neg is constraints.NonNeg
    assert constraints.unit_norm is constraints.UnitNorm


@pytest.mark.parametrize("name,cls", [
    ("max_norm", constraints.MaxNorm),
    ("MaxNorm", constraints.MaxNorm),
    ("min_max_norm", constraints.MinMaxNorm),
    ("non_neg", constraints.NonNeg),
    ("unit_norm", constraints.UnitNorm),
])
def test_get_by_name(name, cls):
    assert type(constraints.get(name)) is cls


def test_get_passes_instances_callables_and_none():
    c = constraints.MaxNorm(3)
    assert constraints.get(c) is c
    assert isinstance(constraints.get(constraints.NonNeg), constraints.NonNeg)

    def clip(w):
        return w

    assert constraints.get(clip) is clip
    assert constraints.get(None) is None


def test_serialize_round_trip_in_keras_format():
    c = constraints.MinMaxNorm(0.5, 3.0, rate=0.25, axis=[0, 1])
    config = constraints.serialize(c)
    assert config == {
        "module": "multikeras.constraints",
        "class_name": "MinMaxNorm",
        "config": {"min_value": 0.5, "max_value": 3.0, "rate": 0.25,
                   "axis": [0, 1]},
        "registered_name": None,
    }
    back = constraints.deserialize(config)
    assert isinstance(back, constraints.MinMaxNorm)
    assert_allclose(back(W), c(W))
    keras_dict = {"module": "keras.constraints", "class_name": "MaxNorm",
                  "config": {"max_value": 4, "axis": 1},
                  "registered_name": None}
    assert constraints.get(keras_dict).get_config() == {"max_value": 4,
                                                        "axis": 1}


def test_custom_constraint_resolves_by_name():
    class Halve(constraints.Constraint):
        def __call__(self, w):
            return w / 2

    with keras.saving.custom_object_scope({"Halve": Halve}):
        assert isinstance(constraints.get("Halve"), Halve)
        assert isinstance(
            constraints.get(constraints.serialize(Halve())), Halve)


@pytest.mark.parametrize("make,pattern", [
    (lambda: constraints.MaxNorm(-1), r"MaxNorm.*`max_value`.*=-1"),
    (lambda: constraints.MaxNorm(axis="0"), r"MaxNorm.*`axis`.*'0'"),
    (lambda: constraints.UnitNorm(axis=[]), r"UnitNorm.*`axis`"),
    (lambda: constraints.MinMaxNorm(2.0, 1.0),
     r"min_value <= max_value.*min_value=2.0, max_value=1.0"),
    (lambda: constraints.MinMaxNorm(rate=1.5), r"`rate`.*\[0, 1\].*1.5"),
    (lambda: constraints.MinMaxNorm(min_value=float("nan")),
     r"`min_value`.*nan"),
])
def test_bad_arguments_are_rejected(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_bad_identifiers_are_rejected():
    with pytest.raises(ValueError, match=r"Unknown constraint: 'nonneg'"):
        constraints.get("nonneg")
    with pytest.raises(ValueError, match="constraint identifier: 3"):
        constraints.get(3)
    with pytest.raises(ValueError, match="Unknown constraint"):
        keras.layers.Dense(2, kernel_constraint="positive")


def test_dense_resolves_and_serializes_constraints():
    layer = keras.layers.Dense(2, kernel_constraint="max_norm",
                               bias_constraint=constraints.NonNeg())
    config = layer.get_config()
    assert config["kernel_constraint"]["class_name"] == "MaxNorm"
    assert config["bias_constraint"]["class_name"] == "NonNeg"
    clone = keras.layers.Dense.from_config(config)
    assert isinstance(clone.kernel_constraint, constraints.MaxNorm)
    clone.build((None, 3))
    assert clone.kernel.constraint is clone.kernel_constraint


def _fit_one_step(constraint, x, y, k0, lr=0.5):
    inputs = keras.Input((x.shape[1],))
    outputs = keras.layers.Dense(k0.shape[1], kernel_constraint=constraint,
                                 use_bias=False)(inputs)
    model = keras.Model(inputs, outputs)
    model.set_weights([k0])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    model.fit(x, y, batch_size=len(x), epochs=1, verbose=0)
    err = x @ k0.astype(np.float64) - y
    unconstrained = k0 - lr * 2 * x.T @ err / err.size
    return model.get_weights()[0], unconstrained


@pytest.mark.jax_only
def test_nonneg_is_applied_after_each_update_in_fit():
    x = RNG.normal(size=(8, 3)).astype(np.float32)
    y = (x @ np.array([[-1.0, 2.0], [1.0, -3.0], [0.5, 0.5]])).astype(
        np.float32)
    k0 = np.full((3, 2), 0.1, np.float32)
    kernel, unconstrained = _fit_one_step(constraints.NonNeg(), x, y, k0)
    assert (unconstrained < 0).any()  # the constraint has work to do
    assert (kernel >= 0).all()
    assert_allclose(kernel, np.maximum(unconstrained, 0), atol=1e-6)


@pytest.mark.jax_only
def test_max_norm_holds_after_fit():
    x = RNG.normal(size=(8, 3)).astype(np.float32)
    y = 10 * RNG.normal(size=(8, 2)).astype(np.float32)
    k0 = RNG.normal(size=(3, 2)).astype(np.float32)
    kernel, unconstrained = _fit_one_step(constraints.MaxNorm(0.5), x, y, k0)
    assert (_norms_np(unconstrained, 0) > 0.5).any()
    assert (_norms_np(kernel, 0) <= 0.5 + 1e-5).all()
    assert_allclose(kernel, _max_norm_np(unconstrained, 0.5, 0),
                    rtol=1e-5, atol=1e-6)
