"""Optimizers: update rules against NumPy and optax, on both backends.

Optimizers are written against `ops`, so they need no gradients: the tests
feed gradients computed here and run on the JAX and NumPy backends alike.
"""

import numpy as np
import pytest

import multikeras as keras
from multikeras import optimizers
from multikeras.testing import assert_allclose
from multikeras.testing import backend_scope
from multikeras.testing import jax_available

W0 = np.array([1.0, -2.0, 0.5, 3.0], np.float32)
TARGET = np.array([0.3, 0.1, -0.4, 1.0], np.float32)
CURVATURE = np.array([1.0, 2.0, 0.5, 4.0], np.float32)


def _quadratic_grad(w):
    """Gradient of 0.5 * sum(CURVATURE * (w - TARGET)**2)."""
    return CURVATURE * (w - TARGET)


def _grads(steps, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=W0.shape).astype(np.float32) for _ in range(steps)]


# ---------------------------------------------------------------------------
# NumPy references of Keras's documented update rules (float64).


def _ref_sgd(lr, momentum=0.0, nesterov=False):
    def init(w):
        return {"v": np.zeros_like(w)}

    def update(w, g, s, t):
        if not momentum:
            return w - lr * g
        s["v"] = momentum * s["v"] - lr * g
        if nesterov:
            return w + momentum * s["v"] - lr * g
        return w + s["v"]

    return init, update


