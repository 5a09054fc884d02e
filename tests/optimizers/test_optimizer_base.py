"""The common arguments and the API of the `Optimizer` base class.

Clipping, weight decay, EMA, gradient accumulation, loss scaling,
learning rates, the Keras-style `update_step`, variables and errors; every
number against NumPy written here.
"""

import numpy as np
import pytest

import multikeras as keras
from multikeras import backend
from multikeras import ops
from multikeras import optimizers
from multikeras.testing import assert_allclose


def _grads(steps, shape=(3,), seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=shape).astype(np.float32) for _ in range(steps)]


# ------------------------------------------------------------- clipping


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
    optimizers.SGD(1.0, **kwargs).apply(grads, [a, b])
    expected = clip([g.astype(np.float64) for g in grads])
    assert_allclose(a.numpy(), -expected[0], rtol=1e-6)
    assert_allclose(b.numpy(), -expected[1], rtol=1e-6)
    # The clip changed something (else the test could not fail).
    assert not np.allclose(expected[0], grads[0])


def test_global_clipnorm_turns_a_non_finite_step_into_nan():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizers.SGD(1.0, global_clipnorm=1.0).apply(
        [np.array([np.inf, 1.0], np.float32)], [var]
    )
    assert np.isnan(var.numpy()).all()


# --------------------------------------------------------- weight decay


def test_weight_decay_is_decoupled_and_exclusions_apply():
    kernel = keras.Variable(np.full((2,), 2.0, np.float32), name="kernel")
    bias = keras.Variable(np.full((2,), 2.0, np.float32), name="bias")
    other = keras.Variable(np.full((2,), 2.0, np.float32), name="other")
    optimizer = optimizers.SGD(0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_list=[other], var_names=["bi"])
    g = np.ones(2, np.float32)
    optimizer.apply([g, g, g], [kernel, bias, other])
    # w - lr * wd * w, then w - lr * g; excluded ones only the step.
    assert_allclose(kernel.numpy(), 2.0 - 0.1 * 0.5 * 2.0 - 0.1)
    assert_allclose(bias.numpy(), 2.0 - 0.1)
    assert_allclose(other.numpy(), 2.0 - 0.1)
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["kernel"])


def test_adam_weight_decay_uses_the_weight_before_the_step():
    var = keras.Variable(np.array([1.0, -2.0], np.float32), name="w")
    optimizers.Adam(0.1, weight_decay=0.2).apply(
        [np.array([0.5, 0.5], np.float32)], [var]
    )
    w = np.array([1.0, -2.0]) * (1 - 0.1 * 0.2)
    # Adam's first step moves by lr * sign(g) (up to epsilon).
    assert_allclose(var.numpy(), w - 0.1, rtol=1e-5)


def test_adamw_requires_a_weight_decay():
    with pytest.raises(ValueError, match="weight_decay"):
        optimizers.AdamW(weight_decay=None)


# ------------------------------------------------------------------ EMA


def test_ema_tracks_the_average_and_finalize_writes_it():
    grads = _grads(4, seed=1)
    var = keras.Variable(np.ones(3, np.float32), name="w")
    optimizer = optimizers.SGD(0.1, use_ema=True, ema_momentum=0.9)
    w = np.ones(3)
    average = None
    for g in grads:
        optimizer.apply([g], [var])
        w = w - 0.1 * g
        # The first average is the weights themselves.
        average = w.copy() if average is None else 0.9 * average + 0.1 * w
    assert_allclose(var.numpy(), w, rtol=1e-6)
    (stored,) = optimizer._model_variables_moving_average
    assert_allclose(stored.numpy(), average, rtol=1e-6)
    optimizer.finalize_variable_values([var])
    assert_allclose(var.numpy(), average, rtol=1e-6)


def test_ema_overwrite_frequency_replaces_the_weights():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5,
                               ema_overwrite_frequency=2)
    g = np.ones(2, np.float32)
    optimizer.apply([g], [var])  # w = -1, average = -1
    assert_allclose(var.numpy(), [-1.0, -1.0])
    optimizer.apply([g], [var])  # w = -2, average = -1.5, overwritten
    assert_allclose(var.numpy(), [-1.5, -1.5])
    optimizer.apply([g], [var])  # w = -2.5, average = -2.0
    assert_allclose(var.numpy(), [-2.5, -2.5])


