"""The backend contract: every function a backend provides, grouped.

This module is a written list, not an implementation. Each backend
(`multikeras.backend.jax`, `multikeras.backend.numpy`) defines every function
below with the same signature; `tests/backend/test_interface.py` checks it, and
`multikeras.backend.load_backend` refuses a backend that misses one.

Conventions shared by all functions:
- A *tensor* is the backend's array type (`jax.Array`, `numpy.ndarray`).
- Dtypes are strings from `multikeras.backend.common.dtypes`; `None` means
  "keep the input's dtype" for conversions and `floatx()` for creation.
- Ops receive tensors of already-promoted dtypes: Keras's promotion rules are
  applied once, above the backend, in `multikeras.ops`.
- Random functions take an explicit `seed`: a uint32 tensor of shape (2,),
  the state of a `SeedGenerator`. They never touch hidden global state.
"""

GROUPS: dict[str, list[str]] = {}


def _group(name):
    def register(fn):
        GROUPS.setdefault(name, []).append(fn.__name__)
        return fn

    return register


# ----------------------------------------------------------- tensor core


@_group("core")
def convert_to_tensor(x, dtype=None):
    """`x` (tensor, NumPy array, scalar, nested list) as a backend tensor."""


@_group("core")
def convert_to_numpy(x):
    """A host `numpy.ndarray` holding the value of tensor `x`."""


@_group("core")
def is_tensor(x):
    """Whether `x` is this backend's tensor type."""


@_group("core")
def cast(x, dtype):
    """`x` converted to `dtype`."""


@_group("core")
def shape(x):
    """Static shape of `x` as a tuple of ints."""


@_group("core")
def eval_shape(fn, *args):
    """Output shapes and dtypes of `fn(*args)` without computing values.

    `args` are trees whose leaves are `(shape, dtype)` specs (objects with
    `.shape` and `.dtype`). Returns a tree of `ShapeDtype` with the same
    structure as `fn`'s output. Shapes must be fully known.
    """


# ------------------------------------------------------ numpy-like ops


@_group("numpy")
def abs(x):
    """Element-wise absolute value."""


@_group("numpy")
def add(x1, x2):
    """Element-wise sum."""


@_group("numpy")
def subtract(x1, x2):
    """Element-wise difference."""


@_group("numpy")
def multiply(x1, x2):
    """Element-wise product."""


@_group("numpy")
def divide(x1, x2):
    """Element-wise true division."""


@_group("numpy")
def floor_divide(x1, x2):
    """Element-wise floor division."""


@_group("numpy")
def mod(x1, x2):
    """Element-wise remainder with the sign of the divisor."""


@_group("numpy")
def power(x1, x2):
    """Element-wise `x1 ** x2`."""


@_group("numpy")
def negative(x):
    """Element-wise negation."""


@_group("numpy")
def sqrt(x):
    """Element-wise square root."""


@_group("numpy")
def square(x):
    """Element-wise square."""


@_group("numpy")
def exp(x):
    """Element-wise exponential."""


@_group("numpy")
def log(x):
    """Element-wise natural logarithm."""


@_group("numpy")
def log1p(x):
    """Element-wise `log(1 + x)`."""


@_group("numpy")
def expm1(x):
    """Element-wise `exp(x) - 1`."""


@_group("numpy")
def sin(x):
    """Element-wise sine."""


@_group("numpy")
def cos(x):
    """Element-wise cosine."""


@_group("numpy")
def tanh(x):
    """Element-wise hyperbolic tangent."""


@_group("numpy")
def sign(x):
    """Element-wise sign (-1, 0, 1)."""


@_group("numpy")
def floor(x):
    """Element-wise floor."""


@_group("numpy")
def ceil(x):
    """Element-wise ceiling."""


@_group("numpy")
def round(x, decimals=0):
    """Element-wise rounding, half to even."""


@_group("numpy")
def maximum(x1, x2):
    """Element-wise maximum."""


@_group("numpy")
def minimum(x1, x2):
    """Element-wise minimum."""


@_group("numpy")
def clip(x, x_min, x_max):
    """Values of `x` limited to `[x_min, x_max]`."""


