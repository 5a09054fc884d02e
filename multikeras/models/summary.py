"""`model.summary()`: a table of layers, output shapes and parameters."""

import math

import numpy as np


def _readable_size(num_bytes):
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if num_bytes < 1024 or unit == "TB":
            return f"{num_bytes:.2f} {unit}"
        num_bytes /= 1024


def _count(variables):
    count = sum(math.prod(v.shape) for v in variables)
    size = sum(
        math.prod(v.shape) * np.dtype(_np_name(v.dtype)).itemsize
        for v in variables
    )
    return count, size


def _np_name(dtype):
    return "float16" if dtype == "bfloat16" else dtype


def _shape_text(shapes):
    if shapes is None:
        return "?"
    texts = [str(tuple(s)).replace(",)", ")") for s in shapes]
    return texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"


def _rows(model):
    """(name (Class), output shape, params, connected-to) per layer."""
    graph = getattr(model, "_graph", None)
    rows = []
    if graph is not None:
        shapes = graph.output_shapes_by_layer()
        inbound = {}
        for node in graph.nodes:
            names = []
            for t in node.input_tensors:
                if t._history is not None:
                    op = t._history[0].operation
                    label = getattr(op, "name", None) or op.__name__
                    names.append(f"{label}[0][0]")
            inbound.setdefault(id(node.operation), []).extend(names)
        operations = list(graph.layers)
        for node in graph.nodes:
            if node.operation not in operations:
                operations.append(node.operation)
        for op in operations:
            name = getattr(op, "name", None) or op.__name__
            kind = type(op).__name__ if hasattr(op, "weights") else "Operation"
            params = _count(op.weights)[0] if hasattr(op, "weights") else 0
            rows.append((f"{name} ({kind})", _shape_text(shapes.get(id(op))),
                         params, ", ".join(inbound.get(id(op), [])) or "-"))
        return rows, True
    layer_shapes = getattr(model, "layer_output_shapes", lambda: None)()
    for i, layer in enumerate(model.layers):
        shape = None if layer_shapes is None else [layer_shapes[i]]
        params = _count(layer.weights)[0] if layer.built else 0
        text = f"{params:,}" if layer.built else "0 (unbuilt)"
        rows.append((f"{layer.name} ({type(layer).__name__})",
                     _shape_text(shape), text, None))
    return rows, False


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  show_trainable=False):
    print_fn = print_fn or print
    rows, functional = _rows(model)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    widths = [31, 22, 13] if not functional else [29, 20, 11, 20]
    if functional:
        headers.append("Connected to")
    if line_length:
        scale = line_length / (sum(widths) + 3 * len(widths) + 1)
        widths = [max(8, int(w * scale)) for w in widths]
    for row in rows:
        for i, cell in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], len(str(cell)))

    def line(left, fill, mid, right):
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def cells(values, border):
        parts = []
        for i, (value, width) in enumerate(zip(values, widths)):
            text = f"{value:,}" if isinstance(value, int) else str(value)
            text = text.rjust(width) if i == 2 else text.ljust(width)
            parts.append(f" {text} ")
        return border + border.join(parts) + border

    print_fn(f'Model: "{model.name}"')
    print_fn(line("┏", "━", "┳", "┓"))
    print_fn(cells(headers, "┃"))
    print_fn(line("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        print_fn(cells(row[: len(widths)], "│"))
        if i < len(rows) - 1:
            print_fn(line("├", "─", "┼", "┤"))
    print_fn(line("└", "─", "┴", "┘"))
    total = _count(model.weights)
    trainable = _count(model.trainable_weights)
    frozen = _count(model.non_trainable_weights)
    print_fn(f" Total params: {total[0]:,} ({_readable_size(total[1])})")
    print_fn(
        f" Trainable params: {trainable[0]:,} "
        f"({_readable_size(trainable[1])})"
    )
    print_fn(
        f" Non-trainable params: {frozen[0]:,} ({_readable_size(frozen[1])})"
    )
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        count, size = _count(optimizer.variables)
        print_fn(f" Optimizer params: {count:,} ({_readable_size(size)})")