def test_without_ema_finalize_changes_nothing():
    var = keras.Variable(np.ones(2, np.float32), name="w")
    optimizer = optimizers.SGD(1.0)
    optimizer.apply([np.ones(2, np.float32)], [var])
    optimizer.finalize_variable_values([var])
    assert_allclose(var.numpy(), [0.0, 0.0])
    assert not hasattr(optimizer, "_model_variables_moving_average")


# -------------------------------------------------- gradient accumulation


def test_gradient_accumulation_applies_the_mean_every_k_steps():
    grads = _grads(6, seed=2)
    var = keras.Variable(np.ones(3, np.float32), name="w")
    optimizer = optimizers.Adam(0.1, gradient_accumulation_steps=3)
    init = np.ones(3)
    history = []
    for g in grads:
        optimizer.apply([g], [var])
        history.append(var.numpy().copy())
    # Two Adam steps, on the means of the gradients of each group of 3.
    m = v = np.zeros(3)
    w = init
    expected = []
    for t, group in enumerate((grads[:3], grads[3:]), start=1):
        g = np.mean(group, axis=0)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        alpha = 0.1 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        w = w - alpha * m / (np.sqrt(v) + 1e-7)
        expected.append(w)
    for i in (0, 1):
        assert_allclose(history[i], init)  # nothing applied yet
    assert_allclose(history[2], expected[0], rtol=1e-5)
    assert_allclose(history[4], expected[0], rtol=1e-5)
    assert_allclose(history[5], expected[1], rtol=1e-5)
    assert int(np.asarray(optimizer.iterations)) == 2
    assert int(optimizer._iterations.numpy()) == 6


def test_gradient_accumulation_schedule_sees_every_step():
    seen = []

    def lr(iterations):
        seen.append(1)
        return 0.1 * ops.cast(iterations + 1, "float32")

    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.SGD(lr, gradient_accumulation_steps=2)
    for _ in range(4):
        optimizer.apply([np.ones(1, np.float32)], [var])
    # Updates at real steps 2 and 4 (iterations 1 and 3): lr 0.2 and 0.4.
    assert_allclose(var.numpy(), [-0.6], rtol=1e-6)


def test_gradient_accumulation_with_ema_averages_every_step():
    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.SGD(1.0, gradient_accumulation_steps=2,
                               use_ema=True, ema_momentum=0.5)
    g = np.ones(1, np.float32)
    for _ in range(2):
        optimizer.apply([g], [var])
    # As in Keras, the average's momentum is 0 until the first update is
    # applied, so after the first applied update it equals the weights.
    assert_allclose(var.numpy(), [-1.0])
    (average,) = optimizer._model_variables_moving_average
    assert_allclose(average.numpy(), [-1.0])


def test_gradient_accumulation_of_overwritten_variables_keeps_the_max():
    scale = keras.Variable(np.zeros(2, np.float32), name="scale")
    scale.overwrite_with_gradient = True
    optimizer = optimizers.SGD(1.0, gradient_accumulation_steps=2)
    optimizer.apply([np.array([3.0, 1.0], np.float32)], [scale])
    assert_allclose(scale.numpy(), [0.0, 0.0])  # not an update step
    optimizer.apply([np.array([2.0, 5.0], np.float32)], [scale])
    assert_allclose(scale.numpy(), [3.0, 5.0])  # the running maximum


# ---------------------------------------------------------- loss scaling


def test_loss_scale_factor_scales_the_loss_and_unscales_gradients():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.SGD(0.5, loss_scale_factor=8.0)
    assert float(optimizer.scale_loss(2.0)) == 16.0
    optimizer.apply([np.array([8.0, -16.0], np.float32)], [var])
    assert_allclose(var.numpy(), [-0.5, 1.0])
    with pytest.raises(ValueError, match="loss_scale_factor"):
        optimizers.SGD(loss_scale_factor=0.0)


# --------------------------------------------------------- learning rate


