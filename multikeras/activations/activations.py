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


@export("multikeras.activations.celu")
def celu(x, alpha=1.0):
    """Continuously differentiable ELU.

    `x` if `x > 0`, else `alpha * (exp(x / alpha) - 1)`.

    Args:
        x: input tensor.
        alpha: scale of the negative part (and of its input), 1.0 by
            default.

    Example:
    >>> x = np.array([-1.0, 0.0, 2.0], dtype="float32")
    >>> np.round(np.asarray(multikeras.activations.celu(x, alpha=2.0)), 4)
    array([-0.7869,  0.    ,  2.    ], dtype=float32)
    """
    return ops.celu(x, alpha=alpha)


@export("multikeras.activations.glu")
def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)`.

    `a` and `b` are the first and second halves of `x` along `axis`, whose
    size must be even; the result has half that size.

    Args:
        x: input tensor.
        axis: the axis to split, -1 by default.

    Example:
    >>> x = np.array([[1.0, 2.0, 0.0, 100.0]], dtype="float32")
    >>> np.asarray(multikeras.activations.glu(x))
    array([[0.5, 2. ]], dtype=float32)
    """
    return ops.glu(x, axis=axis)


@export("multikeras.activations.hard_shrink")
def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, else 0.

    Args:
        x: input tensor.
        threshold: half-width of the band set to zero, 0.5 by default.
    """
    return ops.hard_shrink(x, threshold=threshold)


@export(
    "multikeras.activations.hard_silu", "multikeras.activations.hard_swish"
)
def hard_silu(x):
    """Hard SiLU (also named hard swish): `x * relu6(x + 3) / 6`.

    0 below -3, `x` above 3, a quadratic in between.

    Example:
    >>> x = np.array([-4.0, 0.0, 4.0], dtype="float32")
    >>> np.asarray(multikeras.activations.hard_silu(x))
    array([-0.,  0.,  4.], dtype=float32)
    """
    return ops.hard_silu(x)


hard_swish = hard_silu


@export("multikeras.activations.hard_tanh")
def hard_tanh(x):
    """`x` clipped to `[-1, 1]`."""
    return ops.hard_tanh(x)


@export("multikeras.activations.log_sigmoid")
def log_sigmoid(x):
    """`log(sigmoid(x))`, computed stably as `-softplus(-x)`."""
    return ops.log_sigmoid(x)


@export("multikeras.activations.soft_shrink")
def soft_shrink(x, threshold=0.5):
    """Shrinks `x` towards 0 by `threshold`.

    `x - threshold` above `threshold`, `x + threshold` below `-threshold`,
    0 in between.

    Args:
        x: input tensor.
        threshold: the amount of shrinkage, 0.5 by default.
    """
    return ops.soft_shrink(x, threshold=threshold)


@export("multikeras.activations.sparse_plus")
def sparse_plus(x):
    """A smooth ReLU made of pieces.

    0 for `x <= -1`, `(x + 1)**2 / 4` on `(-1, 1)`, `x` for `x >= 1`.
    """
    return ops.sparse_plus(x)


@export("multikeras.activations.sparse_sigmoid")
def sparse_sigmoid(x):
    """A piecewise-linear sigmoid.

    0 for `x <= -1`, `(x + 1) / 2` on `(-1, 1)`, 1 for `x >= 1`.
    """
    return ops.sparse_sigmoid(x)


@export("multikeras.activations.sparsemax")
def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection onto the probability simplex.

    `max(x - tau, 0)`, with `tau` chosen so each slice along `axis` sums to
    one. Unlike softmax it gives exact zeros.

    Args:
        x: input tensor.
        axis: the axis to normalize, -1 by default.

    Example:
    >>> x = np.array([0.0, 1.0, 1.5], dtype="float32")
    >>> np.asarray(multikeras.activations.sparsemax(x))
    array([0.  , 0.25, 0.75], dtype=float32)
    """
    return ops.sparsemax(x, axis=axis)


@export("multikeras.activations.squareplus")
def squareplus(x, b=4):
    """A smooth ReLU: `(x + sqrt(x**2 + b)) / 2`.

    Args:
        x: input tensor.
        b: smoothness (`b = 0` gives ReLU), 4 by default.
    """
    return ops.squareplus(x, b=b)


@export("multikeras.activations.tanh_shrink")
def tanh_shrink(x):
    """`x - tanh(x)`."""
    return ops.tanh_shrink(x)


@export("multikeras.activations.threshold")
def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`.

    Args:
        x: input tensor.
        threshold: the value an entry must exceed to be kept.
        default_value: what replaces the other entries.

    Example:
    >>> x = np.array([-1.0, 0.5, 2.0], dtype="float32")
    >>> np.asarray(multikeras.activations.threshold(x, 1.0, -5.0))
    array([-5., -5.,  2.], dtype=float32)
    """
    return ops.threshold(x, threshold, default_value)
