"""Functional models to and from Keras's config format.

A config lists the layers in graph order; each layer's `inbound_nodes`
holds the arguments of each of its calls in this graph, with tensors written
as `{"class_name": "__keras_tensor__", "config": {"shape", "dtype",
"keras_history": [layer name, node index, tensor index]}}`, the node index
counting that layer's calls within the graph. Rebuilding replays those calls
on new layers.
"""

from multikeras.backend.common import tree
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.core.input_layer import InputLayer
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object

_TENSOR = "__keras_tensor__"


def _node_positions(graph):
    """`{id(node): index of the node among its layer's calls in graph}`."""
    positions, counts = {}, {}
    for layer in graph.input_layers:
        positions[id(layer.output._history[0])] = 0
    for node in graph.nodes:
        key = id(node.operation)
        positions[id(node)] = counts.get(key, 0)
        counts[key] = positions[id(node)] + 1
    return positions


def get_functional_config(model):
    graph = model._graph
    positions = _node_positions(graph)
    for node in graph.nodes:
        if not isinstance(node.operation, Layer):
            raise ValueError(
                f"Model {model.name!r} calls the op "
                f"{getattr(node.operation, '__name__', node.operation)!r} "
                "directly on symbolic tensors; configs can only describe "
                "layers. Wrap the op in a layer to serialize the model."
            )

    def history(tensor):
        node, index = tensor._history
        return [node.operation.name, positions[id(node)], index]

    def serialize_arg(value):
        if isinstance(value, KerasTensor):
            return {
                "class_name": _TENSOR,
                "config": {
                    "shape": list(value.shape),
                    "dtype": value.dtype,
                    "keras_history": history(value),
                },
            }
        return value

    def endpoints(structure):
        if isinstance(structure, dict):
            return {k: history(v) for k, v in structure.items()}
        if isinstance(structure, (list, tuple)):
            return [history(t) for t in structure]
        return history(structure)

    layer_configs = []
    for layer in graph.layers:
        entry = serialize_object(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {
                "args": tree.map_structure(serialize_arg, list(n.call_args)),
                "kwargs": tree.map_structure(serialize_arg,
                                             dict(n.call_kwargs)),
            }
            for n in graph.nodes
            if n.operation is layer
        ]
        layer_configs.append(entry)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layer_configs,
        "input_layers": endpoints(graph.inputs),
        "output_layers": endpoints(graph.outputs),
    }


def _tensor_specs(value):
    """The serialized tensors inside a config value."""
    if isinstance(value, dict):
        if value.get("class_name") == _TENSOR:
            return [value]
        return [s for v in value.values() for s in _tensor_specs(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _tensor_specs(v)]
    return []


def functional_from_config(cls, config, custom_objects=None):
    from multikeras.layers import deserialize

    layers, calls = {}, []
    for entry in config["layers"]:
        name = entry["name"]
        layers[name] = deserialize(entry, custom_objects)
        calls += [
            (name, position, data)
            for position, data in enumerate(entry["inbound_nodes"])
        ]
    outputs = {}  # (layer name, node index) -> flat output tensors
    for name, layer in layers.items():
        if isinstance(layer, InputLayer):
            outputs[(name, 0)] = [layer.output]

    def lookup(history):
        name, node_index, tensor_index = history
        return outputs[(name, node_index)][tensor_index]

    def restore(value):
        if isinstance(value, dict) and value.get("class_name") == _TENSOR:
            return lookup(value["config"]["keras_history"])
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        if isinstance(value, list):
            return [restore(v) for v in value]
        return value

    pending = list(calls)
    while pending:
        ready = [
            call for call in pending
            if all(
                tuple(spec["config"]["keras_history"][:2]) in outputs
                for spec in _tensor_specs(call[2])
            )
        ]
        if not ready:
            raise ValueError(
                "Invalid functional config: the calls of layers "
                f"{sorted({name for name, _, _ in pending})} refer to "
                "tensors that no layer produces."
            )
        for call in ready:
            name, position, data = call
            result = layers[name](*restore(data["args"]),
                                  **restore(data["kwargs"]))
            outputs[(name, position)] = tree.flatten(result)
            pending.remove(call)

    def endpoints(spec):
        if isinstance(spec, dict):
            return {k: lookup(v) for k, v in spec.items()}
        if spec and isinstance(spec[0], list):
            return [lookup(v) for v in spec]
        return lookup(spec)

    return cls(
        inputs=endpoints(config["input_layers"]),
        outputs=endpoints(config["output_layers"]),
        name=config.get("name"),
        trainable=config.get("trainable", True),
    )
