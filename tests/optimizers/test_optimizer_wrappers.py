"""Optimizers around optimizers: LossScaleOptimizer, MultiOptimizer with
OptimizerMap, and optax transformations (JAX)."""

import numpy as np
import pytest

import multikeras as keras
from multikeras import backend
from multikeras import ops
from multikeras import optimizers
from multikeras.testing import assert_allclose

# -------------------------------------------------------- loss scaling


def test_loss_scale_skips_non_finite_steps_and_halves_the_scale():
    var = keras.Variable(np.ones(2, np.float32), name="w")
    inner = optimizers.Adam(0.1)
    optimizer = optimizers.LossScaleOptimizer(inner, initial_scale=8.0)
    optimizer.apply([np.array([8.0, -8.0], np.float32)], [var])
    after_one = var.numpy().copy()
    inner_state = [v.numpy().copy() for v in inner.variables]
    optimizer.apply([np.array([np.nan, 1.0], np.float32)], [var])
    # Nothing moved, the inner iterations included; the scale halved.
    assert_allclose(var.numpy(), after_one)
    for v, before in zip(inner.variables, inner_state):
        assert_allclose(v.numpy(), before)
    assert int(np.asarray(optimizer.iterations)) == 1
    assert float(optimizer.dynamic_scale.numpy()) == 4.0
    assert int(optimizer.step_counter.numpy()) == 0


def test_loss_scale_unscales_and_doubles_after_growth_steps():
    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.LossScaleOptimizer(
        optimizers.SGD(1.0), initial_scale=2.0, dynamic_growth_steps=3
    )
    scales = []
    for _ in range(7):
        # A loss scaled by the current scale gives scaled gradients.
        scale = float(optimizer.dynamic_scale.numpy()) if optimizer.built \
            else 2.0
        optimizer.apply([np.array([0.5 * scale], np.float32)], [var])
        scales.append(float(optimizer.dynamic_scale.numpy()))
    # Every step applied the unscaled gradient 0.5.
    assert_allclose(var.numpy(), [-3.5], rtol=1e-6)
    assert scales == [2.0, 2.0, 4.0, 4.0, 4.0, 8.0, 8.0]


def test_loss_scale_in_a_custom_train_step_reads_the_scale_from_state():
    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.LossScaleOptimizer(
        optimizers.SGD(1.0), initial_scale=4.0, dynamic_growth_steps=1
    )
    optimizer.build([var])
    state = [v.value for v in optimizer.variables]
    assert float(optimizer.scale_loss(1.0)) == 4.0
    _, state = optimizer.stateless_apply(state, [np.ones(1) * 4.0],
                                         [var.value])
    # The scale grew in the step's state, not in the variable: read it
    # through a StatelessScope, as a compiled train step does.
    with keras.StatelessScope(zip(optimizer.variables, state)):
        assert float(np.asarray(optimizer.scale_loss(1.0))) == 8.0
    assert float(optimizer.scale_loss(1.0)) == 4.0


def test_loss_scale_delegates_and_serializes():
    inner = optimizers.SGD(0.1, momentum=0.9)
    optimizer = optimizers.LossScaleOptimizer(inner, dynamic_growth_steps=7)
    assert optimizer.initial_scale == 2.0**15
    optimizer.learning_rate = 0.3
    assert_allclose(inner.learning_rate.numpy(), 0.3)
    assert_allclose(optimizer.learning_rate.numpy(), 0.3)
    config = optimizers.serialize(optimizer)
    assert config["config"]["inner_optimizer"]["class_name"] == "SGD"
    clone = optimizers.deserialize(config)
    assert isinstance(clone.inner_optimizer, optimizers.SGD)
    assert clone.dynamic_growth_steps == 7
    assert clone.inner_optimizer.momentum == 0.9


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"dynamic": False}, "dynamic=False"),
        ({"clipnorm": 1.0}, "does not support `clipnorm`"),
        ({"bogus": 1}, "does not support arguments"),
        ({"initial_scale": 0.0}, "initial_scale"),
        ({"dynamic_growth_steps": 0}, "dynamic_growth_steps"),
    ],
)
def test_loss_scale_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.LossScaleOptimizer(optimizers.SGD(), **kwargs)


def test_loss_scale_needs_an_optimizer():
    with pytest.raises(TypeError, match="inner_optimizer"):
        optimizers.LossScaleOptimizer("sgd")


