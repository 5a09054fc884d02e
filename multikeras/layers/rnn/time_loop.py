"""The time loop shared by every recurrent layer: one `ops.scan` over the
time axis (a `jax.lax.scan` on JAX, never a Python loop there), with Keras's
mask, `go_backwards` and `zero_output_for_mask` semantics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras import ops
from multikeras.backend.common import tree
from multikeras.ops import control_flow
from multikeras.typing import Tensor


def _time_major(x: Tensor) -> Tensor:
    return ops.swapaxes(x, 0, 1)


def _select(keep: Tensor, new: Tensor, old: Tensor) -> Tensor:
    """`new` where `keep` (shape `(batch,)`) is True, else `old`."""
    keep = ops.reshape(keep, (-1,) + (1,) * (len(new.shape) - 1))
    return ops.where(keep, new, old)


def run_time_loop(
    step: Callable[[Any, Any], tuple[Tensor, Any]],
    inputs: Any,
    initial_states: list,
    mask: Tensor | None = None,
    go_backwards: bool = False,
    unroll: bool = False,
    zero_output_for_mask: bool = False,
    return_sequences: bool = True,
    output_is_first_state: bool = False,
) -> tuple[Tensor, Tensor | None, list]:
    """Runs `output, states = step(x_t, states)` over axis 1 of `inputs`.

    Args:
        step: the cell step on one time slice (a tensor or a tree).
        inputs: `(batch, time, ...)` tensor, or a tree of them.
        initial_states: the states' initial values (a list, maybe nested).
        mask: optional `(batch, time)` bool mask. At a masked step the
            states are carried over unchanged and the output is the
            previous output (the first state) or, with
            `zero_output_for_mask`, zeros.
        go_backwards: process the time steps last to first; the outputs
            then come in processing order, as in Keras.
        unroll: unroll the loop (JAX; the NumPy loop is always unrolled).
        return_sequences: whether `outputs` are needed.
        output_is_first_state: the step's output is its first new state
            (the built-in cells): then, without `return_sequences`, the
            loop stacks no outputs (less memory and a cheaper gradient).

    Returns:
        `(last_output, outputs, final_states)` with `outputs` of shape
        `(batch, time, ...)`, or None when not needed.
    """
    stack_outputs = return_sequences or not output_is_first_state
    xs = tree.map_structure(_time_major, inputs)
    if go_backwards:
        xs = tree.map_structure(lambda x: ops.flip(x, axis=0), xs)

    def call_step(x_t, states):
        output, new_states = step(x_t, states)
        # The carry must keep its structure (a list, not a tuple, ...).
        return output, tree.pack_sequence_as(
            states, tree.flatten(new_states)
        )

    if mask is None:

        def body(states, x_t):
            output, new_states = call_step(x_t, states)
            return new_states, output if stack_outputs else None

        loop_xs = xs
    else:
        mask = _time_major(ops.cast(mask, "bool"))
        if go_backwards:
            mask = ops.flip(mask, axis=0)

        def body(states, x_and_mask):
            x_t, keep = x_and_mask
            output, new_states = call_step(x_t, states)
            if zero_output_for_mask:
                output = _select(keep, output, ops.zeros_like(output))
            else:
                # As Keras: the previous output is the first state (of the
                # last cell, for stacked cells).
                previous = states[0]
                if tree.is_nested(previous):
                    previous = tree.flatten(states[-1])[0]
                output = _select(keep, output, previous)
            new_states = tree.map_structure(
                lambda new, old: _select(keep, new, old), new_states, states
            )
            return new_states, output if stack_outputs else None

        loop_xs = (xs, mask)
    final_states, outputs = control_flow.scan(
        body, initial_states, loop_xs, unroll=True if unroll else 1
    )
    if not stack_outputs:
        last = tree.flatten(final_states[-1])[0] if tree.is_nested(
            final_states[0]) else final_states[0]  # fmt: skip
        if mask is not None and zero_output_for_mask:
            last = _select(mask[-1], last, ops.zeros_like(last))
        return last, None, final_states
    outputs = _time_major(outputs)
    return outputs[:, -1], outputs, final_states
