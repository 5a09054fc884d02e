"""NumPy references for the recurrent cells, written out step by step."""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(x, state, kernel, recurrent_kernel, bias):
    h, c = state
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, (h, c)


def gru_step(x, state, kernel, recurrent_kernel, bias, reset_after=True):
    (h,) = state
    units = h.shape[-1]
    if reset_after:
        b_in, b_rec = bias[0], bias[1]
    else:
        b_in, b_rec = bias, np.zeros(3 * units)
    xz, xr, xh = np.split(x @ kernel + b_in, 3, axis=-1)
    uz, ur, uh = np.split(recurrent_kernel, 3, axis=-1)
    bz, br, bh = np.split(b_rec, 3)
    z = sigmoid(xz + h @ uz + bz)
    r = sigmoid(xr + h @ ur + br)
    if reset_after:
        candidate = np.tanh(xh + r * (h @ uh + bh))
    else:
        candidate = np.tanh(xh + (r * h) @ uh)
    h = z * h + (1 - z) * candidate
    return h, (h,)


def simple_rnn_step(x, state, kernel, recurrent_kernel, bias):
    (h,) = state
    h = np.tanh(x @ kernel + h @ recurrent_kernel + bias)
    return h, (h,)


def run_rnn(step, x, state, mask=None, go_backwards=False,
            zero_output_for_mask=False):
    """Keras's loop semantics: a masked step keeps the states and outputs
    the previous output (the first state) or zeros. Outputs come in
    processing order."""
    steps = range(x.shape[1])
    outputs = []
    for t in (reversed(steps) if go_backwards else steps):
        out, new_state = step(x[:, t], state)
        if mask is not None:
            keep = mask[:, t][:, None]
            previous = np.zeros_like(out) if zero_output_for_mask else (
                state[0]
            )
            out = np.where(keep, out, previous)
            new_state = tuple(
                np.where(keep, n, o) for n, o in zip(new_state, state)
            )
        outputs.append(out)
        state = new_state
    return np.stack(outputs, axis=1), state
