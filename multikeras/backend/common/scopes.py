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
    """Prefixes the `path` of variables created inside it with `name`.

    Layers open one around their build and call (with `caller` set to
    themselves), so sublayers built there get paths such as
    `"bidirectional/forward_lstm/lstm_cell/kernel"`, as in Keras.

    Args:
        name: the path component, a non-empty string.
        caller: the object opening the scope (a layer), or None.
        deduplicate: when the innermost open scope has the same name and
            caller, do not enter a second one. Also (beyond Keras) a
            plain scope named like the layer whose scope is innermost is
            not entered again: `name_scope(self.name)` in a layer's
            `build` then adds nothing.
        override_parent: an absolute path that replaces the enclosing
            scopes; defaults to `caller._parent_path` (where a layer was
            first built), so a layer's variables keep one path wherever
            it is called later.

    Example:
    >>> with multikeras.name_scope("block"):
    ...     v = multikeras.Variable(1.0, name="scale")
    >>> v.path
    'block/scale'
    """

    def __init__(
        self,
        name: str,
        caller: object = None,
        deduplicate: bool = True,
        override_parent: str | None = None,
    ) -> None:
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(
                "name_scope needs a non-empty string without '/'. "
                f"Received: name={name!r}"
            )
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        if override_parent is None and deduplicate:
            override_parent = getattr(caller, "_parent_path", None)
        self.override_parent = override_parent
        self._entered = False

    def __enter__(self):
        stack = _stack("names")
        if self.deduplicate and stack:
            top = stack[-1]
            same_caller = (
                self.caller is not None and self.caller is top.caller
            )
            redundant = self.caller is None and top.caller is not None
            if self.name == top.name and (same_caller or redundant):
                return self
        stack.append(self)
        self._entered = True
        return self

    def __exit__(self, *exc_info):
        if self._entered:
            self._entered = False
            _stack("names").pop()


def current_path(name: str | None = None) -> str:
    """The active name scopes joined by '/', then `name` if given."""
    parts: list[str] = []
    for entry in _stack("names"):
        if entry.override_parent is not None:
            parts = [p for p in entry.override_parent.split("/") if p]
        parts.append(entry.name)
    if name is not None:
        parts.append(name)
    return "/".join(parts)


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