def _ref_adam(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    def init(w):
        z = np.zeros_like(w)
        return {"m": z, "v": z, "vhat": z}

    def update(w, g, s, t):
        s["m"] = s["m"] + (g - s["m"]) * (1 - beta_1)
        s["v"] = s["v"] + (g * g - s["v"]) * (1 - beta_2)
        v = s["v"]
        if amsgrad:
            s["vhat"] = np.maximum(s["vhat"], s["v"])
            v = s["vhat"]
        alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha * s["m"] / (np.sqrt(v) + epsilon)

    return init, update


def _ref_rmsprop(lr, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    def init(w):
        z = np.zeros_like(w)
        return {"vel": z, "mom": z, "avg": z}

    def update(w, g, s, t):
        s["vel"] = rho * s["vel"] + (1 - rho) * g * g
        denominator = s["vel"] + epsilon
        if centered:
            s["avg"] = rho * s["avg"] + (1 - rho) * g
            denominator = s["vel"] - s["avg"] ** 2 + epsilon
        increment = lr * g / np.sqrt(denominator)
        if momentum > 0:
            s["mom"] = momentum * s["mom"] + increment
            return w - s["mom"]
        return w - increment

    return init, update


# (id, factory of the optimizer, NumPy reference rule)
OPTIMIZERS = [
    ("sgd", lambda: optimizers.SGD(0.1), _ref_sgd(0.1)),
    ("sgd_momentum", lambda: optimizers.SGD(0.1, momentum=0.9),
     _ref_sgd(0.1, 0.9)),
    ("sgd_nesterov", lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
     _ref_sgd(0.1, 0.9, True)),
    ("adam", lambda: optimizers.Adam(0.1), _ref_adam(0.1)),
    ("adam_amsgrad", lambda: optimizers.Adam(0.1, beta_1=0.8, amsgrad=True),
     _ref_adam(0.1, beta_1=0.8, amsgrad=True)),
    ("rmsprop", lambda: optimizers.RMSprop(0.05), _ref_rmsprop(0.05)),
    ("rmsprop_momentum_centered",
     lambda: optimizers.RMSprop(0.05, momentum=0.5, centered=True),
     _ref_rmsprop(0.05, momentum=0.5, centered=True)),
]
IDS = [row[0] for row in OPTIMIZERS]


def _run(make_optimizer, grads, backend_name=None):
    """Applies `grads` one step at a time; returns the weights after each."""

    def run():
        var = keras.Variable(W0.copy(), name="w")
        optimizer = make_optimizer()
        history = []
        for g in grads:
            optimizer.apply([g], [var])
            history.append(np.array(var.numpy(), np.float64))
        return history, optimizer

    if backend_name is None:
        return run()
    with backend_scope(backend_name):
        return run()


def _reference(rule, grads):
    init, update = rule
    w = W0.astype(np.float64)
    state = init(w)
    history = []
    for t, g in enumerate(grads, start=1):
        w = update(w, g.astype(np.float64), state, t)
        history.append(w)
    return history


@pytest.mark.parametrize("name,make,rule", OPTIMIZERS, ids=IDS)
def test_optimizer_matches_numpy_update_rule(name, make, rule):
    grads = _grads(5)
    actual, _ = _run(make, grads)
    expected = _reference(rule, grads)
    for step, (a, e) in enumerate(zip(actual, expected, strict=True)):
        assert_allclose(a, e, rtol=1e-5, atol=1e-6, msg=f"{name} step {step}")


@pytest.mark.parametrize("name,make,rule", OPTIMIZERS, ids=IDS)
def test_optimizer_minimizes_quadratic(name, make, rule):
    var = keras.Variable(W0.copy(), name="w")
    optimizer = make()

    def loss(w):
        return 0.5 * float(np.sum(CURVATURE * (w - TARGET) ** 2))

    start = loss(W0)
    for _ in range(60):
        optimizer.apply([_quadratic_grad(np.asarray(var.numpy()))], [var])
    assert loss(np.asarray(var.numpy())) < 0.05 * start


@pytest.mark.skipif(not jax_available(), reason="needs jax")
@pytest.mark.parametrize("name,make,rule", OPTIMIZERS, ids=IDS)
def test_optimizer_same_numbers_on_jax_and_numpy(name, make, rule):
    grads = _grads(5, seed=1)
    on_jax, _ = _run(make, grads, "jax")
    on_numpy, _ = _run(make, grads, "numpy")
    for a, b in zip(on_jax, on_numpy, strict=True):
        assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "momentum,nesterov", [(0.0, False), (0.9, False), (0.9, True)]
)
def test_sgd_matches_optax(momentum, nesterov):
    optax = pytest.importorskip("optax")
    import jax.numpy as jnp

    grads = _grads(5, seed=2)
    actual, _ = _run(
        lambda: optimizers.SGD(0.05, momentum=momentum, nesterov=nesterov),
        grads,
    )
    tx = optax.sgd(0.05, momentum=momentum or None, nesterov=nesterov)
    params = jnp.asarray(W0)
    opt_state = tx.init(params)
    for step, g in enumerate(grads):
        updates, opt_state = tx.update(jnp.asarray(g), opt_state, params)
        params = optax.apply_updates(params, updates)
        assert_allclose(actual[step], np.asarray(params), rtol=1e-5,
                        atol=1e-6)


# ------------------------------------------------------- clipping, decay


def _clip_norm(g, c):
    return g * c / max(np.linalg.norm(g), c)


@pytest.mark.parametrize(
    "kwargs,clip",
    [
        ({"clipvalue": 0.5}, lambda gs: [np.clip(g, -0.5, 0.5) for g in gs]),
        ({"clipnorm": 1.0}, lambda gs: [_clip_norm(g, 1.0) for g in gs]),
        (
            {"global_clipnorm": 1.5},
            lambda gs: [
                g * 1.5 / max(np.sqrt(sum(np.sum(x**2) for x in gs)), 1.5)
                for g in gs
            ],
        ),
    ],
    ids=["clipvalue", "clipnorm", "global_clipnorm"],
)
def test_gradient_clipping_matches_numpy(kwargs, clip):
    a = keras.Variable(np.zeros(3, np.float32), name="a")
    b = keras.Variable(np.zeros(2, np.float32), name="b")
    grads = [np.array([3.0, -0.2, 0.4], np.float32),
             np.array([-1.0, 2.0], np.float32)]
    optimizer = optimizers.SGD(1.0, **kwargs)
    optimizer.apply(grads, [a, b])
    expected = clip([g.astype(np.float64) for g in grads])
    assert_allclose(a.numpy(), -expected[0], rtol=1e-6)
    assert_allclose(b.numpy(), -expected[1], rtol=1e-6)
    # The clip actually changed something (else the test could not fail).
    assert not np.allclose(expected[0], grads[0])


def test_clipnorm_takes_precedence_over_clipvalue_as_in_keras():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.SGD(1.0, clipnorm=1.0, clipvalue=0.1)
    g = np.array([3.0, 4.0], np.float32)
    optimizer.apply([g], [var])
    # Keras applies one clipping: clipnorm, else global_clipnorm, else value.
    assert_allclose(var.numpy(), -g / 5.0, rtol=1e-6)


@pytest.mark.parametrize("name,make,rule", OPTIMIZERS[:4], ids=IDS[:4])
def test_weight_decay_is_decoupled_before_the_update(name, make, rule):
    def make_decayed():
        optimizer = make()
        config = optimizer.get_config()
        config["weight_decay"] = 0.1
        return type(optimizer).from_config(config)

    grads = _grads(3, seed=3)
    actual, optimizer = _run(make_decayed, grads)
    lr = optimizer.get_config()["learning_rate"]
    init, update = rule
    w = W0.astype(np.float64)
    state = init(w)
    for t, g in enumerate(grads, start=1):
        w = w - w * 0.1 * lr
        w = update(w, g.astype(np.float64), state, t)
        assert_allclose(actual[t - 1], w, rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------ the state


@pytest.mark.parametrize("name,make,rule", OPTIMIZERS, ids=IDS)
def test_stateless_apply_is_pure_and_matches_apply(name, make, rule):
    var = keras.Variable(W0.copy(), name="w")
    optimizer = make()
    optimizer.build([var])
    before = [np.array(v.numpy()) for v in optimizer.variables]
    g = _grads(1, seed=4)[0]
    values, state = optimizer.stateless_apply(
        [v.value for v in optimizer.variables], [g], [var.value]
    )
    assert_allclose(var.numpy(), W0)
    for v, b in zip(optimizer.variables, before, strict=True):
        assert_allclose(v.numpy(), b)
    assert int(np.asarray(state[0])) == 1
    assert len(state) == len(optimizer.variables)
    optimizer.apply([g], [var])
    assert_allclose(var.numpy(), values[0], rtol=1e-6)
    assert not np.allclose(var.numpy(), W0)
    for v, s in zip(optimizer.variables, state, strict=True):
        assert_allclose(v.numpy(), s, rtol=1e-6)


def test_stateless_apply_before_build_raises():
    optimizer = optimizers.SGD()
    with pytest.raises(ValueError, match="build"):
        optimizer.stateless_apply([], [], [])


def test_iterations_count_the_updates():
    var = keras.Variable(W0.copy(), name="w")
    optimizer = optimizers.Adam()
    assert int(optimizer.iterations.numpy()) == 0
    for step in range(1, 4):
        optimizer.apply([np.ones(4, np.float32)], [var])
        assert int(optimizer.iterations.numpy()) == step


def test_learning_rate_is_settable():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.SGD(0.1)
    optimizer.apply([np.ones(2, np.float32)], [var])
    assert_allclose(var.numpy(), [-0.1, -0.1], rtol=1e-6)
    optimizer.learning_rate = 0.5
    assert_allclose(optimizer.learning_rate.numpy(), 0.5)
    optimizer.apply([np.ones(2, np.float32)], [var])
    assert_allclose(var.numpy(), [-0.6, -0.6], rtol=1e-6)


def test_callable_schedule_gets_the_iteration_count():
    seen = []

    def schedule(iterations):
        seen.append(iterations)
        return 0.1 * (iterations + 1)

    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.SGD(schedule)
    for _ in range(3):
        optimizer.apply([np.ones(1, np.float32)], [var])
    # lr 0.1, 0.2, 0.3 at iterations 0, 1, 2.
    assert_allclose(var.numpy(), [-0.6], rtol=1e-5)
    assert_allclose(optimizer.learning_rate, 0.4, rtol=1e-6)
    assert seen
    with pytest.raises(TypeError, match="schedule"):
        optimizer.learning_rate = 0.5


def test_callable_without_arguments_is_called_like_keras():
    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.SGD(lambda: 0.25)
    optimizer.apply([np.ones(1, np.float32)], [var])
    assert_allclose(var.numpy(), [-0.25], rtol=1e-6)
    assert_allclose(optimizer.learning_rate, 0.25)


@pytest.mark.parametrize("name,make,rule", OPTIMIZERS, ids=IDS)
def test_get_config_round_trip(name, make, rule):
    optimizer = make()
    config = optimizer.get_config()
    clone = type(optimizer).from_config(config)
    assert clone.get_config() == config
    assert type(clone) is type(optimizer)
    # The clone updates identically.
    grads = _grads(2, seed=5)
    a, _ = _run(lambda: optimizer, grads)
    b, _ = _run(lambda: type(optimizer).from_config(config), grads)
    assert_allclose(a[-1], b[-1], rtol=1e-6)


def test_serialize_and_get_by_name():
    optimizer = optimizers.deserialize(
        optimizers.serialize(optimizers.Adam(0.02, amsgrad=True))
    )
    assert isinstance(optimizer, optimizers.Adam)
    assert optimizer.amsgrad is True
    assert_allclose(optimizer.learning_rate.numpy(), 0.02)
    assert isinstance(optimizers.get("sgd"), optimizers.SGD)
    assert isinstance(optimizers.get("rmsprop"), optimizers.RMSprop)


def test_unknown_optimizer_string_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown optimizer: 'adamm'") as e:
        optimizers.get("adamm")
    for valid in ("adam", "rmsprop", "sgd"):
        assert valid in str(e.value)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"clipnorm": 1.0, "global_clipnorm": 1.0}, "Only one of"),
        ({"clipnorm": -1.0}, "clipnorm"),
        ({"learning_rate": -0.1}, "learning_rate"),
    ],
)
def test_invalid_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.SGD(**kwargs)
