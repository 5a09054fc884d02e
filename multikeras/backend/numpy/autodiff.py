"""Differentiation in the NumPy backend.

The reference backend has no automatic differentiation yet, so it cannot
train. `value_and_grad` says so plainly and names the backend that can.
"""

__all__ = ["value_and_grad", "stop_gradient"]


def value_and_grad(fn, has_aux=False):
    name = getattr(fn, "__name__", "the function")

    def unavailable(*args, **kwargs):
        raise RuntimeError(
            f"Cannot differentiate {name}: the NumPy backend has no "
            "gradients yet, so it cannot train (fit, train_on_batch, "
            "value_and_grad). It runs predict, evaluate and the *_on_batch "
            "inference methods. To train, use the JAX backend: "
            "MULTIKERAS_BACKEND=jax."
        )

    return unavailable


def stop_gradient(x):
    return x