@_group("numpy")
def equal(x1, x2):
    """Element-wise `x1 == x2`, as bool."""


@_group("numpy")
def not_equal(x1, x2):
    """Element-wise `x1 != x2`, as bool."""


@_group("numpy")
def less(x1, x2):
    """Element-wise `x1 < x2`, as bool."""


@_group("numpy")
def less_equal(x1, x2):
    """Element-wise `x1 <= x2`, as bool."""


@_group("numpy")
def greater(x1, x2):
    """Element-wise `x1 > x2`, as bool."""


@_group("numpy")
def greater_equal(x1, x2):
    """Element-wise `x1 >= x2`, as bool."""


@_group("numpy")
def logical_and(x1, x2):
    """Element-wise logical and."""


@_group("numpy")
def logical_or(x1, x2):
    """Element-wise logical or."""


@_group("numpy")
def logical_not(x):
    """Element-wise logical not."""


@_group("numpy")
def isnan(x):
    """Element-wise NaN test."""


@_group("numpy")
def isfinite(x):
    """Element-wise finiteness test."""


@_group("numpy")
def where(condition, x1, x2):
    """Elements of `x1` where `condition`, else of `x2`."""


@_group("numpy")
def matmul(x1, x2):
    """Matrix product with NumPy's broadcasting rules."""


@_group("numpy")
def einsum(subscripts, *operands):
    """Einstein summation."""


@_group("numpy")
def sum(x, axis=None, keepdims=False):
    """Sum over `axis` (an int, a tuple of ints, or None for all)."""


@_group("numpy")
def mean(x, axis=None, keepdims=False):
    """Mean over `axis`."""


@_group("numpy")
def max(x, axis=None, keepdims=False):
    """Maximum over `axis`."""


@_group("numpy")
def min(x, axis=None, keepdims=False):
    """Minimum over `axis`."""


@_group("numpy")
def prod(x, axis=None, keepdims=False):
    """Product over `axis`."""


@_group("numpy")
def var(x, axis=None, keepdims=False):
    """Population variance over `axis`."""


@_group("numpy")
def any(x, axis=None, keepdims=False):
    """Logical or over `axis`."""


@_group("numpy")
def all(x, axis=None, keepdims=False):
    """Logical and over `axis`."""


@_group("numpy")
def argmax(x, axis=None, keepdims=False):
    """Index of the maximum along `axis` (first one on ties), int32."""


@_group("numpy")
def argmin(x, axis=None, keepdims=False):
    """Index of the minimum along `axis` (first one on ties), int32."""


@_group("numpy")
def cumsum(x, axis=None):
    """Cumulative sum along `axis` (flattened when None)."""


@_group("numpy")
def reshape(x, newshape):
    """`x` with shape `newshape` (one entry may be -1)."""


@_group("numpy")
def transpose(x, axes=None):
    """`x` with its axes permuted (reversed when `axes` is None)."""


@_group("numpy")
def concatenate(xs, axis=0):
    """Tensors joined along an existing axis."""


@_group("numpy")
def stack(xs, axis=0):
    """Tensors joined along a new axis."""


@_group("numpy")
def expand_dims(x, axis):
    """`x` with a new axis of size 1 inserted at `axis`."""


@_group("numpy")
def squeeze(x, axis=None):
    """`x` with size-1 axes removed."""


@_group("numpy")
def broadcast_to(x, shape):
    """`x` broadcast to `shape`."""


@_group("numpy")
def tile(x, repeats):
    """`x` repeated `repeats` times along each axis."""


@_group("numpy")
def take(x, indices, axis=None):
    """Elements of `x` at integer `indices` along `axis`."""


@_group("numpy")
def get_item(x, key):
    """`x[key]` with NumPy basic and integer-array indexing."""


@_group("numpy")
def take_along_axis(x, indices, axis=None):
    """Elements of `x` at `indices`, matched along `axis`."""


@_group("numpy")
def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values in `[start, stop)`."""


@_group("numpy")
def zeros(shape, dtype=None):
    """A tensor of zeros."""


@_group("numpy")
def ones(shape, dtype=None):
    """A tensor of ones."""


@_group("numpy")
def full(shape, fill_value, dtype=None):
    """A tensor filled with `fill_value`."""


@_group("numpy")
def eye(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones on the `k`-th diagonal."""


