"""`Layer`: the unit of state and computation models are built from.

A layer owns variables (created in `build`, from the input shape, on first
call), tracks the layers and seed generators assigned to its attributes, and
computes in `call`. Calling it on KerasTensors records a graph node instead
(Functional API). `stateless_call` runs it as a pure function of explicit
variable values, which is how compiled train steps use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from multikeras import backend
from multikeras.api_export import export
from multikeras.backend.common import scopes
from multikeras.backend.common import tree
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.backend.common.variables import Variable
from multikeras.layers.call_conventions import activity_losses
from multikeras.layers.call_conventions import attach_output_masks
from multikeras.layers.call_conventions import call_kwargs
from multikeras.layers.call_conventions import carry_masks
from multikeras.layers.call_conventions import input_masks
from multikeras.layers.call_conventions import resolve_training
from multikeras.layers.call_conventions import run_stateless
from multikeras.layers.input_spec import assert_input_compatibility
from multikeras.layers.layer_state import LayerState
from multikeras.layers.shape_utils import map_shapes
from multikeras.ops import dispatch
from multikeras.ops.node import Node
from multikeras.random.seed_generator import SeedGenerator
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import InitializerLike
from multikeras.typing import Params
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self

    from multikeras.layers.input_spec import InputSpec

_TRACKER_ATTRS = ("_layers", "_own_variables", "_seed_generators", "_losses")
def _snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    # As Keras: no break after a digit ("Conv2D" -> "conv2d").
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _marks_built(build):
    """Wraps a subclass's `build` so that calling it directly, as Keras
    users do (`layer.build(shape)`), leaves the layer built, and runs it in
    the layer's name scope (sublayers built there nest their paths)."""

    @functools.wraps(build)
    def wrapper(self, *args, **kwargs):
        with self._open_name_scope():
            result = build(self, *args, **kwargs)
        self.built = True
        return result

    return wrapper