class _ScaledLossModel(keras.Model):
    """A custom train step that scales the loss, as Keras's JAX trainer."""

    def train_step(self, state, data):
        trainable, non_trainable, optimizer_vars, metrics_vars = state
        x, y = data
        mapping = list(zip(self.optimizer.variables, optimizer_vars))

        def loss_fn(trainable):
            y_pred, _ = self.stateless_call(trainable, non_trainable, x)
            loss = ops.mean(ops.square(y_pred - y))
            with keras.StatelessScope(mapping):
                return self.optimizer.scale_loss(loss), loss

        (_, loss), grads = backend.active.value_and_grad(
            loss_fn, has_aux=True)(trainable)
        trainable, optimizer_vars = self.optimizer.stateless_apply(
            optimizer_vars, grads, trainable)
        return {"loss": loss}, (trainable, non_trainable, optimizer_vars,
                                metrics_vars)


@pytest.mark.jax_only
def test_loss_scale_optimizer_trains_like_its_inner_optimizer():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = x @ np.array([[1.0], [-1.0], [2.0]], np.float32)
    weights = {}
    scaled = optimizers.LossScaleOptimizer(
        optimizers.SGD(0.1), initial_scale=1024.0, dynamic_growth_steps=3)
    for name, optimizer in (("scaled", scaled),
                            ("plain", optimizers.SGD(0.1))):
        keras.utils.set_random_seed(1)
        inputs = keras.Input((3,))
        model = _ScaledLossModel(inputs, keras.layers.Dense(1)(inputs))
        model.compile(optimizer=optimizer, loss="mse")
        model.fit(x, y, batch_size=8, epochs=3, verbose=0)
        weights[name] = model.get_weights()
    for a, b in zip(weights["scaled"], weights["plain"]):
        assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # 12 finite steps with growth every 3: the scale doubled 4 times.
    assert int(scaled.iterations.numpy()) == 12
    assert float(scaled.dynamic_scale.numpy()) == 1024.0 * 2**4


# ------------------------------------------------------ MultiOptimizer


def _two_layers():
    model = keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(2, name="encoder"),
        keras.layers.Dense(1, name="head"),
    ])
    return model


def test_multi_optimizer_routes_each_variable_like_separate_optimizers():
    model = _two_layers()
    variables = model.trainable_variables
    copies = [keras.Variable(v.numpy(), name=v.name) for v in variables]
    multi = optimizers.MultiOptimizer(optimizers.OptimizerMap(
        optimizers.SGD(0.1, momentum=0.9),
        # Sequential nests its layers' paths: "sequential/encoder/kernel".
        {".*encoder/.*": optimizers.Adam(0.05)},
    ))
    adam, sgd = optimizers.Adam(0.05), optimizers.SGD(0.1, momentum=0.9)
    rng = np.random.default_rng(0)
    for _ in range(3):
        grads = [rng.normal(size=v.shape).astype(np.float32)
                 for v in variables]
        multi.apply(grads, variables)
        adam.apply(grads[:2], copies[:2])
        sgd.apply(grads[2:], copies[2:])
    for a, b in zip(variables, copies):
        assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    assert [o.name for o in multi.optimizers] == ["adam", "SGD"]
    assert int(multi.iterations.numpy()) == 3
    assert len(multi.variables) == 2 + len(multi.optimizers[0].variables) + (
        len(multi.optimizers[1].variables))


def test_multi_optimizer_with_a_callable_and_ema():
    a = keras.Variable(np.zeros(2, np.float32), name="a")
    b = keras.Variable(np.zeros(2, np.float32), name="b")
    fast = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5)
    slow = optimizers.SGD(0.1)
    multi = optimizers.MultiOptimizer(
        lambda v: fast if v.name == "a" else slow, loss_scale_factor=2.0
    )
    g = np.full(2, 2.0, np.float32)  # gradients of a loss scaled by 2
    multi.apply([g, g], [a, b])
    multi.apply([g, g], [a, b])
    assert_allclose(a.numpy(), [-2.0, -2.0])
    assert_allclose(b.numpy(), [-0.2, -0.2])
    multi.finalize_variable_values([a, b])
    assert_allclose(a.numpy(), [-1.5, -1.5])  # 0.5 * -1 + 0.5 * -2
    assert_allclose(b.numpy(), [-0.2, -0.2])


