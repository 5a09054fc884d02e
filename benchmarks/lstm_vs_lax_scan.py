"""An LSTM trained by fit() against a hand-written jax.lax.scan LSTM with
optax, same shapes, same run.

Both train LSTM(64) -> Dense(1) with Adam and MSE on length-100 sequences
of 32 features, batch 32, sliced from the same host NumPy arrays with the
same per-epoch shuffling, one jitted state-donating step per batch. The
hand-written LSTM is the textbook step inside `lax.scan`:
`z = x_t W + h U + b`, gates i, f, c, o. Reported: median seconds per epoch
over alternating runs (each run's first epoch, with compilation, dropped)
and the ratio multikeras / jax+optax (1.00 = as fast; lower is better).

    MULTIKERAS_BACKEND=jax python benchmarks/lstm_vs_lax_scan.py
"""

import argparse
import statistics
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax

import multikeras as keras

UNITS, STEPS, FEATURES, BATCH = 64, 100, 32, 32


def make_data(samples, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, STEPS, FEATURES)).astype("float32")
    y = x[:, :, :1].mean(axis=1)
    return x, y


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.start)


def time_multikeras(x, y, epochs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((STEPS, FEATURES)),
        keras.layers.LSTM(UNITS),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    timer = EpochTimer()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0,
              callbacks=[timer])
    return timer.times


def _uniform(key, shape, limit):
    return jax.random.uniform(key, shape, minval=-limit, maxval=limit)


def time_optax(x, y, epochs):
    k1, k2, k3 = jax.random.split(jax.random.key(0), 3)
    params = {
        "w": _uniform(k1, (FEATURES, 4 * UNITS),
                      np.sqrt(6 / (FEATURES + 4 * UNITS))),
        "u": _uniform(k2, (UNITS, 4 * UNITS), np.sqrt(6 / (5 * UNITS))),
        "b": jnp.zeros(4 * UNITS).at[UNITS:2 * UNITS].set(1.0),
        "dense_w": _uniform(k3, (UNITS, 1), np.sqrt(6 / (UNITS + 1))),
        "dense_b": jnp.zeros(1),
    }
    optimizer = optax.adam(1e-3, eps=1e-7)
    opt_state = optimizer.init(params)

    def forward(params, xb):
        def step(carry, x_t):
            h, c = carry
            z = x_t @ params["w"] + h @ params["u"] + params["b"]
            i, f, g, o = jnp.split(z, 4, axis=-1)
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), None

        zeros = jnp.zeros((xb.shape[0], UNITS))
        (h, _), _ = jax.lax.scan(step, (zeros, zeros),
                                 jnp.swapaxes(xb, 0, 1))
        return h @ params["dense_w"] + params["dense_b"]

    def loss_fn(params, xb, yb):
        return jnp.mean((forward(params, xb) - yb) ** 2)

    def train_step(params, opt_state, xb, yb):
        loss, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, loss

    train_step = jax.jit(train_step, donate_argnums=(0, 1))
    rng = np.random.default_rng(0)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        for i in range(0, len(x), BATCH):
            index = order[i : i + BATCH]
            params, opt_state, loss = train_step(params, opt_state,
                                                 x[index], y[index])
        float(loss)
        times.append(time.perf_counter() - start)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    x, y = make_data(args.samples)
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}; "
          f"LSTM({UNITS}) over {STEPS} steps of {FEATURES} features, batch "
          f"{BATCH}, {args.samples // BATCH} steps/epoch; median s/epoch "
          f"over {args.repeats} alternating runs of {args.epochs} epochs "
          "(first epoch of each run dropped)")
    ours, theirs = [], []
    for _ in range(args.repeats):  # alternate, so drift hits both
        ours += time_multikeras(x, y, args.epochs)[1:]
        theirs += time_optax(x, y, args.epochs)[1:]
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{'multikeras':>12}{'lax.scan':>12}{'ratio':>8}")
    print(f"{a:>12.4f}{b:>12.4f}{a / b:>8.2f}")


if __name__ == "__main__":
    main()
