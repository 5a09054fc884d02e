"""Activation functions, by name: `Dense(..., activation="relu")`.

These follow Keras's `keras.activations` defaults, which differ from the
raw ops in places (`gelu` here is exact by default, as in Keras).
"""

from multikeras import ops
from multikeras.api_export import export


@export("multikeras.activations.relu")
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """`max(x, 0)`, with an optional leak, cap and threshold."""
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    x = ops.convert_to_tensor(x)
    out = ops.where(ops.greater(x, threshold), x, 0.0)
    if negative_slope:
        out = out + negative_slope * ops.where(
            ops.greater(x, threshold), 0.0, x - threshold
        )
    if max_value is not None:
        out = ops.minimum(out, max_value)
    return out


@export("multikeras.activations.linear")
def linear(x):
    """The identity."""
    return x


@export("multikeras.activations.sigmoid")
def sigmoid(x):
    """`1 / (1 + exp(-x))`."""
    return ops.sigmoid(x)


@export("multikeras.activations.tanh")
def tanh(x):
    """Hyperbolic tangent."""
    return ops.tanh(x)


@export("multikeras.activations.softmax")
def softmax(x, axis=-1):
    """Softmax along `axis`."""
    return ops.softmax(x, axis=axis)


@export("multikeras.activations.log_softmax")
def log_softmax(x, axis=-1):
    """Log-softmax along `axis`."""
    return ops.log_softmax(x, axis=axis)


@export("multikeras.activations.relu6")
def relu6(x):
    """`min(max(x, 0), 6)`."""
    return ops.relu6(x)


@export("multikeras.activations.elu")
def elu(x, alpha=1.0):
    """`x` if `x > 0`, else `alpha * (exp(x) - 1)`."""
    return ops.elu(x, alpha=alpha)


@export("multikeras.activations.selu")
def selu(x):
    """Scaled exponential linear unit."""
    return ops.selu(x)


@export("multikeras.activations.gelu")
def gelu(x, approximate=False):
    """Gaussian error linear unit (exact erf form by default)."""
    return ops.gelu(x, approximate=approximate)


@export("multikeras.activations.softplus")
def softplus(x):
    """`log(1 + exp(x))`."""
    return ops.softplus(x)


@export("multikeras.activations.softsign")
def softsign(x):
    """`x / (1 + |x|)`."""
    return ops.softsign(x)


@export("multikeras.activations.silu", "multikeras.activations.swish")
def silu(x):
    """`x * sigmoid(x)`."""
    return ops.silu(x)


swish = silu


@export("multikeras.activations.leaky_relu")
def leaky_relu(x, negative_slope=0.2):
    """`x` if `x >= 0`, else `negative_slope * x`."""
    return ops.leaky_relu(x, negative_slope=negative_slope)


@export("multikeras.activations.hard_sigmoid")
def hard_sigmoid(x):
    """`relu6(x + 3) / 6`."""
    return ops.hard_sigmoid(x)


@export("multikeras.activations.exponential")
def exponential(x):
    """`exp(x)`."""
    return ops.exp(x)


@export("multikeras.activations.mish")
def mish(x):
    """`x * tanh(softplus(x))`."""
    return ops.multiply(x, ops.tanh(ops.softplus(x)))