def test_optimizer_map_lookup_rules():
    sgd, adam, lion = optimizers.SGD(), optimizers.Adam(), optimizers.Lion()
    opt_map = optimizers.OptimizerMap(sgd)
    opt_map["encoder/layer_0/dense"] = adam
    opt_map["encoder/.*"] = lion
    assert opt_map["encoder/layer_0/dense"] is adam  # exact key first
    assert opt_map["encoder/layer_1/dense"] is lion  # fullmatch
    assert opt_map["decoder/encoder/x"] is sgd  # no partial match
    assert opt_map.get("decoder/x") is None
    assert "encoder/.*" in opt_map and len(opt_map) == 2
    opt_map["encoder/layer_1/.*"] = adam
    with pytest.raises(ValueError, match="matches several keys"):
        opt_map["encoder/layer_1/dense"]
    with pytest.raises(TypeError, match="must be an Optimizer"):
        opt_map["x"] = "adam"
    with pytest.raises(TypeError, match="strings"):
        opt_map[1] = adam


def test_multi_optimizer_has_no_single_learning_rate():
    multi = optimizers.MultiOptimizer(
        optimizers.OptimizerMap(optimizers.SGD()))
    with pytest.raises(AttributeError, match="no single learning rate"):
        multi.learning_rate  # noqa: B018
    with pytest.raises(AttributeError, match="no single learning rate"):
        multi.learning_rate = 0.1
    multi["head/.*"] = optimizers.Adam()
    assert isinstance(multi["head/kernel"], optimizers.Adam)


def test_multi_optimizer_rejects_bad_maps():
    with pytest.raises(TypeError, match="OptimizerMap or a callable"):
        optimizers.MultiOptimizer({"a": optimizers.SGD()})
    multi = optimizers.MultiOptimizer(lambda v: "sgd")
    with pytest.raises(TypeError, match="expected an Optimizer"):
        multi.build([keras.Variable(np.zeros(1, np.float32), name="a")])
    with pytest.raises(TypeError, match="default_optimizer"):
        optimizers.OptimizerMap("sgd")


def test_multi_optimizer_serializes_its_map():
    multi = optimizers.MultiOptimizer(optimizers.OptimizerMap(
        optimizers.SGD(0.1), {"encoder/.*": optimizers.Adam(0.05)}),
        loss_scale_factor=4.0)
    clone = optimizers.deserialize(optimizers.serialize(multi))
    assert isinstance(clone, optimizers.MultiOptimizer)
    assert clone.loss_scale_factor == 4.0
    assert_allclose(clone["encoder/x"].learning_rate.numpy(), 0.05)
    assert isinstance(clone.optimizer_map.default_optimizer,
                      optimizers.SGD)


# --------------------------------------------------------------- optax


@pytest.mark.jax_only
def test_compile_accepts_an_optax_transformation():
    import optax

    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = x @ np.array([[1.0], [-1.0], [2.0]], np.float32)
    weights = {}
    for name, optimizer in (
        ("optax", optax.sgd(0.1, momentum=0.9)),
        ("keras", optimizers.SGD(0.1, momentum=0.9)),
    ):
        keras.utils.set_random_seed(1)
        inputs = keras.Input((3,))
        model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
        model.compile(optimizer=optimizer, loss="mse")
        model.fit(x, y, batch_size=8, epochs=2, verbose=0)
        weights[name] = model.get_weights()
    assert isinstance(model.optimizer, optimizers.SGD)
    for a, b in zip(weights["optax"], weights["keras"]):
        assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.jax_only
def test_optax_injected_learning_rate_is_settable():
    import optax

    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.get(
        optax.inject_hyperparams(optax.sgd)(learning_rate=0.1))
    assert isinstance(optimizer, optimizers.OptaxOptimizer)
    optimizer.apply([np.ones(2, np.float32)], [var])
    optimizer.learning_rate = 0.5
    optimizer.apply([np.ones(2, np.float32)], [var])
    assert_allclose(var.numpy(), [-0.6, -0.6], rtol=1e-6)
    assert_allclose(optimizer.learning_rate.numpy(), 0.5)
    assert int(optimizer.iterations.numpy()) == 2
    with pytest.raises(TypeError, match="cannot be serialized"):
        optimizers.serialize(optimizer)
    plain = optimizers.get(optax.adam(0.1))
    with pytest.raises(AttributeError, match="inject_hyperparams"):
        plain.learning_rate  # noqa: B018


def test_optax_needs_the_jax_backend():
    if backend.backend() == "jax":
        pytest.skip("checks the NumPy backend's error")
    # (Without importing optax: the NumPy backend never imports jax.)
    with pytest.raises(ValueError, match="needs the JAX backend"):
        optimizers.OptaxOptimizer(object())
