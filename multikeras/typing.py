"""Type aliases shared by multikeras's annotations.

One place for the vocabulary of public signatures, as optax keeps it in
`optax/_src/base.py`. The aliases are for readers and the type checker
(mypy, run in CI); nothing here is checked at run time.

Tensors are `Any`: a value is a `jax.Array` under the JAX backend, a
`numpy.ndarray` under the NumPy one, or a symbolic `KerasTensor`, and the
NumPy backend must never import jax. The names still say what is expected.

This module imports no backend; the classes named in aliases are imported
only when type checking.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias

if TYPE_CHECKING:
    import numpy as np

    from multikeras.initializers.initializers import Initializer
    from multikeras.random.seed_generator import SeedGenerator

# A backend tensor (jax.Array, numpy.ndarray) or a KerasTensor.
Tensor: TypeAlias = Any

# Anything `convert_to_tensor` accepts: tensors, NumPy arrays, Variables,
# Python scalars and (nested) lists of them.
ArrayLike: TypeAlias = Any

# A tensor, or a nested list / tuple / dict of tensors (model inputs,
# outputs and targets).
TensorTree: TypeAlias = Any

# A dtype: a name ("float32"), a NumPy dtype or scalar type, a Python type
# (float, int, bool), or None for the default (floatx).
DTypeLike: TypeAlias = "str | np.dtype[Any] | type[Any] | None"

# A static shape; None marks an unknown dimension (usually the batch).
Shape: TypeAlias = tuple[int | None, ...]

# A shape as users pass it: a tuple or list of dims, or one int.
ShapeLike: TypeAlias = Sequence[int | None] | int

# Random seeds: an int (same draw each call), a SeedGenerator (a new draw
# each call, traceable), a uint32[2] key tensor, or None (a fresh seed).
Seed: TypeAlias = "int | SeedGenerator | Tensor | None"

# Values standing in for variables, in the order of the matching variable
# list (e.g. `trainable_variables`), as stateless calls take and return.
Params: TypeAlias = Sequence[Tensor]

# An initializer: a name, an Initializer, its config dict, or a callable
# `fn(shape, dtype=None)`.
InitializerLike: TypeAlias = (
    "str | Initializer | dict[str, Any] | Callable[..., Tensor]"
)

# An activation: a name, a callable on tensors, or None (linear).
ActivationLike: TypeAlias = str | Callable[..., Tensor] | None

# A weight regularizer or constraint: a callable on a tensor.
TensorFn: TypeAlias = Callable[[Tensor], Tensor]

# Constructor arguments, as `get_config` returns and `from_config` takes.
Config: TypeAlias = dict[str, Any]

# Callback logs: metric name -> value (a float, or a device scalar).
Logs: TypeAlias = dict[str, Any]
