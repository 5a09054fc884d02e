"""`FunctionalGraph`: the graph of a model built from `Input` tensors.

It is recovered from the outputs' history (each KerasTensor knows the node
that produced it), sorted once, and replayed on real values at every call.
A `Model(inputs, outputs)` owns one; composition, not a subclass.
"""

from multikeras import ops
from multikeras.backend.common import tree
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.core.input_layer import InputLayer
from multikeras.layers.layer import Layer


def _topological_order(outputs):
    """Nodes producing `outputs`, parents first (iterative DFS)."""
    order, done, stack = [], set(), []
    for tensor in outputs:
        stack.append((tensor._history[0], False))
        while stack:
            node, expanded = stack.pop()
            if id(node) in done:
                continue
            if expanded:
                done.add(id(node))
                order.append(node)
                continue
            stack.append((node, True))
            for parent in reversed(node.parent_nodes):
                if id(parent) not in done:
                    stack.append((parent, False))
    return order


def _describe(tensor):
    return tensor.name or f"KerasTensor{tensor.shape}"


class FunctionalGraph:
    """The replayable graph between `inputs` and `outputs`.

    Args:
        inputs: KerasTensors from `Input()`: one, a list, or a dict.
        outputs: KerasTensors computed from them: one, a list, or a dict.
        model_name: for error messages.
    """

    def __init__(self, inputs, outputs, model_name):
        self.model_name = model_name
        self.inputs = inputs
        self.outputs = outputs
        self.flat_inputs = tree.flatten(inputs)
        self.flat_outputs = tree.flatten(outputs)
        for x in self.flat_inputs:
            if not isinstance(x, KerasTensor) or x._history is None or (
                not isinstance(x._history[0].operation, InputLayer)
            ):
                raise ValueError(
                    f"Model {model_name!r}: every input must be a tensor "
                    f"returned by multikeras.Input(). Received: {x!r}"
                )
        for x in self.flat_outputs:
            if not isinstance(x, KerasTensor) or x._history is None:
                raise ValueError(
                    f"Model {model_name!r}: every output must be a tensor "
                    "computed by layers or ops from the model's inputs. "
                    f"Received: {x!r}"
                )
        order = _topological_order(self.flat_outputs)
        given = {id(x._history[0]) for x in self.flat_inputs}
        for node in order:
            if isinstance(node.operation, InputLayer) and id(node) not in given:
                raise ValueError(
                    f"Graph disconnected in model {model_name!r}: the outputs "
                    f"depend on the input {node.operation.name!r}, which is "
                    "not among the model's `inputs`. Add it to `inputs`."
                )
        self.nodes = [
            n for n in order if not isinstance(n.operation, InputLayer)
        ]
        self.input_layers = [x._history[0].operation for x in self.flat_inputs]
        layers = list(self.input_layers)
        for node in self.nodes:
            operation = node.operation
            if isinstance(operation, Layer) and operation not in layers:
                layers.append(operation)
        self.layers = layers

    @property
    def input_names(self):
        return [layer.name for layer in self.input_layers]

    def _match_inputs(self, data):
        """The values for `flat_inputs`, from data shaped like `inputs`."""
        names = self.input_names
        if isinstance(data, dict):
            missing = [n for n in names if n not in data]
            if isinstance(self.inputs, dict):
                missing = [k for k in self.inputs if k not in data]
                if not missing:
                    return tree.flatten({k: data[k] for k in self.inputs})
            elif not missing:
                return [data[n] for n in names]
            expected = (
                list(self.inputs) if isinstance(self.inputs, dict) else names
            )
            raise ValueError(
                f"Model {self.model_name!r}: the input dict is missing "
                f"{missing}. Expected keys: {expected}; received keys: "
                f"{list(data)}"
            )
        flat = tree.flatten(data) if isinstance(data, (list, tuple)) else [data]
        if len(flat) != len(self.flat_inputs):
            raise ValueError(
                f"Model {self.model_name!r} expects {len(self.flat_inputs)} "
                f"input(s) ({names}), but it received {len(flat)}."
            )
        return flat

    def _check_input(self, spec, value):
        shape = tuple(getattr(value, "shape", ()))
        compatible = len(shape) == len(spec.shape) and all(
            e is None or e == a for e, a in zip(spec.shape, shape)
        )
        if not compatible:
            raise ValueError(
                f"Model {self.model_name!r}: input {_describe(spec)!r} "
                f"expects shape {spec.shape}, received shape {shape}."
            )

    def run(self, data):
        """The outputs' values for input `data` (same structure as inputs)."""
        values = {}
        for spec, value in zip(self.flat_inputs, self._match_inputs(data)):
            if not isinstance(value, KerasTensor):
                value = ops.convert_to_tensor(value)
            self._check_input(spec, value)
            if ops.dtype(value) != spec.dtype:
                value = ops.cast(value, spec.dtype)
            values[id(spec)] = value
        for node in self.nodes:
            result = node.replay(lambda t: values[id(t)])
            for tensor, value in zip(
                tree.flatten(node.outputs), tree.flatten(result)
            ):
                values[id(tensor)] = value
        return tree.map_structure(lambda t: values[id(t)], self.outputs)

    def output_shapes_by_layer(self):
        """`{id(layer): [output shapes]}` for the summary."""
        shapes = {}
        for layer in self.input_layers:
            shapes.setdefault(id(layer), []).append(layer.output.shape)
        for node in self.nodes:
            shapes.setdefault(id(node.operation), []).extend(
                t.shape for t in tree.flatten(node.outputs)
            )
        return shapes