@_group("numpy")
def sort(x, axis=-1):
    """`x` sorted along `axis`."""


# --------------------------------------------------------------- nn ops


@_group("nn")
def relu(x):
    """`max(x, 0)`."""


@_group("nn")
def relu6(x):
    """`min(max(x, 0), 6)`."""


@_group("nn")
def sigmoid(x):
    """`1 / (1 + exp(-x))`."""


@_group("nn")
def softplus(x):
    """`log(1 + exp(x))`, computed stably."""


@_group("nn")
def softsign(x):
    """`x / (1 + |x|)`."""


@_group("nn")
def silu(x):
    """`x * sigmoid(x)`."""


@_group("nn")
def gelu(x, approximate=True):
    """Gaussian error linear unit (tanh approximation by default)."""


@_group("nn")
def elu(x, alpha=1.0):
    """`x` if `x > 0`, else `alpha * (exp(x) - 1)`."""


@_group("nn")
def selu(x):
    """Scaled ELU with the self-normalizing constants."""


@_group("nn")
def leaky_relu(x, negative_slope=0.2):
    """`x` if `x >= 0`, else `negative_slope * x`."""


@_group("nn")
def hard_sigmoid(x):
    """`relu6(x + 3) / 6`."""


@_group("nn")
def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` along `axis`, computed stably."""


@_group("nn")
def log_softmax(x, axis=-1):
    """`log(softmax(x))` along `axis`, computed stably."""


@_group("nn")
def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably."""


@_group("nn")
def one_hot(x, num_classes, axis=-1, dtype=None):
    """One-hot encoding of integer `x`; out-of-range indices give zeros."""


# --------------------------------------------------------------- random


@_group("random")
def random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=None):
    """Samples from a normal distribution."""


@_group("random")
def random_uniform(shape, seed, minval=0.0, maxval=1.0, dtype=None):
    """Samples from a uniform distribution on `[minval, maxval)`."""


@_group("random")
def random_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=None):
    """Normal samples redrawn until within two standard deviations."""


@_group("random")
def random_randint(shape, seed, minval, maxval, dtype="int32"):
    """Integers drawn uniformly from `[minval, maxval)`."""


# ------------------------------------------------------------- autodiff


@_group("autodiff")
def value_and_grad(fn, has_aux=False):
    """`fn` -> a function returning `(fn(*args), d fn / d args[0])`.

    The gradient has the structure of the first argument (a tree of float
    tensors). With `has_aux`, `fn` returns `(value, aux)` and the result is
    `((value, aux), grads)`.
    """


@_group("autodiff")
def stop_gradient(x):
    """`x`, treated as a constant by differentiation."""


# --------------------------------------------- compilation, control flow


@_group("control")
def compile(fn, donate_argnums=()):
    """A compiled version of the pure function `fn`.

    Arguments whose positions are in `donate_argnums` may have their
    buffers reused for the outputs: callers must not read them afterwards.
    """


@_group("control")
def eager_scope():
    """A context in which ops on concrete values run now, even while a
    function is being traced (used to initialize variables)."""


@_group("control")
def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loops `carry, y = f(carry, x)` over the leading axis of `xs`.

    Returns `(final_carry, stacked_ys)`.
    """


@_group("control")
def fori_loop(lower, upper, body_fun, init_val):
    """`val = body_fun(i, val)` for `i` in `range(lower, upper)`."""


@_group("control")
def while_loop(cond_fun, body_fun, init_val):
    """`val = body_fun(val)` while `cond_fun(val)`."""


@_group("control")
def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()`; both have the same output."""


# -------------------------------------------------------------- devices


@_group("devices")
def list_devices(device_type=None):
    """Names of the available devices, e.g. `["cpu:0"]`."""


@_group("devices")
def device_put(x, device=None):
    """A tree of host arrays moved onto `device` (the default if None)."""


NAMES = tuple(name for names in GROUPS.values() for name in names)
