"""`compile(loss=..., loss_weights=...)` in a model: how losses map to
outputs, what reaches the total (layer losses, regularizers, masks), and
the errors for losses or targets that name no output."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import ops
from multikeras.testing import assert_allclose

jax_only = pytest.mark.jax_only
RNG = np.random.default_rng(2)
N = 6
X = RNG.normal(size=(N, 3)).astype(np.float32)
Y = RNG.normal(size=(N, 1)).astype(np.float32)
YB = RNG.normal(size=(N, 2)).astype(np.float32)


def _single(as_list=False):
    inputs = keras.Input((3,))
    out = keras.layers.Dense(1, name="d")(inputs)
    return keras.Model(inputs, [out] if as_list else out)


def _two_outputs():
    inputs = keras.Input((3,))
    a = keras.layers.Dense(1, name="a")(inputs)
    b = keras.layers.Dense(2, name="b")(inputs)
    return keras.Model(inputs, [a, b])


def _mse(y, p):
    return ((np.asarray(p, np.float64) - y) ** 2).mean()


@pytest.mark.parametrize(
    "loss,loss_weights,factor",
    [
        (["mse"], None, 1.0),
        (("mse",), [2.0], 2.0),
        ({"d": "mse"}, 0.5, 0.5),
        ("mse", {"d": 3.0}, 3.0),
        ([keras.losses.MeanSquaredError()], (0.25,), 0.25),
    ],
    ids=["list", "tuple_weight_list", "dict_scalar_weight",
         "weight_dict", "instance"],
)
@pytest.mark.parametrize("as_list", [False, True], ids=["tensor", "list"])
def test_single_output_accepts_list_dict_and_weights(loss, loss_weights,
                                                     factor, as_list):
    model = _single(as_list)
    model.compile(loss=loss, loss_weights=loss_weights)
    pred = model.predict(X, verbose=0)
    pred = pred[0] if isinstance(pred, list) else pred
    value = model.evaluate(X, Y, batch_size=N, verbose=0)
    assert_allclose(value, factor * _mse(Y, pred), rtol=1e-5)


def test_single_output_loss_list_of_wrong_length_raises():
    with pytest.raises(ValueError, match=r"1 output \(\['d'\]\).*1 entry"
                                         r".*Received 2"):
        _single().compile(loss=["mse", "mae"])
    with pytest.raises(ValueError, match="loss_weights list.*Received 2"):
        _single().compile(loss="mse", loss_weights=[1.0, 2.0])


def test_loss_dict_key_naming_no_output_lists_the_outputs():
    with pytest.raises(ValueError, match=r"keys \['dense'\].*\['d'\]"):
        _single().compile(loss={"dense": "mse"})


@pytest.mark.parametrize(
    "loss,match",
    [
        ("msee", "Unknown loss: 'msee'"),
        (42, "Could not interpret loss identifier: 42"),
    ],
)
def test_bad_loss_identifier_raises(loss, match):
    with pytest.raises(ValueError, match=match):
        _single().compile(loss=loss)


def test_loss_weight_that_is_no_number_raises():
    with pytest.raises(ValueError, match="must be a number.*'big'"):
        _single().compile(loss="mse", loss_weights=["big"])


def test_output_without_a_loss_needs_no_target():
    model = _two_outputs()
    model.compile(loss={"b": "mae"})
    _, pb = model.predict(X, verbose=0)
    value = model.evaluate(X, {"b": YB}, batch_size=N, verbose=0,
                           return_dict=True)
    expected = np.abs(pb - YB.astype(np.float64)).mean()
    assert_allclose(value["loss"], expected, rtol=1e-5)
    assert_allclose(value["b_loss"], expected, rtol=1e-5)


def test_target_dict_key_naming_no_output_raises():
    model = _two_outputs()
    model.compile(loss="mse")
    with pytest.raises(ValueError, match=r"keys \['c'\].*\['a', 'b'\]"):
        model.evaluate(X, {"a": Y, "c": YB}, verbose=0)


def test_per_output_sample_weights():
    model = _two_outputs()
    model.compile(loss=["mse", "mae"])
    pa, pb = model.predict(X, verbose=0)
    wa = np.linspace(0, 1, N).astype(np.float32)
    wb = np.linspace(2, 1, N).astype(np.float32)
    logs = model.evaluate(X, [Y, YB], sample_weight={"a": wa, "b": wb},
                          batch_size=N, verbose=0, return_dict=True)
    mse_a = (((pa - Y) ** 2).mean(-1) * wa).mean()
    mae_b = (np.abs(pb - YB).mean(-1) * wb).mean()
    assert_allclose(logs["a_loss"], mse_a, rtol=1e-5)
    assert_allclose(logs["b_loss"], mae_b, rtol=1e-5)
    assert_allclose(logs["loss"], mse_a + mae_b, rtol=1e-5)


# -------------------------------------------------- losses beyond compile
class AddsLoss(keras.layers.Layer):
    """Adds `rate * sum(x**2)` of its input with `add_loss`."""

    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, x):
        self.add_loss(self.rate * ops.sum(ops.square(x)))
        return x


def _regularized_model():
    inputs = keras.Input((3,))
    hidden = AddsLoss(0.1)(inputs)
    hidden = keras.layers.Dense(
        2, name="h",
        kernel_regularizer=lambda w: 0.01 * ops.sum(ops.square(w)),
        activity_regularizer=lambda a: 0.05 * ops.sum(ops.abs(a)),
    )(hidden)
    out = keras.layers.Dense(1, name="out")(hidden)
    return keras.Model(inputs, out)


def _expected_total(model, x, y):
    kernel, bias = (v.numpy().astype(np.float64)
                    for v in model.get_layer("h").weights)
    hidden = x @ kernel + bias
    pred = model.predict(x, verbose=0)
    # As Keras 3.15: the activity regularizer's value over the batch size.
    activity = 0.05 * np.abs(hidden).sum() / len(x)
    return (_mse(y, pred) + 0.1 * (x.astype(np.float64) ** 2).sum()
            + 0.01 * (kernel**2).sum() + activity)


def test_layer_losses_and_regularizers_reach_the_total():
    model = _regularized_model()
    model.compile(loss="mse")
    value = model.evaluate(X, Y, batch_size=N, verbose=0)
    assert_allclose(value, _expected_total(model, X, Y), rtol=1e-5)


@jax_only
def test_layer_losses_and_regularizers_shape_the_gradient():
    """One SGD step moves the weights by the gradient of the full total:
    the step with and without the extra losses must differ by theirs."""
    model = _regularized_model()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    weights = [w.copy() for w in model.get_weights()]
    step = model.train_on_batch(X, Y)
    assert_allclose(step[0] if isinstance(step, list) else step,
                    _expected_total(model_from(weights), X, Y), rtol=1e-5)
    # The same step, by finite differences of the NumPy total.
    probe = model_from(weights)
    grads = []
    for i, w in enumerate(weights):
        g = np.zeros_like(w, np.float64)
        for idx in np.ndindex(w.shape):
            for sign in (1, -1):
                shifted = [v.copy() for v in weights]
                shifted[i][idx] += sign * 1e-3
                probe.set_weights(shifted)
                g[idx] += sign * _expected_total(probe, X, Y) / 2e-3
        grads.append(g)
    for new, old, g in zip(model.get_weights(), weights, grads):
        assert_allclose(new, old - 0.1 * g, rtol=2e-3, atol=2e-4)


def model_from(weights):
    model = _regularized_model()
    model.set_weights(weights)
    return model


class AddLossModel(keras.Model):
    """A subclassed model whose only loss is added in `call`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        out = self.dense(x)
        self.add_loss(ops.mean(ops.square(out - 1.0)))
        return out


