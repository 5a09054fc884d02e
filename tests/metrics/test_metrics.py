"""Metrics against NumPy written here: values, sample weights, state."""

import numpy as np
import pytest

from multikeras import metrics
from multikeras.testing import assert_allclose

RNG = np.random.default_rng(0)
N, C = 8, 3

LABELS = RNG.integers(0, C, size=(N,)).astype(np.int32)
ONE_HOT = np.eye(C, dtype=np.float32)[LABELS]
SCORES = RNG.normal(size=(N, C)).astype(np.float32)
SCORES[0] = np.eye(C)[LABELS[0]] * 5  # at least one hit, one miss
SCORES[1] = np.eye(C)[(LABELS[1] + 1) % C] * 5
Y_BIN = RNG.integers(0, 2, size=(N, 2)).astype(np.float32)
P_BIN = RNG.uniform(size=(N, 2)).astype(np.float32)
Y_INT = RNG.integers(0, 3, size=(N,)).astype(np.float32)
P_INT = np.where(RNG.uniform(size=N) < 0.5, Y_INT, (Y_INT + 1) % 3)
VALUES = RNG.normal(size=(N,)).astype(np.float32)
WEIGHTS = RNG.uniform(0.0, 2.0, size=(N,)).astype(np.float32)


def _weighted_mean(per_sample, w):
    if w is None:
        return per_sample.mean()
    return (per_sample * w).sum() / w.sum()


# (id, metric factory, update args, NumPy per-sample values)
MEAN_CASES = [
    ("mean", metrics.Mean, (VALUES,), VALUES),
    ("accuracy", metrics.Accuracy, (Y_INT, P_INT),
     (Y_INT == P_INT).astype(np.float64)),
    ("binary_accuracy", metrics.BinaryAccuracy, (Y_BIN, P_BIN),
     (Y_BIN == (P_BIN > 0.5)).mean(-1)),
    ("binary_accuracy_threshold",
     lambda: metrics.BinaryAccuracy(threshold=0.8), (Y_BIN, P_BIN),
     (Y_BIN == (P_BIN > 0.8)).mean(-1)),
    ("categorical_accuracy", metrics.CategoricalAccuracy, (ONE_HOT, SCORES),
     (ONE_HOT.argmax(-1) == SCORES.argmax(-1)).astype(np.float64)),
    ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy,
     (LABELS, SCORES), (LABELS == SCORES.argmax(-1)).astype(np.float64)),
    ("sparse_categorical_accuracy_n1", metrics.SparseCategoricalAccuracy,
     (LABELS[:, None], SCORES),
     (LABELS == SCORES.argmax(-1)).astype(np.float64)),
]
IDS = [c[0] for c in MEAN_CASES]


