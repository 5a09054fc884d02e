"""`RNN`: runs any recurrent cell over the time axis of a sequence."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common import tree
from multikeras.backend.common.variables import Variable
from multikeras.layers.call_conventions import call_signature
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from multikeras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from multikeras.layers.rnn.time_loop import run_time_loop
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import Shape
from multikeras.typing import Tensor


def _state_shapes(state_size, batch_size):
    """`(batch, size)` per state; a nested list for stacked cells."""
    if isinstance(state_size, int):
        return (batch_size, state_size)
    if isinstance(state_size, tuple) and all(
        isinstance(s, int) for s in state_size
    ) and not isinstance(state_size, list):
        # A state with a multi-dimensional shape (ConvLSTM).
        return (batch_size, *state_size)
    return [_state_shapes(s, batch_size) for s in state_size]


def prepare_dropout_masks(cell, step_input, states, training):
    """Draws the cells' dropout masks once per sequence, outside the loop."""
    if not training:
        return
    if isinstance(cell, DropoutRNNCell):
        cell.get_dropout_mask(step_input)
        cell.get_recurrent_dropout_mask(tree.flatten(states)[0])
    elif isinstance(cell, StackedRNNCells):
        for sub, sub_states in zip(cell.cells, states):
            prepare_dropout_masks(sub, step_input, sub_states, training)
            # The next cell's input has the shape of this cell's output
            # (its first state for the built-in cells).
            step_input = tree.flatten(sub_states)[0]


def reset_dropout_masks(cell):
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    elif isinstance(cell, StackedRNNCells):
        for sub in cell.cells:
            reset_dropout_masks(sub)


