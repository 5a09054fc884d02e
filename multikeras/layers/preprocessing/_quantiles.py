"""Approximate quantile summaries for `Discretization.adapt`.

A summary is a `(2, n)` array: sorted values and the weight (number of
inputs) each stands for. Batches are summarized with about `1 / epsilon`
points, merged, and compressed back by interpolating the cumulative
weights at evenly spaced fractions; the bin boundaries are the points of a
summary compressed to `num_bins` fractions. These are the steps Keras 3
documents for its Discretization layer, so adapted boundaries agree with
Keras's.
"""

from __future__ import annotations

import numpy as np


def empty() -> np.ndarray:
    return np.zeros((2, 0), dtype="float32")


def summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    """Every `step`-th sorted value, each weighted `step`, where `step` is
    `size * epsilon` (at least 1)."""
    values = np.sort(np.reshape(values, -1))
    step = max(values.size * epsilon, 1)
    picked = values[int(step - 1)::int(step)]
    return np.stack([picked, np.full_like(picked, step)])


def compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """About `1 / epsilon` points interpolated from `summary` (returned
    unchanged when it is already that small)."""
    if summary.shape[1] * epsilon < 1:
        return summary
    fractions = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = np.cumsum(summary[1])
    share = cumulative / cumulative[-1]
    points = np.interp(fractions, share, summary[0])
    at = np.interp(fractions, share, cumulative)
    weights = np.diff(at, prepend=0.0)
    return np.stack([points, weights]).astype("float32")


def merge(new: np.ndarray, old: np.ndarray, epsilon: float) -> np.ndarray:
    both = np.concatenate([new, old], axis=1)
    return compress(both[:, np.argsort(both[0])], epsilon)


def bin_boundaries(summary: np.ndarray, num_bins: int) -> np.ndarray:
    """`num_bins - 1` boundaries splitting the summarized data into bins
    of about equal weight."""
    return compress(summary, 1.0 / num_bins)[0, :-1]
