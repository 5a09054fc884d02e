"""Thread-local scopes: stateless execution, name paths, call context.

All of multikeras's implicit state lives here, in one place.
"""

import threading

from multikeras.api_export import export

_state = threading.local()


def _stack(name):
    stack = getattr(_state, name, None)
    if stack is None:
        stack = []
        setattr(_state, name, stack)
    return stack


@export("multikeras.StatelessScope")
class StatelessScope:
    """Substitutes values for variables, and records assignments.

    Inside the scope, reading a variable listed in `state_mapping` returns
    the substitute value, and `variable.assign(v)` records `v` instead of
    changing the variable. This makes any model call a pure function of
    explicit state, which is what compiled train steps need.

    Args:
        state_mapping: iterable of `(variable, value)` pairs.
        collect_losses: whether to collect layer losses (`add_loss`).

    Example:
    >>> v = multikeras.Variable(1.0)
    >>> with StatelessScope([(v, 3.0)]) as scope:
    ...     _ = v.assign(v.value + 1.0)
    >>> float(scope.get_current_value(v)), float(v.numpy())
    (4.0, 1.0)
    """

    def __init__(self, state_mapping=None, collect_losses=False):
        self._values = {}
        self._vars = {}
        for variable, value in state_mapping or ():
            self._values[id(variable)] = value
            self._vars[id(variable)] = variable
        self.collect_losses = collect_losses
        self.losses = []

    def get_current_value(self, variable):
        """The substitute or assigned value of `variable`, else None."""
        return self._values.get(id(variable))

    def add_update(self, variable, value):
        self._values[id(variable)] = value
        self._vars[id(variable)] = variable

    def add_loss(self, loss):
        self.losses.append(loss)

    def __enter__(self):
        _stack("stateless").append(self)
        return self

    def __exit__(self, *exc_info):
        _stack("stateless").pop()


def get_stateless_scope():
    stack = _stack("stateless")
    return stack[-1] if stack else None


def in_stateless_scope():
    return bool(_stack("stateless"))


@export("multikeras.SymbolicScope")
class SymbolicScope:
    """Marks code running on placeholders to infer output shapes."""

    def __enter__(self):
        _stack("symbolic").append(self)
        return self

    def __exit__(self, *exc_info):
        _stack("symbolic").pop()


def in_symbolic_scope():
    return bool(_stack("symbolic"))


@export("multikeras.name_scope")
class name_scope:
    """Prefixes the `path` of variables created inside it with `name`."""

    def __init__(self, name):
        if not isinstance(name, str) or not name:
            raise ValueError(
                f"name_scope needs a non-empty string. Received: {name!r}"
            )
        self.name = name

    def __enter__(self):
        _stack("names").append(self.name)
        return self

    def __exit__(self, *exc_info):
        _stack("names").pop()


def current_path(name):
    """`name` prefixed with the active name scopes, joined by '/'."""
    return "/".join([*_stack("names"), name])


class CallContext:
    """Per-call state shared by nested layer calls (the `training` flag)."""

    def __init__(self, training=None):
        self.training = training


def get_call_context():
    stack = _stack("call")
    return stack[-1] if stack else None


class call_context:
    """Enters a `CallContext` for the outermost layer call."""

    def __init__(self, training):
        self.context = CallContext(training)

    def __enter__(self):
        _stack("call").append(self.context)
        return self.context

    def __exit__(self, *exc_info):
        _stack("call").pop()


class padding_mask_scope:
    """Marks which rows of the current batch are real (1) or padding (0).

    The trainer pads the last short batch to the full batch size, so that a
    compiled step is traced once; losses and metrics read this mask to
    ignore the padding rows.
    """

    def __init__(self, mask):
        self.mask = mask

    def __enter__(self):
        _stack("padding").append(self.mask)
        return self.mask

    def __exit__(self, *exc_info):
        _stack("padding").pop()


def get_padding_mask():
    stack = _stack("padding")
    return stack[-1] if stack else None
