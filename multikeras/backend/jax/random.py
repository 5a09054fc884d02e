"""Random sampling of the JAX backend, from explicit seed states."""

import jax
import jax.numpy as jnp

from multikeras.backend.jax.core import jax_dtype

__all__ = [
    "random_normal",
    "random_uniform",
    "random_truncated_normal",
    "random_randint",
]


def _key(seed):
    """A threefry key from a uint32[2] seed state."""
    return jax.random.wrap_key_data(jnp.asarray(seed, dtype=jnp.uint32))


def random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=None):
    dtype = jax_dtype(dtype)
    sample = jax.random.normal(_key(seed), shape, dtype=dtype)
    return sample * stddev + mean


def random_uniform(shape, seed, minval=0.0, maxval=1.0, dtype=None):
    dtype = jax_dtype(dtype)
    return jax.random.uniform(
        _key(seed), shape, dtype=dtype, minval=minval, maxval=maxval
    )


def random_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=None):
    dtype = jax_dtype(dtype)
    sample = jax.random.truncated_normal(
        _key(seed), -2.0, 2.0, shape, dtype=dtype
    )
    return sample * stddev + mean


def random_randint(shape, seed, minval, maxval, dtype="int32"):
    return jax.random.randint(
        _key(seed), shape, minval, maxval, dtype=jax_dtype(dtype)
    )
