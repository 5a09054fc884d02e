"""Losses against NumPy written here: every loss, reduction and weighting."""

import numpy as np
import pytest

from multikeras import losses
from multikeras.testing import assert_allclose

EPS = 1e-7
RNG = np.random.default_rng(0)
N, C = 6, 4

Y_REG = RNG.normal(size=(N, 3)).astype(np.float32)
P_REG = RNG.normal(size=(N, 3)).astype(np.float32)
Y_BIN = RNG.integers(0, 2, size=(N, 3)).astype(np.float32)
LOGITS_BIN = RNG.normal(size=(N, 3)).astype(np.float32)
LABELS = RNG.integers(0, C, size=(N,)).astype(np.int32)
LABELS[:2] = [1, 2]  # ignore_class=2 below must hit at least one sample
ONE_HOT = np.eye(C, dtype=np.float32)[LABELS]
LOGITS = RNG.normal(size=(N, C)).astype(np.float32)
SAMPLE_WEIGHT = np.array([0.5, 2.0, 1.0, 0.0, 3.0, 1.5], np.float32)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _np_bce(y, p, from_logits, smoothing=0.0):
    y = y * (1 - smoothing) + 0.5 * smoothing
    if from_logits:
        # Stable log-sigmoid form.
        per = np.maximum(p, 0) - p * y + np.log1p(np.exp(-np.abs(p)))
    else:
        p = np.clip(p, EPS, 1 - EPS)
        per = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return per.mean(-1)


def _np_cce(y, p, from_logits, smoothing=0.0):
    y = y * (1 - smoothing) + smoothing / y.shape[-1]
    if from_logits:
        p = _softmax(p)
    else:
        p = p / p.sum(-1, keepdims=True)
    return -(y * np.log(np.clip(p, EPS, 1 - EPS))).sum(-1)


def _np_scce(labels, p, from_logits):
    return _np_cce(np.eye(p.shape[-1])[labels], p, from_logits)


PROBS_BIN = _sigmoid(LOGITS_BIN)
PROBS = _softmax(LOGITS)

# (id, loss factory, y_true, y_pred, NumPy per-sample losses)
CASES = [
    ("mse", losses.MeanSquaredError, Y_REG, P_REG,
     ((Y_REG - P_REG) ** 2).mean(-1)),
    ("mae", losses.MeanAbsoluteError, Y_REG, P_REG,
     np.abs(Y_REG - P_REG).mean(-1)),
    ("bce_probs", losses.BinaryCrossentropy, Y_BIN, PROBS_BIN,
     _np_bce(Y_BIN, PROBS_BIN, False)),
    ("bce_logits", lambda **kw: losses.BinaryCrossentropy(from_logits=True,
                                                          **kw),
     Y_BIN, LOGITS_BIN, _np_bce(Y_BIN, LOGITS_BIN, True)),
    ("bce_smoothing",
     lambda **kw: losses.BinaryCrossentropy(label_smoothing=0.2, **kw),
     Y_BIN, PROBS_BIN, _np_bce(Y_BIN, PROBS_BIN, False, 0.2)),
    ("bce_logits_smoothing",
     lambda **kw: losses.BinaryCrossentropy(from_logits=True,
                                            label_smoothing=0.3, **kw),
     Y_BIN, LOGITS_BIN, _np_bce(Y_BIN, LOGITS_BIN, True, 0.3)),
    ("cce_probs", losses.CategoricalCrossentropy, ONE_HOT, PROBS,
     _np_cce(ONE_HOT, PROBS, False)),
    ("cce_logits",
     lambda **kw: losses.CategoricalCrossentropy(from_logits=True, **kw),
     ONE_HOT, LOGITS, _np_cce(ONE_HOT, LOGITS, True)),
    ("cce_smoothing",
     lambda **kw: losses.CategoricalCrossentropy(from_logits=True,
                                                 label_smoothing=0.1, **kw),
     ONE_HOT, LOGITS, _np_cce(ONE_HOT, LOGITS, True, 0.1)),
    ("scce_probs", losses.SparseCategoricalCrossentropy, LABELS, PROBS,
     _np_scce(LABELS, PROBS, False)),
    ("scce_logits",
     lambda **kw: losses.SparseCategoricalCrossentropy(from_logits=True,
                                                       **kw),
     LABELS, LOGITS, _np_scce(LABELS, LOGITS, True)),
    ("scce_labels_n1",
     lambda **kw: losses.SparseCategoricalCrossentropy(from_logits=True,
                                                       **kw),
     LABELS[:, None], LOGITS, _np_scce(LABELS, LOGITS, True)),
]
IDS = [c[0] for c in CASES]


def _np_reduce(per_sample, reduction, sample_weight=None):
    weighted = per_sample if sample_weight is None else (
        per_sample * sample_weight
    )
    if reduction == "none":
        return weighted
    if reduction == "sum":
        return weighted.sum()
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return weighted.sum() / sample_weight.sum()
    return weighted.sum() / weighted.size


REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("name,make,y_true,y_pred,expected", CASES, ids=IDS)
def test_loss_matches_numpy(name, make, y_true, y_pred, expected, reduction,
                            weighted):
    loss = make(reduction=reduction)
    sw = SAMPLE_WEIGHT if weighted else None
    actual = loss(y_true, y_pred, sample_weight=sw)
    assert_allclose(actual, _np_reduce(expected, reduction, sw), rtol=1e-5,
                    atol=1e-6)


@pytest.mark.parametrize("name,make,y_true,y_pred,expected", CASES, ids=IDS)
def test_loss_function_gives_per_sample_values(name, make, y_true, y_pred,
                                               expected):
    loss = make()
    values = loss.fn(y_true, y_pred, **loss._fn_kwargs)
    assert tuple(values.shape) == (N,)
    assert_allclose(values, expected, rtol=1e-5, atol=1e-6)


def test_sample_weight_with_trailing_axis_is_squeezed():
    loss = losses.MeanSquaredError()
    expected = _np_reduce(((Y_REG - P_REG) ** 2).mean(-1),
                          "sum_over_batch_size", SAMPLE_WEIGHT)
    assert_allclose(loss(Y_REG, P_REG, sample_weight=SAMPLE_WEIGHT[:, None]),
                    expected, rtol=1e-5)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ignore_class_masks_the_ignored_samples(from_logits, reduction):
    ignore = 2
    y_pred = LOGITS if from_logits else PROBS
    loss = losses.SparseCategoricalCrossentropy(
        from_logits=from_logits, ignore_class=ignore, reduction=reduction
    )
    keep = LABELS != ignore
    assert 0 < keep.sum() < N
    per = np.where(keep, _np_scce(np.where(keep, LABELS, 0), y_pred,
                                  from_logits), 0.0)
    if reduction == "none":
        expected = per
    elif reduction == "sum":
        expected = per.sum()
    else:
        # As in Keras, the ignored samples are masked out of the average.
        expected = per.sum() / keep.sum()
    assert_allclose(loss(LABELS, y_pred), expected, rtol=1e-5, atol=1e-6)


def test_ignore_class_with_sample_weight():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True,
                                                ignore_class=2)
    keep = LABELS != 2
    per = np.where(keep, _np_scce(np.where(keep, LABELS, 0), LOGITS, True), 0)
    expected = (per * SAMPLE_WEIGHT).sum() / keep.sum()
    assert_allclose(loss(LABELS, LOGITS, sample_weight=SAMPLE_WEIGHT),
                    expected, rtol=1e-5)


def test_padding_mask_averages_over_real_rows_only():
    loss = losses.MeanSquaredError()
    mask = np.array([1, 1, 1, 1, 0, 0], np.float32)
    per = ((Y_REG - P_REG) ** 2).mean(-1)
    assert_allclose(loss(Y_REG, P_REG, mask=mask), per[:4].mean(), rtol=1e-5)
    assert_allclose(
        loss(Y_REG, P_REG, sample_weight=SAMPLE_WEIGHT, mask=mask),
        (per * SAMPLE_WEIGHT)[:4].sum() / 4, rtol=1e-5,
    )
    summed = losses.MeanSquaredError(reduction="sum")
    assert_allclose(summed(Y_REG, P_REG, mask=mask), per[:4].sum(),
                    rtol=1e-5)


@pytest.mark.parametrize(
    "identifier,expected",
    [
        ("mse", ((Y_REG - P_REG) ** 2).mean(-1)),
        ("mean_absolute_error", np.abs(Y_REG - P_REG).mean(-1)),
        ("MeanSquaredError", ((Y_REG - P_REG) ** 2).mean()),
    ],
)
def test_get_by_name(identifier, expected):
    loss = losses.get(identifier)
    assert_allclose(loss(Y_REG, P_REG), expected, rtol=1e-5)


def test_config_round_trip():
    loss = losses.CategoricalCrossentropy(from_logits=True,
                                          label_smoothing=0.1,
                                          reduction="sum", name="cce")
    clone = losses.CategoricalCrossentropy.from_config(loss.get_config())
    assert clone.get_config() == loss.get_config()
    assert_allclose(clone(ONE_HOT, LOGITS), loss(ONE_HOT, LOGITS))
    assert_allclose(clone(ONE_HOT, LOGITS),
                    _np_cce(ONE_HOT, LOGITS, True, 0.1).sum(), rtol=1e-5)


def test_unknown_loss_string_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown loss: 'msee'") as e:
        losses.get("msee")
    assert "mean_squared_error" in str(e.value)


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: losses.MeanSquaredError(reduction="avg"), "reduction"),
        (lambda: losses.BinaryCrossentropy(label_smoothing=1.5),
         "label_smoothing"),
    ],
)
def test_invalid_arguments_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_categorical_crossentropy_with_integer_targets_teaches():
    loss = losses.CategoricalCrossentropy()
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        loss(LABELS[:, None].astype(np.float32), PROBS)