@jax_only
def test_model_add_loss_alone_trains():
    model = AddLossModel()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=None)
    history = model.fit(X, epochs=15, batch_size=N, verbose=0)
    losses = history.history["loss"]
    pred = model.predict(X, verbose=0)
    assert_allclose(losses[-1], ((pred - 1.0) ** 2).mean(), rtol=0.3)
    assert losses[-1] < 0.2 * losses[0]


def test_model_add_loss_adds_to_the_compiled_loss():
    model = AddLossModel()
    model.compile(loss="mae")
    value = model.evaluate(X, Y, batch_size=N, verbose=0)
    pred = model.predict(X, verbose=0).astype(np.float64)
    assert_allclose(value, np.abs(pred - Y).mean() + ((pred - 1) ** 2).mean(),
                    rtol=1e-5)


# ------------------------------------------------------------------- masks
class MaskZeroSteps(keras.layers.Layer):
    """Passes its input on with a mask: False at all-zero time steps."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, x):
        return x

    def compute_mask(self, inputs, previous_mask=None):
        return ops.any(ops.not_equal(inputs, 0.0), axis=-1)


def test_keras_mask_and_padded_last_batch_both_apply():
    """Zero time steps are masked out of the loss (Keras mask), and the
    padding of the short last batch (5 = 3 + 2) counts for nothing."""
    n, t = 5, 4
    x = RNG.normal(size=(n, t, 2)).astype(np.float32)
    x[0, 2:] = 0.0
    x[3, 1:] = 0.0
    x[4, :3] = 0.0
    y = RNG.normal(size=(n, t, 1)).astype(np.float32)
    inputs = keras.Input((t, 2))
    out = keras.layers.Dense(1)(MaskZeroSteps()(inputs))
    model = keras.Model(inputs, out)
    model.compile(loss="mse")
    value = model.evaluate(x, y, batch_size=3, verbose=0)
    per_step = ((model.predict(x, verbose=0) - y) ** 2)[..., 0]
    kept = np.any(x != 0, axis=-1)
    # Each batch averages over its unmasked steps; batches are then
    # averaged by their number of samples, as the loss tracker does.
    batch_losses = [per_step[s][kept[s]].mean()
                    for s in (slice(0, 3), slice(3, 5))]
    expected = (3 * batch_losses[0] + 2 * batch_losses[1]) / 5
    assert_allclose(value, expected, rtol=1e-5)
    assert not np.isclose(value, per_step.mean(), rtol=1e-3)


class KerasSignatureLoss(keras.losses.Loss):
    """Overrides `__call__` with Keras's signature (no `mask`)."""

    def __call__(self, y_true, y_pred, sample_weight=None):
        values = ops.mean(ops.abs(y_true - y_pred), axis=-1)
        if sample_weight is not None:
            values = values * sample_weight
        return ops.sum(values)