@export("multikeras.Layer", "multikeras.layers.Layer")
class Layer(LayerState):
    """Base class of all layers.

    Subclasses create weights in `build(input_shape)` with `add_weight` and
    compute in `call(inputs, ...)`. A `training` argument of `call` is
    filled in from the outermost call when not given.

    Args:
        trainable: whether the layer's weights are updated by training.
        dtype: dtype of the weights and of the computation (floatx if
            None).
        name: unique name; derived from the class name if None.
        activity_regularizer: optional callable on the outputs, whose
            value is added to the model's loss.

    Example:
    >>> class Scale(multikeras.Layer):
    ...     def build(self, input_shape):
    ...         self.w = self.add_weight(shape=(input_shape[-1],),
    ...                                  initializer="ones")
    ...     def call(self, x):
    ...         return x * self.w
    >>> Scale()(np.ones((2, 3))).shape
    (2, 3)
    """

    # Set in __new__, before any __init__ runs.
    _layers: list[Layer]
    _own_variables: list[Variable]
    _seed_generators: list[SeedGenerator]
    _losses: list[Tensor]
    _trainable: bool

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _marks_built(cls.__dict__["build"])

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        for attr in _TRACKER_ATTRS:
            object.__setattr__(layer, attr, [])
        object.__setattr__(layer, "_trainable", True)
        # Own variables are kept as Keras orders them: those trainable when
        # tracked, then the others; freezing one later does not move it.
        object.__setattr__(layer, "_num_tracked_trainable", 0)
        # The name-scope path the layer was first built or called under.
        object.__setattr__(layer, "_parent_path", None)
        return layer

    def __init__(
        self,
        *,
        activity_regularizer: TensorFn | None = None,
        trainable: bool = True,
        dtype: DTypeLike = None,
        autocast: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._input_shape_arg = self._pop_input_shape(kwargs)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to "
                f"{type(self).__name__}: {kwargs}"
            )
        if name is None:
            base = _snake_case(type(self).__name__)
            uid = backend.get_uid(base)
            name = base if uid == 1 else f"{base}_{uid - 1}"
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "A layer name must be a string without '/'. Received: "
                f"name={name!r}"
            )
        self.name = name
        self._dtype = backend.standardize_dtype(dtype)
        self._trainable = bool(trainable)
        self.autocast = autocast
        if isinstance(activity_regularizer, (str, dict)):
            # Names and config dicts (from_config) resolve as in Keras.
            from multikeras import regularizers

            activity_regularizer = regularizers.get(activity_regularizer)
        self.activity_regularizer = activity_regularizer
        self.built = False
        self.input_spec: InputSpec | Sequence[InputSpec | None] | None = None
        # As in Keras: a layer that defines compute_mask supports masking.
        self.supports_masking = (
            type(self).compute_mask is not Layer.compute_mask
        )

    @staticmethod
    def _pop_input_shape(kwargs):
        """Keras's legacy `input_shape=` / `input_dim=` (used by Sequential)."""
        batch_size = kwargs.pop("batch_size", None)
        if "batch_input_shape" in kwargs:
            return tuple(kwargs.pop("batch_input_shape"))
        if "input_shape" in kwargs:
            return (batch_size, *kwargs.pop("input_shape"))
        if "input_dim" in kwargs:
            return (batch_size, kwargs.pop("input_dim"))
        return None

    # ------------------------------------------------------- tracking
    def __setattr__(self, name, value):
        if name not in _TRACKER_ATTRS:
            self._track(value)
        super().__setattr__(name, value)

    def _track(self, value):
        if isinstance(value, Layer):
            if value is not self and value not in self._layers:
                self._layers.append(value)
        elif isinstance(value, Variable):
            self._track_variable(value)
        elif isinstance(value, SeedGenerator):
            if value not in self._seed_generators:
                self._seed_generators.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, (Layer, Variable, SeedGenerator)):
                    self._track(item)
        elif isinstance(value, dict):
            for item in value.values():
                if isinstance(item, (Layer, Variable, SeedGenerator)):
                    self._track(item)

    def _track_variable(self, variable):
        if any(v is variable for v in self._own_variables):
            return
        if variable.trainable:
            self._own_variables.insert(self._num_tracked_trainable, variable)
            object.__setattr__(
                self, "_num_tracked_trainable", self._num_tracked_trainable + 1
            )
        else:
            self._own_variables.append(variable)

    def _open_name_scope(self):
        """This layer's name scope; the first one opened fixes the parent
        path its variables get, wherever the layer is used later."""
        if self._parent_path is None:
            object.__setattr__(self, "_parent_path", scopes.current_path())
        return scopes.name_scope(self.name, caller=self)

    # ------------------------------------------------------ variables
    def add_weight(
        self,
        shape: Sequence[int] | None = None,
        initializer: InitializerLike | None = None,
        dtype: DTypeLike = None,
        trainable: bool = True,
        autocast: bool = True,
        regularizer: TensorFn | None = None,
        constraint: TensorFn | None = None,
        aggregation: str = "none",
        overwrite_with_gradient: bool = False,
        name: str | None = None,
    ) -> Variable:
        """Creates a weight variable owned by this layer.

        The initializer defaults to "glorot_uniform" for float dtypes and
        "zeros" otherwise.
        """
        from multikeras import initializers

        shape = () if shape is None else tuple(shape)
        dtype = backend.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = (
                "glorot_uniform" if backend.is_float_dtype(dtype) else "zeros"
            )
        initializer = initializers.get(initializer)
        with scopes.name_scope(self.name, caller=self):
            variable = Variable(
                initializer,
                shape=shape,
                dtype=dtype,
                trainable=trainable,
                autocast=autocast,
                aggregation=aggregation,
                name=name or "variable",
            )
        variable.regularizer = regularizer
        variable.constraint = constraint
        variable.overwrite_with_gradient = overwrite_with_gradient
        self._track_variable(variable)
        return variable

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        value = bool(value)
        self._trainable = value
        for layer in self._layers:
            layer.trainable = value

    # -------------------------------------------------------- dtypes
    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def compute_dtype(self) -> str:
        return self._dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype

    # --------------------------------------------------------- losses
    def add_loss(self, loss: Tensor) -> None:
        """Adds a scalar loss term (e.g. an activity regularizer)."""
        scope = scopes.get_stateless_scope()
        if scope is not None and scope.collect_losses:
            scope.add_loss(loss)
        elif not scopes.in_symbolic_scope():
            self._losses.append(loss)

    @property
    def losses(self) -> list[Tensor]:
        """Losses added by `add_loss` and weight regularizers, sublayers
        included."""
        return self._added_losses() + self._regularization_losses()

    def _added_losses(self):
        losses = list(self._losses)
        for layer in self._layers:
            losses += layer._added_losses()
        return losses

    def _clear_losses(self):
        self._losses.clear()
        for layer in self._layers:
            layer._clear_losses()

    # ------------------------------------------------------ building
    def build(self, input_shape: Any) -> None:
        """Creates the layer's weights from the input shape. Override me."""
        # As an overriding build would (see `_marks_built`): variables made
        # later keep the path of where the layer was first built.
        self._open_name_scope()
        self.built = True

    def _check_and_build(self, args):
        """Checks the input against `input_spec`, builds, checks again
        (building may fix axes, e.g. a Dense layer's input size)."""
        if not args:
            return
        assert_input_compatibility(self.input_spec, args[0], self.name)
        if not self.built:
            self._maybe_build(args)
            assert_input_compatibility(self.input_spec, args[0], self.name)

    def _maybe_build(self, args):
        if self.built or not args:
            return
        shapes = tree.map_structure(
            lambda x: tuple(x.shape) if hasattr(x, "shape") else None, args[0]
        )
        self.build(shapes)
        self.built = True

    def call(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f"Layer {type(self).__name__} must implement call()."
        )

    # -------------------------------------------------------- calling
    def _convert_input(self, x):
        if isinstance(x, KerasTensor):
            return x
        if isinstance(x, Variable) or not backend.active.is_tensor(x):
            if not hasattr(x, "shape") and not isinstance(
                x, (int, float, bool, list)
            ):
                return x
            x = backend.active.convert_to_tensor(x)
        dtype = backend.standardize_dtype(x.dtype)
        if (
            self.autocast
            and backend.is_float_dtype(dtype)
            and dtype != self.compute_dtype
        ):
            x = backend.active.cast(x, self.compute_dtype)
        return x

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # The mask the caller passed, else the one the input carries (read
        # before conversion: a NumPy array's mask stays with that array).
        mask = kwargs.get("mask")
        if mask is None and args:
            mask = input_masks(args[0])
        original = args
        args = tuple(tree.map_structure(self._convert_input, list(args)))
        if args:
            carry_masks(original[0], args[0])
        # As in Keras: an explicit `training`, else the enclosing call's,
        # else this call's own default; it then reaches nested layers.
        context = scopes.get_call_context()
        training = resolve_training(self, kwargs, context)
        with self._open_name_scope():
            if dispatch._any_symbolic(args, kwargs):
                outputs = self._symbolic_call(args, kwargs, mask, training)
                attach_output_masks(self, args, outputs, mask)
                return outputs
            self._check_and_build(args)
            call_args = call_kwargs(self, kwargs, mask, training)
            if context is None or (
                training is not None and training != context.training
            ):
                with scopes.call_context(training):
                    outputs = self.call(*args, **call_args)
            else:
                outputs = self.call(*args, **call_args)
        if self.activity_regularizer is not None:
            for loss in activity_losses(self.activity_regularizer, outputs):
                self.add_loss(loss)
        attach_output_masks(
            self, args, outputs, mask, consumed="mask" in call_args
        )
        return outputs

    def _symbolic_call(self, args, kwargs, mask=None, training=None):
        self._check_and_build(args)
        call_args = call_kwargs(self, kwargs, mask, training)
        with scopes.call_context(training):
            outputs = self.compute_output_spec(*args, **call_args)
        # The node keeps the caller's arguments: a mask that came attached
        # to the input is attached again when the graph is replayed.
        Node(self, args, kwargs, outputs)
        return outputs

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The mask of the outputs, given the inputs and their mask.

        By default a layer that supports masking passes its input's mask
        through unchanged. Layers that create masks (Embedding, Masking) or
        change the masked axis (pooling, RNNs) override this.
        """
        return previous_mask

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """Output KerasTensors for symbolic inputs.

        Uses `compute_output_shape` if the subclass defines it; otherwise
        runs `call` on placeholders through the generic route.
        """
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            shapes = tree.map_structure(lambda x: tuple(x.shape), args[0])
            out_shapes = self.compute_output_shape(shapes)
            return map_shapes(
                lambda shape: KerasTensor(shape, self.compute_dtype),
                out_shapes,
            )

        def run(*call_args, **kwargs):
            context = scopes.get_call_context()
            training = kwargs.get(
                "training", context.training if context else None
            )
            with scopes.StatelessScope():
                with scopes.call_context(training):
                    return self.call(*call_args, **kwargs)

        return dispatch.compute_output_spec(run, args, kwargs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Output shape(s) for an input shape (None for unknown dims)."""
        inputs = map_shapes(
            lambda s: KerasTensor(s, self.compute_dtype), input_shape
        )
        self._maybe_build((inputs,))
        outputs = Layer.compute_output_spec(self, inputs)
        return tree.map_structure(lambda t: t.shape, outputs)

    def stateless_call(
        self,
        trainable_variables: Params,
        non_trainable_variables: Params,
        *args: Any,
        return_losses: bool = False,
        **kwargs: Any,
    ) -> tuple[Any, ...]:
        """Calls the layer as a pure function of explicit variable values.

        Args:
            trainable_variables: values for `self.trainable_variables`,
                in order.
            non_trainable_variables: values for
                `self.non_trainable_variables`, in order.
            *args, **kwargs: the call's arguments.
            return_losses: also return the losses added during the call.

        Returns:
            `(outputs, non_trainable_variables)` with the updated
            non-trainable values (e.g. seed states, moving statistics), and
            `losses` last when `return_losses`.

        Example:
        >>> layer = multikeras.layers.Dense(2)
        >>> layer.build((None, 3))
        >>> trainable = [v.value for v in layer.trainable_variables]
        >>> outputs, _ = layer.stateless_call(trainable, [], np.ones((1, 3)))
        """
        return run_stateless(
            self, trainable_variables, non_trainable_variables, args, kwargs,
            return_losses,
        )  # fmt: skip

    def _regularization_losses(self):
        losses = []
        for variable in self._own_variables:
            regularizer = getattr(variable, "regularizer", None)
            if regularizer is not None:
                losses.append(regularizer(variable.value))
        for layer in self._layers:
            losses += layer._regularization_losses()
        return losses

    # --------------------------------------------------- configuration
    def get_config(self) -> Config:
        """The constructor arguments that recreate this layer."""
        config: Config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": self.dtype,
        }
        if self.activity_regularizer is not None:
            # As Keras: only a set activity regularizer enters the config.
            from multikeras.saving.registry import serialize_object

            config["activity_regularizer"] = serialize_object(
                self.activity_regularizer
            )
        return config

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(**config)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} name={self.name}, built={self.built}>"
        )

