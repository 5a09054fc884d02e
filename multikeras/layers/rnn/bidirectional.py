"""`Bidirectional`: runs an RNN forwards and backwards and merges the two."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)
_RNN_ATTRS = ("go_backwards", "return_sequences", "return_state", "stateful")


def _renamed_copy(layer, prefix, **changes):
    """A fresh layer from `layer`'s config, named `prefix + name`."""
    from multikeras.layers import deserialize

    config = serialize_object(layer)
    inner = dict(config["config"])
    name = layer.name
    if name.startswith(prefix):
        name = name[len(prefix):]
    inner.update(name=prefix + name, **changes)
    return deserialize({**config, "config": inner})


@export("multikeras.layers.Bidirectional")
class Bidirectional(Layer):
    """Runs a recurrent layer over the sequence in both directions.

    The forward copy reads the steps first to last, the backward copy last
    to first; their outputs are merged by `merge_mode` (a backward output
    sequence is reversed back to the input's order first). Weights: the
    forward layer's, then the backward layer's.

    Args:
        layer: an `RNN` (or any layer with `go_backwards`,
            `return_sequences`, `return_state` and `stateful`), used as a
            template: the forward and backward layers are fresh copies
            from its config, named `forward_<name>` and `backward_<name>`.
        merge_mode: "concat" (default), "sum", "mul", "ave", or None
            (return both outputs as a list).
        weights: optional list of initial weights, forward then backward,
            set when the layer is built.
        backward_layer: optional layer for the backward direction (it must
            have `go_backwards` opposite to `layer`'s).

    Call arguments:
        sequences: `(batch, time, features)`; initial_state: optional list,
        the forward states then the backward ones; mask, training: passed
        to both layers.

    Example:
    >>> layer = Bidirectional(multikeras.layers.LSTM(3))
    >>> layer(np.ones((2, 5, 4))).shape
    (2, 6)
    """

    def __init__(
        self,
        layer: Layer,
        merge_mode: str | None = "concat",
        weights: list | None = None,
        backward_layer: Layer | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "Bidirectional: `layer` must be a multikeras Layer. "
                f"Received: layer={layer!r}"
            )
        if backward_layer is not None and not isinstance(
            backward_layer, Layer
        ):
            raise ValueError(
                "Bidirectional: `backward_layer` must be a multikeras Layer. "
                f"Received: backward_layer={backward_layer!r}"
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                "Bidirectional: `merge_mode` must be one of 'sum', 'mul', "
                f"'ave', 'concat' or None. Received: merge_mode={merge_mode!r}"
            )
        missing = [a for a in _RNN_ATTRS if not hasattr(layer, a)]
        if missing:
            raise ValueError(
                f"Bidirectional: `layer` must be a recurrent layer; "
                f"{type(layer).__name__} has no {missing}."
            )
        super().__init__(**kwargs)
        self.forward_layer: Any = _renamed_copy(layer, "forward_")
        if backward_layer is None:
            backward_layer = _renamed_copy(
                layer, "backward_", go_backwards=True
            )
        self.backward_layer: Any = backward_layer
        self._check_directions()
        sub: Any
        for sub in (self.forward_layer, self.backward_layer):
            # As Keras: a masked step outputs zeros in returned sequences,
            # so reversed backward sequences line up with the forward ones.
            if hasattr(sub, "zero_output_for_mask"):
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = list(weights) if weights else None
        self.stateful = getattr(layer, "stateful")  # noqa: B009
        self.return_sequences = getattr(layer, "return_sequences")  # noqa: B009
        self.return_state = getattr(layer, "return_state")  # noqa: B009
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _check_directions(self):
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                f"Bidirectional {self.name!r}: the forward and backward "
                "layers must have different `go_backwards`. Received: "
                f"forward go_backwards={forward.go_backwards}, backward "
                f"go_backwards={backward.go_backwards}."
            )
        for attr in ("stateful", "return_sequences", "return_state"):
            f, b = getattr(forward, attr), getattr(backward, attr)
            if f != b:
                raise ValueError(
                    f"Bidirectional {self.name!r}: the forward and backward "
                    f"layers must have the same `{attr}`. Received: "
                    f"forward {attr}={f}, backward {attr}={b}."
                )

    # ------------------------------------------------------- building
    def build(self, sequences_shape: Shape, initial_state_shape=None) -> None:
        for sub in (self.forward_layer, self.backward_layer):
            if not sub.built:
                sub.build(sequences_shape)
                sub.built = True
        if self._initial_weights is not None:
            half = len(self._initial_weights) // 2
            self.forward_layer.set_weights(self._initial_weights[:half])
            self.backward_layer.set_weights(self._initial_weights[half:])
            self._initial_weights = None

    @property
    def states(self) -> tuple | None:
        forward = getattr(self.forward_layer, "states", None)
        backward = getattr(self.backward_layer, "states", None)
        if forward and backward:
            return tuple(forward) + tuple(backward)
        return None

    def reset_states(self) -> None:
        """Zeroes both directions' states (stateful layers only)."""
        self.reset_state()

    def reset_state(self) -> None:
        """Zeroes both directions' states (stateful layers only)."""
        if not self.stateful:
            raise AttributeError(
                f"Bidirectional {self.name!r}: reset_state() needs a "
                "stateful layer."
            )
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    # -------------------------------------------------------- shapes
    def compute_output_shape(
        self, sequences_shape: Shape, initial_state_shape=None
    ) -> Any:
        shape = self.forward_layer.compute_output_shape(sequences_shape)
        states: tuple = ()
        if self.return_state:
            shape, states = shape[0], tuple(shape[1:])
        if self.merge_mode == "concat":
            output: Any = (*shape[:-1], shape[-1] * 2)
        elif self.merge_mode is None:
            output = [shape, shape]
        else:
            output = shape
        if not self.return_state:
            return output
        if self.merge_mode is None:
            return (*output, *states, *states)
        return (output, *states, *states)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        mask = None
        if previous_mask is not None:
            mask = tree.flatten(previous_mask)[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask] if self.merge_mode else [output_mask] * 2
        if self.return_state:
            state_size = self.forward_layer.cell.state_size
            n = len(state_size) if isinstance(state_size, list) else 1
            masks += [None] * (2 * n)
        return masks if len(masks) > 1 else masks[0]

    # -------------------------------------------------------- calling
    def call(
        self,
        sequences: Tensor,
        initial_state: Any = None,
        mask: Tensor | None = None,
        training: bool | None = None,
    ) -> Any:
        kwargs: dict[str, Any] = {"mask": mask}
        if training is not None:
            kwargs["training"] = training
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state = list(initial_state[:half])
            backward_state = list(initial_state[half:])
        y = self.forward_layer(
            sequences, initial_state=forward_state, **kwargs
        )
        y_rev = self.backward_layer(
            sequences, initial_state=backward_state, **kwargs
        )
        states: tuple = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = ops.flip(y_rev, axis=1)
        if self.merge_mode == "concat":
            output: Any = ops.concatenate([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if not self.return_state:
            return output
        if self.merge_mode is None:
            return (*output, *states)
        return (output, *states)

    # -------------------------------------------------- configuration
    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialize_object(self.forward_layer),
            "backward_layer": serialize_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config: Config, custom_objects=None) -> Any:
        from multikeras.layers import deserialize

        config = dict(config)
        config["layer"] = deserialize(config["layer"], custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize(backward, custom_objects)
        return cls(**config)