@export("multikeras.layers.RNN")
class RNN(Layer):
    """Runs a recurrent cell over the time steps of a sequence.

    The cell is any object with `call(inputs, states) -> (output,
    new_states)` and a `state_size` (an int, or a list of ints, one per
    state), optionally `output_size` and `get_initial_state(batch_size)`;
    a list of cells is stacked (`StackedRNNCells`). The time loop is one
    `ops.scan` (one `jax.lax.scan` on JAX).

    Args:
        cell: an RNN cell, or a list of cells.
        return_sequences: return the output of every step,
            `(batch, time, units)`, instead of the last `(batch, units)`.
        return_state: also return the final states, after the output.
        go_backwards: process the sequence last step first (the returned
            sequence is then in reverse order).
        stateful: use the final states of batch `i` as the initial
            states of batch `i` (same batch size every call). The states
            are non-trainable variables; `reset_states()` zeroes them.
        unroll: unroll the time loop (needs a known number of steps):
            faster for short sequences on JAX, more memory.
        zero_output_for_mask: output zeros at masked steps, instead of
            repeating the previous output.

    Call arguments:
        sequences: `(batch, time, features)`.
        initial_state: optional list of initial states.
        mask: optional `(batch, time)` bool mask (propagated from an
            `Embedding(mask_zero=True)` or `Masking` layer automatically).
        training: passed to the cell (dropout).

    Output shape:
        `(batch, units)`, or `(batch, time, units)` with
        `return_sequences`; with `return_state`, a tuple
        `(output, *states)`.

    Example:
    >>> layer = RNN(multikeras.layers.SimpleRNNCell(4),
    ...             return_sequences=True)
    >>> layer(np.ones((2, 5, 3))).shape
    (2, 5, 4)
    """

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ) -> None:
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(list(cell))
        super().__init__(**kwargs)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(
                f"RNN layer {self.name!r}: `cell` should have a `call` "
                f"method. Received: cell={cell!r}"
            )
        state_size = getattr(cell, "state_size", None)
        if not isinstance(state_size, (int, list, tuple)):
            raise ValueError(
                f"RNN layer {self.name!r}: the cell needs a `state_size` "
                "attribute (an int, or a list of ints, one per state). "
                f"Received: state_size={state_size!r}"
            )
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.state_size = (
            [state_size] if isinstance(state_size, int) else list(state_size)
        )
        self.single_state = isinstance(state_size, int)
        self.states: list | None = None
        self._state_variables: list[Variable] = []
        self.input_spec = InputSpec(min_ndim=3)
        self.supports_masking = True

    # ------------------------------------------------------- building
    def build(self, sequences_shape: Shape, initial_state_shape=None) -> None:
        if tree.is_nested(sequences_shape) and not isinstance(
            sequences_shape[0], (int, type(None))
        ):
            sequences_shape = tree.flatten(
                tree.map_structure(lambda s: [s], sequences_shape)
            )[0]
        if self.unroll and sequences_shape[1] is None:
            raise ValueError(
                f"RNN layer {self.name!r}: cannot unroll over an unknown "
                "number of time steps. Give the Input a fixed `shape`. "
                f"Received input shape {tuple(sequences_shape)}."
            )
        step_shape = (sequences_shape[0], *sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
            self.cell.built = True
        if self.stateful and self.states is None:
            if sequences_shape[0] is None:
                raise ValueError(
                    f"RNN layer {self.name!r}: a stateful RNN needs a "
                    "static batch size. Received input shape "
                    f"{tuple(sequences_shape)}; pass `batch_shape` (or "
                    "`batch_size`) to the Input."
                )
            self._create_state_variables(sequences_shape[0])
        self.input_spec = InputSpec(
            ndim=len(sequences_shape),
            axes={-1: sequences_shape[-1]},
        )

    def _create_state_variables(self, batch_size):
        initial = self.get_initial_state(batch_size)
        states = tree.map_structure(
            lambda value: Variable(
                value, trainable=False, dtype=self.variable_dtype,
                name="rnn_state",
            ),
            initial,
        )  # fmt: skip
        self._state_variables = tree.flatten(states)
        self.states = states

    # The states of a stateful RNN are state, not weights: they take part
    # in compiled steps (non-trainable variables) but, as in Keras, not in
    # get_weights()/set_weights() or saved weights.
    @property
    def weights(self) -> list[Variable]:
        return self._without_states(super().weights)

    def _split_state(self, weights_only, trainable):
        found = super()._split_state(weights_only, trainable)
        return self._without_states(found) if weights_only else found

    def _without_states(self, variables):
        states = {id(v) for v in self._state_variables}
        return [v for v in variables if id(v) not in states]

    def get_initial_state(self, batch_size: int) -> list:
        """Zero states for `batch_size` sequences (a list)."""
        make = getattr(self.cell, "get_initial_state", None)
        if make is not None:
            states = make(batch_size=batch_size)
            return list(states) if tree.is_nested(states) else [states]
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        return [ops.zeros((batch_size, s), dtype) for s in self.state_size]

    def reset_states(self) -> None:
        """Zeroes the states of a stateful RNN."""
        self.reset_state()

    def reset_state(self) -> None:
        """Zeroes the states of a stateful RNN."""
        for variable in self._state_variables:
            variable.assign(ops.zeros(variable.shape, variable.dtype))

    # -------------------------------------------------------- shapes
    def _output_size(self):
        size = getattr(self.cell, "output_size", None)
        if size is None:
            size = self.state_size[0]
            if isinstance(size, (list, tuple)):
                size = size[0]
        return size

    def compute_output_shape(
        self, sequences_shape: Shape, initial_state_shape=None
    ) -> Any:
        batch, steps = sequences_shape[0], sequences_shape[1]
        size = self._output_size()
        size = tuple(size) if isinstance(size, (list, tuple)) else (size,)
        output = (batch, steps, *size) if self.return_sequences else (
            batch, *size
        )  # fmt: skip
        if not self.return_state:
            return output
        states = [_state_shapes(s, batch) for s in self.state_size]
        return (output, *states)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        mask = None
        if previous_mask is not None:
            mask = tree.flatten(previous_mask)[0]
        output_mask = mask if self.return_sequences else None
        if not self.return_state:
            return output_mask
        return [output_mask] + [
            tree.map_structure(lambda _: None, s) for s in self.state_size
        ]

    # ------------------------------------------------------- calling
    def _step_and_inputs(self, sequences, training):
        """The loop's step function, the sequence it scans, and whether the
        step's output is its first state.

        Built-in cells draw their input-dropout mask once for all steps.
        The dense cells (LSTM, GRU, SimpleRNN) project each step's input
        inside the loop: on CPU a whole-sequence projection was slower
        (the backward then stacks a (time, batch, 4 * units) gradient;
        `benchmarks/lstm_vs_lax_scan.py`). ConvLSTM convolves all steps
        at once (time folded into the batch) and loops over the recurrent
        convolution only.
        """
        cell = self.cell
        fusable = getattr(type(cell), "_fusable_call", None)
        if fusable is not None and type(cell).call is fusable:
            if hasattr(cell, "_project"):
                dropped = cell._drop_sequences(sequences, training)

                def step_in_loop(x_t, states):
                    z_t = cell._project(x_t)
                    return cell._recurrent_step(z_t, states, training)

                return step_in_loop, dropped, True
            projected = cell._project_inputs(sequences, training)

            def projected_step(z_t, states):
                return cell._recurrent_step(z_t, states, training)

            return projected_step, projected, True
        kwargs = {}
        if isinstance(cell, Layer) and call_signature(cell).accepts_training:
            kwargs["training"] = training

        call = cell if isinstance(cell, Layer) else cell.call

        def step(x_t, states):
            output, new_states = call(x_t, states, **kwargs)
            if not tree.is_nested(new_states):
                new_states = [new_states]
            return output, new_states

        return step, sequences, False

    def call(
        self,
        sequences: Tensor,
        initial_state: Any = None,
        mask: Tensor | None = None,
        training: bool = False,
    ) -> Any:
        first = tree.flatten(sequences)[0]
        if self.unroll and first.shape[1] is None:
            raise ValueError(
                f"RNN layer {self.name!r}: cannot unroll over an unknown "
                "number of time steps. Give the Input a fixed `shape`."
            )
        batch_size = ops.shape(first)[0]
        if initial_state is None:
            if self.stateful:
                initial_state = tree.map_structure(
                    lambda v: v.value, self.states
                )
            else:
                initial_state = self.get_initial_state(batch_size)
        if not tree.is_nested(initial_state):
            initial_state = [initial_state]
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        initial_state = tree.map_structure(
            lambda s: ops.cast(ops.convert_to_tensor(s), dtype),
            list(initial_state),
        )
        if self.stateful and self.states is not None:
            expected = tree.flatten(self.states)[0].shape[0]
            if batch_size != expected:
                raise ValueError(
                    f"RNN layer {self.name!r} is stateful with batch size "
                    f"{expected}; received a batch of {batch_size} "
                    f"sequences (input shape {tuple(first.shape)})."
                )
        if mask is not None:
            mask = tree.flatten(mask)[0]
        prepare_dropout_masks(
            self.cell, tree.map_structure(lambda x: x[:, 0], sequences),
            initial_state, training,
        )  # fmt: skip
        try:
            step, loop_inputs, output_is_state = self._step_and_inputs(
                sequences, training
            )
            last, outputs, states = run_time_loop(
                step, loop_inputs, initial_state, mask=mask,
                go_backwards=self.go_backwards, unroll=self.unroll,
                zero_output_for_mask=self.zero_output_for_mask,
                return_sequences=self.return_sequences,
                output_is_first_state=output_is_state,
            )  # fmt: skip
        finally:
            reset_dropout_masks(self.cell)
        if self.stateful and self.states is not None:
            for variable, value in zip(
                self._state_variables, tree.flatten(states)
            ):
                variable.assign(value)
        output = outputs if self.return_sequences else last
        output = ops.cast(output, self.compute_dtype)
        if self.return_state:
            states = tree.map_structure(
                lambda s: ops.cast(s, self.compute_dtype), states
            )
            return (output, *states)
        return output

    # -------------------------------------------------- configuration
    def _rnn_config(self) -> Config:
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
        }

    def get_config(self) -> Config:
        return {**self._rnn_config(), "cell": serialize_object(self.cell)}

    @classmethod
    def from_config(cls, config: Config, custom_objects=None) -> Any:
        from multikeras.layers import deserialize

        config = dict(config)
        cell = deserialize(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)
