"""Neural-network ops of the JAX backend, over jax.nn."""

import jax

from multikeras.backend.jax.core import jax_dtype

__all__ = [
    "relu", "relu6", "sigmoid", "softplus", "softsign", "silu", "gelu", "elu",
    "selu", "leaky_relu", "hard_sigmoid", "softmax", "log_softmax",
    "logsumexp", "one_hot",
]  # fmt: skip

relu = jax.nn.relu
relu6 = jax.nn.relu6
sigmoid = jax.nn.sigmoid
softplus = jax.nn.softplus
softsign = jax.nn.soft_sign
silu = jax.nn.silu
selu = jax.nn.selu


def gelu(x, approximate=True):
    return jax.nn.gelu(x, approximate=approximate)


def elu(x, alpha=1.0):
    return jax.nn.elu(x, alpha=alpha)


def leaky_relu(x, negative_slope=0.2):
    return jax.nn.leaky_relu(x, negative_slope=negative_slope)


def hard_sigmoid(x):
    return jax.nn.relu6(x + 3.0) / 6.0


def softmax(x, axis=-1):
    return jax.nn.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return jax.nn.log_softmax(x, axis=axis)


def logsumexp(x, axis=None, keepdims=False):
    return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)


def one_hot(x, num_classes, axis=-1, dtype=None):
    return jax.nn.one_hot(x, num_classes, axis=axis, dtype=jax_dtype(dtype))
