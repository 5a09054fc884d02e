"""Nested structures (lists, tuples, namedtuples, dicts) without JAX.

Leaves are everything else, `None` included. Dicts are walked in sorted key
order, as JAX and Keras do, so flat orders agree across backends.
"""

from multikeras.api_export import export


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(x, "_fields")


@export("multikeras.tree.is_nested")
def is_nested(x):
    """Whether `x` is a list, tuple or dict (a non-leaf)."""
    return isinstance(x, (list, tuple, dict))


def _children(x):
    if isinstance(x, dict):
        return [x[k] for k in sorted(x)]
    return list(x)


def _rebuild(template, children):
    if isinstance(template, dict):
        keys = sorted(template)
        rebuilt = dict(zip(keys, children))
        return type(template)((k, rebuilt[k]) for k in template)
    if _is_namedtuple(template):
        return type(template)(*children)
    return type(template)(children)


@export("multikeras.tree.flatten")
def flatten(structure):
    """The leaves of `structure`, depth first, dict keys sorted."""
    if not is_nested(structure):
        return [structure]
    leaves = []
    for child in _children(structure):
        leaves.extend(flatten(child))
    return leaves


@export("multikeras.tree.map_structure")
def map_structure(fn, *structures):
    """Applies `fn` to matching leaves of `structures`; keeps the shape."""
    first = structures[0]
    if not is_nested(first):
        return fn(*structures)
    for other in structures[1:]:
        if not is_nested(other) or len(other) != len(first):
            raise ValueError(
                "map_structure needs structures of the same shape. Received: "
                f"{first!r} and {other!r}"
            )
    columns = zip(*(_children(s) for s in structures))
    return _rebuild(first, [map_structure(fn, *col) for col in columns])


@export("multikeras.tree.pack_sequence_as")
def pack_sequence_as(structure, flat_sequence):
    """Puts the leaves `flat_sequence` into the shape of `structure`."""
    flat_sequence = list(flat_sequence)
    expected = len(flatten(structure))
    if expected != len(flat_sequence):
        raise ValueError(
            f"pack_sequence_as: the structure has {expected} leaves but "
            f"{len(flat_sequence)} values were given."
        )
    iterator = iter(flat_sequence)

    def build(template):
        if not is_nested(template):
            return next(iterator)
        return _rebuild(template, [build(c) for c in _children(template)])

    return build(structure)
