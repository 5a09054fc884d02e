"""Random sampling of the NumPy backend, from explicit seed states.

Each call builds a fresh `numpy.random.Generator` from the seed state, so
sampling is a pure function of `seed`, as on JAX (with other numbers).
"""

import numpy as np

from multikeras.backend.numpy.core import np_dtype

__all__ = [
    "random_normal",
    "random_uniform",
    "random_truncated_normal",
    "random_randint",
]


def _generator(seed):
    return np.random.default_rng(np.asarray(seed, np.uint32).tolist())


def random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=None):
    sample = _generator(seed).standard_normal(shape)
    return (sample * stddev + mean).astype(np_dtype(dtype))


def random_uniform(shape, seed, minval=0.0, maxval=1.0, dtype=None):
    sample = _generator(seed).uniform(minval, maxval, shape)
    return sample.astype(np_dtype(dtype))


def random_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=None):
    rng = _generator(seed)
    sample = rng.standard_normal(shape)
    outside = np.abs(sample) > 2
    while outside.any():  # redraw only the rejected entries
        sample[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(sample) > 2
    return (sample * stddev + mean).astype(np_dtype(dtype))


def random_randint(shape, seed, minval, maxval, dtype="int32"):
    sample = _generator(seed).integers(minval, maxval, size=shape)
    return sample.astype(np_dtype(dtype))