def test_learning_rate_is_a_settable_variable_read_as_state():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.SGD(0.1)
    optimizer.build([var])
    traces = []

    def step(optimizer_values, values):
        traces.append(1)
        grads = [ops.ones_like(values[0])]
        values, optimizer_values = optimizer.stateless_apply(
            optimizer_values, grads, values)
        return optimizer_values, values

    compiled = backend.active.compile(step)
    opt_values, values = compiled([v.value for v in optimizer.variables],
                                  [var.value])
    assert_allclose(values[0], [-0.1, -0.1], rtol=1e-6)
    # As the trainer does between epochs: write the state back, let a
    # callback set the rate (ReduceLROnPlateau), read the state again.
    for variable, value in zip(optimizer.variables, opt_values):
        variable.assign(value)
    optimizer.learning_rate = 0.5
    assert isinstance(optimizer.learning_rate, keras.Variable)
    assert_allclose(optimizer.learning_rate.numpy(), 0.5)
    opt_values, values = compiled([v.value for v in optimizer.variables],
                                  values)
    assert_allclose(values[0], [-0.6, -0.6], rtol=1e-6)
    if backend.backend() == "jax":
        assert len(traces) == 1


def test_iterations_are_readable_and_settable():
    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.Adam()
    assert int(optimizer.iterations.numpy()) == 0
    optimizer.apply([np.ones(1, np.float32)], [var])
    assert int(optimizer.iterations.numpy()) == 1
    optimizer.iterations = 10
    assert int(optimizer.iterations.numpy()) == 10
    assert optimizer.iterations is optimizer.variables[0]


def test_callable_learning_rates():
    var = keras.Variable(np.zeros(1, np.float32), name="w")
    optimizer = optimizers.SGD(lambda: 0.25)  # Keras: no arguments
    optimizer.apply([np.ones(1, np.float32)], [var])
    assert_allclose(var.numpy(), [-0.25], rtol=1e-6)
    assert_allclose(optimizer.learning_rate, 0.25)
    with pytest.raises(TypeError, match="callable"):
        optimizer.learning_rate = 0.5
    # Replacing a number by a schedule drops the learning-rate variable.
    other = optimizers.SGD(0.1)
    assert len(other.variables) == 2
    other.learning_rate = optimizers.schedules.ExponentialDecay(0.1, 1, 0.5)
    assert len(other.variables) == 1


@pytest.mark.parametrize("bad", [-0.1, "fast", None, True])
def test_bad_learning_rates_raise(bad):
    with pytest.raises(ValueError, match="learning_rate"):
        optimizers.SGD(bad)


# ------------------------------------------- Keras-style custom optimizers


