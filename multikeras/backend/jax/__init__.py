"""The JAX backend: jax.numpy, jax.nn, jax.random keys, jax.jit."""

from multikeras.backend.jax.autodiff import *  # noqa: F403
from multikeras.backend.jax.control import *  # noqa: F403
from multikeras.backend.jax.core import *  # noqa: F403
from multikeras.backend.jax.nn import *  # noqa: F403
from multikeras.backend.jax.numpy import *  # noqa: F403
from multikeras.backend.jax.random import *  # noqa: F403

name = "jax"
