"""Graph nodes: what an op or layer call on KerasTensors records.

Each symbolic output carries `_history = (node, index)`; walking these back
from a model's outputs gives the graph that `Functional` replays.
"""

from multikeras.backend.common import tree
from multikeras.backend.common.symbolic import KerasTensor


class Node:
    """One call of `operation` (an op function or a layer) in a graph.

    Args:
        operation: the callable to replay; called with the same arguments,
            KerasTensors replaced by values.
        call_args, call_kwargs: the arguments of the recorded call.
        outputs: the KerasTensor outputs (any nested structure).
    """

    def __init__(self, operation, call_args, call_kwargs, outputs):
        self.operation = operation
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        self.outputs = outputs
        for index, tensor in enumerate(tree.flatten(outputs)):
            if isinstance(tensor, KerasTensor):
                tensor._history = (self, index)

    @property
    def input_tensors(self):
        """The KerasTensors among the call's arguments, in flat order."""
        return [
            t
            for t in tree.flatten((self.call_args, self.call_kwargs))
            if isinstance(t, KerasTensor)
        ]

    @property
    def parent_nodes(self):
        return [
            t._history[0] for t in self.input_tensors if t._history is not None
        ]

    def replay(self, lookup):
        """Calls the operation with inputs taken from `lookup(tensor)`."""

        def substitute(x):
            return lookup(x) if isinstance(x, KerasTensor) else x

        args = tree.map_structure(substitute, self.call_args)
        kwargs = tree.map_structure(substitute, self.call_kwargs)
        return self.operation(*args, **kwargs)