class _KerasStyleMomentum(optimizers.Optimizer):
    """Written as in Keras's docs: build + update_step with self.assign."""

    def __init__(self, learning_rate=0.1, momentum=0.9, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = [
            self.add_variable_from_reference(v, "momentum")
            for v in variables
        ]

    def update_step(self, gradient, variable, learning_rate):
        m = self.momentums[self._get_variable_index(variable)]
        self.assign(m, m * self.momentum - gradient * learning_rate)
        self.assign_add(variable, m)


def test_keras_style_update_step_matches_the_builtin_rule():
    grads = _grads(4, seed=3)
    a = keras.Variable(np.ones(3, np.float32), name="a")
    b = keras.Variable(np.ones(3, np.float32), name="b")
    custom = _KerasStyleMomentum(0.1, 0.9, use_ema=True)
    builtin = optimizers.SGD(0.1, momentum=0.9, use_ema=True)
    for g in grads:
        custom.apply([g], [a])
        builtin.apply([g], [b])
    assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    assert custom.variables[-1].path == f"{custom.name}/a_momentum"
    # Pure too: stateless_apply leaves the variables alone.
    before = a.numpy().copy()
    values, _ = custom.stateless_apply(
        [v.value for v in custom.variables], [grads[0]], [a.value])
    assert_allclose(a.numpy(), before)
    assert not np.allclose(np.asarray(values[0]), before)


# ------------------------------------------------ variables and the state


def test_slot_variables_follow_keras_order_and_names():
    kernel = keras.Variable(np.zeros((2, 2), np.float32), name="kernel")
    bias = keras.Variable(np.zeros(2, np.float32), name="bias")
    adam = optimizers.Adam()
    adam.build([kernel, bias])
    assert [v.path for v in adam.variables] == [
        "adam/iteration", "adam/learning_rate",
        "adam/kernel_momentum", "adam/kernel_velocity",
        "adam/bias_momentum", "adam/bias_velocity",
    ]  # Keras 3.15's order
    lamb = optimizers.Lamb()
    lamb.build([kernel, bias])
    assert [v.name for v in lamb.variables][2:] == [
        "kernel_momentum", "kernel_velocity", "bias_momentum",
        "bias_velocity",
    ]
    assert lamb.name == "lamb"
    assert optimizers.Adagrad().name == "adagrad"
    assert optimizers.Adagrad().name == "adagrad_1"
    assert adam.iterations.dtype == "int32"


def test_initial_accumulator_values():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    adagrad = optimizers.Adagrad(initial_accumulator_value=0.3)
    adagrad.build([var])
    assert_allclose(adagrad.variables[-1].numpy(), [0.3, 0.3])
    with pytest.raises(ValueError, match="initial_accumulator_value"):
        optimizers.Adagrad(initial_accumulator_value=-1.0)


def test_apply_updates_a_subset_and_skips_missing_gradients():
    a = keras.Variable(np.zeros(2, np.float32), name="a")
    b = keras.Variable(np.zeros(2, np.float32), name="b")
    optimizer = optimizers.SGD(1.0)
    optimizer.build([a, b])
    optimizer.apply([np.ones(2, np.float32)], [b])
    assert_allclose(a.numpy(), [0.0, 0.0])
    assert_allclose(b.numpy(), [-1.0, -1.0])
    optimizer.apply([np.ones(2, np.float32), None], [a, b])
    assert_allclose(a.numpy(), [-1.0, -1.0])
    assert_allclose(b.numpy(), [-1.0, -1.0])
    assert int(optimizer.iterations.numpy()) == 2
    assert optimizer.apply_gradients(
        [(np.ones(2, np.float32), a)]) is optimizer.iterations
    with pytest.raises(ValueError, match="no gradients provided"):
        optimizer.apply([None], [a])
    stranger = keras.Variable(np.zeros(2, np.float32), name="stranger")
    with pytest.raises(ValueError, match="Unknown variable: 'stranger'"):
        optimizer.apply([np.ones(2, np.float32)], [stranger])


def test_constraints_apply_after_the_update():
    var = keras.Variable(np.zeros(2, np.float32), name="w")
    var.constraint = lambda w: ops.maximum(w, -0.5)
    optimizers.SGD(1.0).apply([np.ones(2, np.float32)], [var])
    assert_allclose(var.numpy(), [-0.5, -0.5])


def test_variables_overwritten_with_their_gradient():
    scale = keras.Variable(np.zeros(2, np.float32), name="scale")
    scale.overwrite_with_gradient = True
    weight = keras.Variable(np.zeros(2, np.float32), name="kernel")
    optimizer = optimizers.Adam(0.1)
    optimizer.build([scale, weight])
    # No slots for the overwritten variable.
    assert len(optimizer.variables) == 2 + 2
    g = np.array([3.0, -1.0], np.float32)
    optimizer.apply([g, g], [scale, weight])
    assert_allclose(scale.numpy(), g)
    assert_allclose(weight.numpy(), [-0.1, 0.1], rtol=1e-4)


def test_stateless_apply_is_pure_and_checks_its_arguments():
    var = keras.Variable(np.ones(2, np.float32), name="w")
    optimizer = optimizers.RMSprop(0.1, momentum=0.5)
    with pytest.raises(ValueError, match="must be built"):
        optimizer.stateless_apply([], [], [])
    optimizer.build([var])
    state = [v.value for v in optimizer.variables]
    values, new_state = optimizer.stateless_apply(
        state, [np.ones(2, np.float32)], [var.value])
    assert_allclose(var.numpy(), [1.0, 1.0])
    assert int(optimizer.iterations.numpy()) == 0
    assert int(np.asarray(new_state[0])) == 1
    assert not np.allclose(np.asarray(values[0]), 1.0)
    with pytest.raises(ValueError, match=r"expects 4 optimizer variables"):
        optimizer.stateless_apply(state[:2], [np.ones(2)], [var.value])


def test_set_weights_and_own_variables():
    var = keras.Variable(np.ones(2, np.float32), name="w")
    optimizer = optimizers.Adam()
    with pytest.raises(ValueError, match="build"):
        optimizer.set_weights([])
    optimizer.build([var])
    store = {}
    optimizer.save_own_variables(store)
    assert sorted(store) == ["0", "1", "2", "3"]
    store["2"] = np.full(2, 7.0, np.float32)
    optimizer.load_own_variables(store)
    assert_allclose(optimizer.variables[2].numpy(), [7.0, 7.0])
    with pytest.raises(ValueError, match="has shape"):
        optimizer.set_weights([np.int32(0), np.float32(0.1),
                               np.zeros(3), np.zeros(2)])
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        optimizer.load_own_variables({"0": 1})


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"clipnorm": 1.0, "global_clipnorm": 1.0}, "Only one of"),
        ({"clipnorm": 1.0, "clipvalue": 0.1}, "Only one of"),
        ({"clipnorm": -1.0}, "clipnorm"),
        ({"weight_decay": -1.0}, "weight_decay"),
        ({"use_ema": True, "ema_momentum": 1.5}, "ema_momentum"),
        ({"use_ema": True, "ema_overwrite_frequency": 0},
         "ema_overwrite_frequency"),
        ({"gradient_accumulation_steps": 1}, "gradient_accumulation_steps"),
        ({"momentum": 1.5}, "momentum"),
        ({"fancy": True}, "not recognized"),
    ],
)
def test_invalid_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.SGD(**kwargs)


