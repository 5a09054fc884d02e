"""`Sequential`: a plain stack of layers, each with one input and output."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any

from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.core.input_layer import InputLayer
from multikeras.layers.layer import Layer
from multikeras.models.model import Model
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import TensorTree

if TYPE_CHECKING:
    from typing_extensions import Self


@export("multikeras.Sequential", "multikeras.models.Sequential")
class Sequential(Model):
    """A linear stack of layers.

    The model is built as soon as its input shape is known: from an
    `Input`/`InputLayer` first, from `input_shape=` on the first layer, from
    `build(input_shape)`, or on the first call.

    Example:
    >>> model = Sequential([
    ...     multikeras.Input(shape=(4,)),
    ...     multikeras.layers.Dense(8, activation="relu"),
    ...     multikeras.layers.Dense(1),
    ... ])
    >>> model.output_shape
    (None, 1)
    """

    # Set with object.__setattr__, so that it is not tracked as a sublayer.
    _input_layer: InputLayer | None

    def __init__(
        self,
        layers: Iterable[Layer | KerasTensor] | None = None,
        trainable: bool = True,
        name: str | None = None,
    ) -> None:
        super().__init__(trainable=trainable, name=name)
        object.__setattr__(self, "_input_layer", None)
        self._symbolic_outputs: list[KerasTensor] | None = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def add(self, layer: Layer | KerasTensor, rebuild: bool = True) -> None:
        """Appends a layer (or an `Input` tensor, first only)."""
        if isinstance(layer, KerasTensor) and layer._history is not None:
            layer = layer._history[0].operation
        if isinstance(layer, InputLayer):
            if self._layers or self._input_layer is not None:
                raise ValueError(
                    f"Sequential model {self.name!r}: an Input can only be "
                    "the first entry."
                )
            object.__setattr__(self, "_input_layer", layer)
        elif not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential model {self.name!r} takes Layer instances. "
                f"Received: {layer!r} of type {type(layer).__name__}"
            )
        else:
            if (
                not self._layers
                and self._input_layer is None
                and layer._input_shape_arg is not None
            ):
                object.__setattr__(
                    self, "_input_layer",
                    InputLayer(batch_shape=layer._input_shape_arg),
                )
            if any(existing.name == layer.name for existing in self._layers):
                raise ValueError(
                    f"Sequential model {self.name!r} already has a layer "
                    f"named {layer.name!r}; layer names must be unique."
                )
            self._layers.append(layer)
            self.built = False
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild: bool = True) -> Layer:
        """Removes and returns the last layer."""
        if not self._layers:
            raise ValueError(f"Sequential model {self.name!r} has no layers.")
        layer = self._layers.pop()
        self.built = False
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        if self._input_layer is not None and self._layers:
            self.build(self._input_layer.batch_shape)

    def build(self, input_shape: Any = None) -> None:
        """Builds every layer by passing placeholders through the stack."""
        if input_shape is None:
            if self._input_layer is None:
                raise ValueError(
                    f"Sequential model {self.name!r} needs an input shape to "
                    "be built: start it with an Input, or call "
                    "build(input_shape)."
                )
            input_shape = self._input_layer.batch_shape
        input_layer = self._input_layer
        if input_layer is None:
            input_layer = InputLayer(batch_shape=input_shape)
            object.__setattr__(self, "_input_layer", input_layer)
        x = input_layer.output
        outputs = [x]
        for layer in self._layers:
            x = layer(x)
            outputs.append(x)
        self._symbolic_outputs = outputs
        self.built = True

    def _maybe_build(self, args):
        # Built by a first call on data: keep the batch size free, as an
        # Input would, so later batches of any size fit the graph.
        if self.built or not args or not hasattr(args[0], "shape"):
            return super()._maybe_build(args)
        self.build((None, *tuple(args[0].shape)[1:]))

    def call(
        self, inputs: TensorTree, training: bool | None = None
    ) -> TensorTree:
        if not self.built and self._input_layer is None:
            shape = (None, *tuple(inputs.shape)[1:])
            self.build(shape)
        x = inputs
        for layer in self._layers:
            x = layer(x)
        return x

    @property
    def inputs(self) -> list[KerasTensor] | None:
        if not self.built or self._input_layer is None:
            return None
        return [self._input_layer.output]

    @property
    def outputs(self) -> list[KerasTensor] | None:
        if not self.built or self._symbolic_outputs is None:
            return None
        return [self._symbolic_outputs[-1]]

    @property
    def input_shape(self) -> Shape | None:
        return None if self._input_layer is None else (
            self._input_layer.batch_shape
        )

    @property
    def output_shape(self) -> Shape | None:
        if not self.built or self._symbolic_outputs is None:
            return None
        return self._symbolic_outputs[-1].shape

    @property
    def output_names(self) -> list[str]:
        return [self._layers[-1].name] if self._layers else ["output"]

    def layer_output_shapes(self) -> list[Shape] | None:
        """Output shape of each layer, once built (for the summary)."""
        if not self.built or self._symbolic_outputs is None:
            return None
        return [t.shape for t in self._symbolic_outputs[1:]]

    def get_config(self) -> Config:
        layers = []
        if self._input_layer is not None:
            layers.append(serialize_object(self._input_layer))
        layers += [serialize_object(layer) for layer in self._layers]
        return {"name": self.name, "trainable": self.trainable,
                "layers": layers}

    @classmethod
    def from_config(
        cls, config: Config, custom_objects: dict[str, Any] | None = None
    ) -> Self:
        from multikeras.layers import deserialize

        model = cls(name=config.get("name"),
                    trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            model.add(deserialize(layer_config, custom_objects), rebuild=False)
        model._maybe_rebuild()
        return model