def _halves(args):
    return [tuple(a[: N // 2] for a in args), tuple(a[N // 2 :] for a in args)]


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("name,make,args,per_sample", MEAN_CASES, ids=IDS)
def test_mean_metric_matches_numpy(name, make, args, per_sample, weighted):
    # Some hits and some misses, so a wrong metric cannot pass by luck.
    assert 0 < per_sample.mean() < 1 or name == "mean"
    metric = make()
    for part, w in zip(_halves(args), np.split(WEIGHTS, 2), strict=True):
        metric.update_state(*part, sample_weight=w if weighted else None)
    expected = _weighted_mean(per_sample, WEIGHTS if weighted else None)
    assert_allclose(metric.result(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,make,args,per_sample", MEAN_CASES, ids=IDS)
def test_reset_state_forgets_the_past(name, make, args, per_sample):
    metric = make()
    metric.update_state(*args)
    metric.reset_state()
    assert_allclose(metric.result(), 0.0)
    first, second = _halves(args)
    metric.update_state(*second)
    assert_allclose(metric.result(), per_sample[N // 2 :].mean(), rtol=1e-5)


@pytest.mark.parametrize("name,make,args,per_sample", MEAN_CASES, ids=IDS)
def test_stateless_update_equals_stateful(name, make, args, per_sample):
    stateful, stateless = make(), make()
    state = [v.value for v in stateless.variables]
    for part, w in zip(_halves(args), np.split(WEIGHTS, 2), strict=True):
        stateful.update_state(*part, sample_weight=w)
        state = stateless.stateless_update_state(state, *part,
                                                 sample_weight=w)
    # The stateless path leaves the metric's own variables untouched.
    assert_allclose(stateless.result(), 0.0)
    for v in stateless.variables:
        assert_allclose(v.numpy(), 0.0)
    assert_allclose(stateless.stateless_result(state), stateful.result(),
                    rtol=1e-6)
    assert_allclose(stateful.result(), _weighted_mean(per_sample, WEIGHTS),
                    rtol=1e-5)
    fresh = stateless.stateless_reset_state()
    assert_allclose(stateless.stateless_result(fresh), 0.0)


def test_stateless_state_size_mismatch_raises():
    metric = metrics.Mean()
    with pytest.raises(ValueError, match="2 state variables; received 1"):
        metric.stateless_update_state([0.0], VALUES)


def test_mean_weights_broadcast_over_values_per_sample():
    values = RNG.normal(size=(N, 3)).astype(np.float32)
    metric = metrics.Mean()
    metric.update_state(values, sample_weight=WEIGHTS)
    # Keras: per-sample means weighted by the sample weights.
    expected = (values.mean(-1) * WEIGHTS).sum() / WEIGHTS.sum()
    assert_allclose(metric.result(), expected, rtol=1e-5)


@pytest.mark.parametrize("weighted", [False, True])
def test_sum_matches_numpy(weighted):
    metric = metrics.Sum()
    w = WEIGHTS if weighted else None
    for part, wp in zip(np.split(VALUES, 2), np.split(WEIGHTS, 2), strict=True):
        metric.update_state(part, sample_weight=wp if weighted else None)
    expected = (VALUES * (WEIGHTS if weighted else 1.0)).sum()
    assert_allclose(metric.result(), expected, rtol=1e-5)
    metric.reset_state()
    assert_allclose(metric.result(), 0.0)
    state = metric.stateless_update_state(
        [v.value for v in metric.variables], VALUES, sample_weight=w
    )
    assert_allclose(metric.stateless_result(state), expected, rtol=1e-5)


def test_call_updates_and_returns_result():
    metric = metrics.Mean()
    assert_allclose(metric([1.0, 3.0]), 2.0)
    assert_allclose(metric([8.0]), 4.0)


def test_empty_mean_is_zero_not_nan():
    assert_allclose(metrics.Mean().result(), 0.0)


@pytest.mark.parametrize(
    "identifier,cls",
    [
        ("accuracy", metrics.Accuracy),
        ("binary_accuracy", metrics.BinaryAccuracy),
        ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy),
        ("mean", metrics.Mean),
    ],
)
def test_get_by_name(identifier, cls):
    assert isinstance(metrics.get(identifier), cls)


def test_get_wraps_a_function_as_a_mean():
    metric = metrics.get("mse")
    y, p = ONE_HOT, SCORES
    metric.update_state(y, p)
    assert_allclose(metric.result(), ((y - p) ** 2).mean(), rtol=1e-5)


def test_config_round_trip():
    metric = metrics.BinaryAccuracy(name="ba", threshold=0.3)
    clone = metrics.BinaryAccuracy.from_config(metric.get_config())
    assert clone.get_config() == metric.get_config()
    clone.update_state(Y_BIN, P_BIN)
    assert_allclose(clone.result(), (Y_BIN == (P_BIN > 0.3)).mean(),
                    rtol=1e-5)


def test_unknown_metric_string_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown metric: 'acuracy'") as e:
        metrics.get("acuracy")
    assert "accuracy" in str(e.value)
