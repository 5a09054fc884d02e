"""Differentiation in the JAX backend."""

import jax

__all__ = ["value_and_grad", "stop_gradient"]


def value_and_grad(fn, has_aux=False):
    return jax.value_and_grad(fn, has_aux=has_aux)


def stop_gradient(x):
    return jax.lax.stop_gradient(x)