def test_decay_argument_is_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="decay"):
        optimizers.SGD(decay=0.1)


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: optimizers.Lion(beta_1=0.0), "beta_1"),
        (lambda: optimizers.Ftrl(learning_rate_power=0.5),
         "learning_rate_power"),
        (lambda: optimizers.Ftrl(l1_regularization_strength=-1.0),
         "l1_regularization_strength"),
    ],
)
def test_invalid_optimizer_specific_arguments_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


# ------------------------------------------------- get, (de)serialize


def test_get_by_name_is_case_insensitive_and_lists_valid_names():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert isinstance(optimizers.get("RMSprop"), optimizers.RMSprop)
    assert isinstance(optimizers.get("Nadam"), optimizers.Nadam)
    sgd = optimizers.SGD()
    assert optimizers.get(sgd) is sgd
    with pytest.raises(ValueError, match="Unknown optimizer: 'adamm'") as e:
        optimizers.get("adamm")
    for valid in ("adam", "rmsprop", "sgd", "lion", "muon"):
        assert valid in str(e.value)
    with pytest.raises(ValueError, match="Could not interpret optimizer"):
        optimizers.get(42)


def test_serialize_round_trip_keeps_every_argument():
    optimizer = optimizers.Adam(0.02, amsgrad=True, clipnorm=1.0,
                                use_ema=True, ema_momentum=0.9,
                                gradient_accumulation_steps=4,
                                loss_scale_factor=2.0)
    config = optimizers.serialize(optimizer)
    assert config["class_name"] == "Adam"
    assert config["config"]["gradient_accumulation_steps"] == 4
    clone = optimizers.deserialize(config)
    assert clone.get_config() == optimizer.get_config()
    with pytest.raises(ValueError, match="class_name"):
        optimizers.deserialize(["adam"])
    with pytest.raises(TypeError, match="Optimizer"):
        optimizers.serialize("adam")


def test_registered_callable_learning_rate_round_trips():
    @keras.saving.register_keras_serializable(package="Test")
    def constant_lr():
        return 0.3

    config = optimizers.serialize(optimizers.SGD(constant_lr))
    assert config["config"]["learning_rate"] == "constant_lr"
    clone = optimizers.deserialize(config)
    assert_allclose(clone.learning_rate, 0.3)
    with pytest.raises(ValueError, match="saved by name"):
        optimizers.SGD.from_config({"learning_rate": "nowhere"})


@pytest.mark.jax_only
def test_accumulation_and_ema_work_inside_fit():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = x @ np.array([[1.0], [-1.0], [2.0]], np.float32)
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    optimizer = optimizers.Adam(0.1, gradient_accumulation_steps=2,
                                use_ema=True, ema_momentum=0.5)
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=4, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert int(np.asarray(optimizer.iterations)) == 8  # 16 steps / 2
    kernel = model.trainable_variables[0]
    average = optimizer._model_variables_moving_average[0]
    # fit ends by finalizing: the model holds the moving averages.
    assert_allclose(kernel.numpy(), average.numpy())
