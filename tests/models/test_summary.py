"""model.summary(): names, classes, shapes, params and totals."""

import re

import numpy as np

import multikeras as keras
from multikeras import layers
from multikeras import ops


def _summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return "\n".join(lines)


def _row(text, name):
    """The table line of the layer called `name`."""
    matches = [line for line in text.splitlines() if f"{name} (" in line]
    assert len(matches) == 1, text
    return matches[0]


def test_sequential_summary_rows_and_totals():
    model = keras.Sequential([
        keras.Input((4,)),
        layers.Dense(8, activation="relu", name="hidden"),
        layers.Dropout(0.1, name="drop"),
        layers.Dense(3, name="out"),
    ], name="mlp")
    text = _summary(model)
    assert 'Model: "mlp"' in text
    hidden = _row(text, "hidden")
    assert "hidden (Dense)" in hidden and "(None, 8)" in hidden
    assert re.search(r"\b40\b", hidden)  # 4*8 + 8
    drop = _row(text, "drop")
    assert "drop (Dropout)" in drop and re.search(r"│\s+0\s+│", drop)
    out = _row(text, "out")
    assert "(None, 3)" in out and re.search(r"\b27\b", out)  # 8*3 + 3
    assert "Total params: 67 (268.00 B)" in text
    assert "Trainable params: 67" in text
    assert "Non-trainable params: 0" in text
    assert "Connected to" not in text


def test_summary_counts_frozen_weights_as_non_trainable():
    model = keras.Sequential([
        keras.Input((10,)),
        layers.Dense(100, name="big"),
        layers.Dense(2, name="small"),
    ])
    model.get_layer("big").trainable = False
    text = _summary(model)
    assert "Total params: 1,302" in text  # thousands separator
    assert "Trainable params: 202" in text
    assert "Non-trainable params: 1,100" in text


def test_unbuilt_sequential_summary_still_lists_layers():
    model = keras.Sequential([layers.Dense(2, name="later")])
    text = _summary(model)
    assert "later (Dense)" in text
    assert "Total params: 0" in text


def test_functional_summary_has_connected_to_column():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    joined = ops.concatenate([a, b], axis=-1)
    out = layers.Dense(5, name="head")(joined)
    model = keras.Model([a, b], out, name="joiner")
    text = _summary(model)
    assert "Connected to" in text
    assert "a (InputLayer)" in _row(text, "a")
    assert "(None, 2)" in _row(text, "b")
    head = _row(text, "head")
    assert "(None, 5)" in head and re.search(r"\b30\b", head)
    assert "concatenate[0][0]" in head
    concat = _row(text, "concatenate")
    assert "(None, 5)" in concat
    assert "a[0][0]" in concat and "b[0][0]" in concat
    assert "Total params: 30" in text


def test_summary_params_match_count_params():
    model = keras.Sequential([keras.Input((7,)), layers.Dense(9),
                              layers.Dense(4)])
    text = _summary(model)
    total = int(re.search(r"Total params: ([\d,]+)", text).group(1)
                .replace(",", ""))
    assert total == model.count_params() == (7 * 9 + 9) + (9 * 4 + 4)
    assert total == sum(np.prod(w.shape) for w in model.get_weights())