def test_loss_with_keras_call_signature_gets_padding_as_weights():
    model = _single()
    model.compile(loss=KerasSignatureLoss())
    pred = model.predict(X[:5], verbose=0)
    # Batches of 3 and 2 (padded to 3): sums, averaged per sample count.
    per = np.abs(pred - Y[:5]).mean(-1)
    expected = (3 * per[:3].sum() + 2 * per[3:].sum()) / 5
    value = model.evaluate(X[:5], Y[:5], batch_size=3, verbose=0)
    assert_allclose(value, expected, rtol=1e-5)


@jax_only
def test_masked_steps_do_not_reach_the_gradient():
    """Targets at masked steps are arbitrary: training ends with the same
    weights whatever they are."""
    x = RNG.normal(size=(5, 4, 2)).astype(np.float32)
    x[0, 2:] = 0.0
    x[4, 1:] = 0.0
    y = RNG.normal(size=(5, 4, 1)).astype(np.float32)
    kept = np.any(x != 0, axis=-1)
    weights = []
    for fill in (0.0, 1000.0):
        keras.utils.set_random_seed(0)
        inputs = keras.Input((4, 2))
        out = keras.layers.Dense(1)(MaskZeroSteps()(inputs))
        model = keras.Model(inputs, out)
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        targets = np.where(kept[..., None], y, fill).astype(np.float32)
        model.fit(x, targets, batch_size=3, epochs=2, shuffle=False,
                  verbose=0)
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        assert_allclose(a, b, rtol=1e-6, atol=1e-7)
