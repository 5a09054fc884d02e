"""`run_layer_test`: one conformance check for every layer.

Each layer family's tests call it once per configuration (a row). It checks
what every Keras layer must do: the config round trip, weight counts, output
shape and dtype eagerly and symbolically (unknown batch size), the output
mask, the number of added losses and seed generators, `stateless_call`, and
one compiled training step (an evaluation step on backends without
gradients).
"""

import numpy as np

from multikeras import backend
from multikeras.backend.common import tree
from multikeras.backend.common.masking import get_keras_mask
from multikeras.backend.common.symbolic import KerasTensor


def _expect(condition, message):
    # Not `assert`: the checks must hold under `python -O` too.
    if not condition:
        raise AssertionError(message)


def _is_shape(x):
    return isinstance(x, tuple) and all(
        d is None or isinstance(d, int) for d in x
    )


def _map_shapes(fn, shapes):
    """`fn` on each shape tuple of a (nested list of) shape(s)."""
    if _is_shape(shapes):
        return fn(shapes)
    if isinstance(shapes, dict):
        return {k: _map_shapes(fn, v) for k, v in shapes.items()}
    if isinstance(shapes, (list, tuple)):
        return type(shapes)(_map_shapes(fn, s) for s in shapes)
    raise ValueError(
        "run_layer_test: a shape must be a tuple of ints/None, or a "
        f"list/tuple/dict of such tuples. Received: {shapes!r}"
    )


def _make_data(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if "int" in dtype:
        return rng.integers(0, 4, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _numpy(x):
    return np.asarray(backend.active.convert_to_numpy(x))


def _check_structure(name, actual, expected):
    """`actual` (tree of shapes or dtypes) equals `expected`."""
    flat_actual, flat_expected = tree.flatten(actual), tree.flatten(expected)
    _expect(flat_actual == flat_expected, (
        f"{name}: got {actual}, expected {expected}"
    ))


def run_layer_test(
    layer_cls,
    init_kwargs=None,
    input_shape=None,
    input_dtype="float32",
    input_data=None,
    call_kwargs=None,
    expected_output_shape=None,
    expected_output_dtype=None,
    expected_output=None,
    expected_num_trainable_weights=None,
    expected_num_non_trainable_weights=None,
    expected_num_seed_generators=None,
    expected_num_losses=None,
    supports_masking=None,
    expected_mask_shape=None,
    custom_objects=None,
    run_training_check=True,
    rtol=1e-5,
    atol=1e-5,
):
    """Checks `layer_cls(**init_kwargs)` against the layer contract.

    Args:
        layer_cls: the layer class.
        init_kwargs: constructor arguments.
        input_shape: shape of the input (a tuple, or a list/dict of tuples
            for several inputs), batch dim included. Random data of
            `input_dtype` is generated unless `input_data` is given.
        input_dtype: dtype(s) of the generated input.
        input_data: the input itself (arrays, or a list/dict of them).
        call_kwargs: extra arguments for every call.
        expected_output_shape: the output shape(s), batch dim included.
        expected_output_dtype: the output dtype(s).
        expected_output: the output values, when known.
        expected_num_trainable_weights: `len(layer.trainable_weights)`.
        expected_num_non_trainable_weights:
            `len(layer.non_trainable_weights)`.
        expected_num_seed_generators: seed generators the layer owns.
        expected_num_losses: `len(layer.losses)` after a call.
        supports_masking: the expected `layer.supports_masking`.
        expected_mask_shape: the shape(s) of the output mask, if any.
        custom_objects: classes needed to deserialize the config.
        run_training_check: whether to run a compiled training step.
    """
    init_kwargs = dict(init_kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    if input_data is None:
        if input_shape is None:
            raise ValueError("run_layer_test needs input_shape or input_data")
        dtypes = input_dtype
        if _is_shape(input_shape):
            input_data = _make_data(input_shape, input_dtype, 0)
        else:
            # Shape tuples are leaves here: a tree flatten would split
            # them into their dimensions.
            flat_shapes = []
            _map_shapes(flat_shapes.append, input_shape)
            flat_dtypes = (
                [dtypes] * len(flat_shapes) if isinstance(dtypes, str)
                else tree.flatten(dtypes)
            )  # fmt: skip
            if len(flat_dtypes) != len(flat_shapes):
                raise ValueError(
                    f"run_layer_test: {len(flat_shapes)} input shapes but "
                    f"{len(flat_dtypes)} input dtypes. Received: "
                    f"input_shape={input_shape!r}, "
                    f"input_dtype={input_dtype!r}"
                )
            generated = iter([
                _make_data(s, d, i) for i, (s, d) in
                enumerate(zip(flat_shapes, flat_dtypes))
            ])  # fmt: skip
            input_data = _map_shapes(lambda s: next(generated), input_shape)
    flat_inputs = tree.flatten(input_data)

    _check_config(layer_cls, init_kwargs, custom_objects)

    # -- eager call
    layer = layer_cls(**init_kwargs)
    if supports_masking is not None:
        _expect(layer.supports_masking == supports_masking, (
            f"{layer_cls.__name__}.supports_masking is "
            f"{layer.supports_masking}, expected {supports_masking}"
        ))
    outputs = layer(input_data, **call_kwargs)
    _check_outputs("eager call", layer, outputs, expected_output_shape,
                   expected_output_dtype, expected_mask_shape)  # fmt: skip
    if expected_output is not None:
        for got, want in zip(tree.flatten(outputs),
                             tree.flatten(expected_output)):  # fmt: skip
            np.testing.assert_allclose(_numpy(got), want, rtol=rtol,
                                       atol=atol)  # fmt: skip
    _check_counts(
        layer, expected_num_trainable_weights,
        expected_num_non_trainable_weights, expected_num_seed_generators,
        expected_num_losses,
    )  # fmt: skip

    # -- the config of the built layer still round-trips
    config = layer.get_config()
    rebuilt = layer_cls.from_config(config)
    _expect(rebuilt.get_config() == config, "config changed after building")

    # -- stateless_call with the layer's own values gives the same output
    if not _seed_generators(layer) and not call_kwargs.get("training"):
        values, _ = layer.stateless_call(
            [v.value for v in layer.trainable_variables],
            [v.value for v in layer.non_trainable_variables],
            input_data, **call_kwargs,
        )  # fmt: skip
        again = layer(input_data, **call_kwargs)
        for a, b in zip(tree.flatten(values), tree.flatten(again)):
            np.testing.assert_allclose(_numpy(a), _numpy(b), rtol=rtol,
                                       atol=atol)  # fmt: skip

    # -- symbolic call, unknown batch size
    symbolic_inputs = tree.map_structure(
        lambda x: KerasTensor(
            (None, *np.shape(x)[1:]), backend.standardize_dtype(
                backend.active.convert_to_tensor(x).dtype)
        ),
        input_data,
    )
    symbolic_layer = layer_cls(**init_kwargs)
    symbolic = symbolic_layer(symbolic_inputs, **call_kwargs)
    if expected_output_shape is not None:
        expected = _map_shapes(
            lambda s: (None, *s[1:]) if s else s, expected_output_shape
        )
        mask_shape = expected_mask_shape and _map_shapes(
            lambda s: (None, *s[1:]), expected_mask_shape
        )
        _check_outputs(
            "symbolic call", symbolic_layer, symbolic, expected,
            expected_output_dtype, mask_shape,
        )  # fmt: skip
    _check_counts(symbolic_layer, expected_num_trainable_weights,
                  expected_num_non_trainable_weights, None, None)  # fmt: skip

    if run_training_check:
        _run_training_step(
            layer_cls, init_kwargs, call_kwargs, symbolic_inputs, input_data,
            flat_inputs,
        )  # fmt: skip


def _seed_generators(layer):
    found = list(layer._seed_generators)
    for sub in layer._layers:
        found += _seed_generators(sub)
    return found


def _check_config(layer_cls, init_kwargs, custom_objects):
    from multikeras import layers

    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    _expect(isinstance(config, dict) and "name" in config, config)
    for key, value in init_kwargs.items():
        if isinstance(value, (int, float, str, bool, type(None))):
            _expect(key in config, f"get_config() lacks {key!r}")
    rebuilt = layer_cls.from_config(config)
    _expect(rebuilt.get_config() == config, (
        f"{layer_cls.__name__}: from_config(get_config()) changed the "
        f"config:\n{rebuilt.get_config()}\n!=\n{config}"
    ))
    serialized = layers.serialize(layer)
    revived = layers.deserialize(serialized, custom_objects=custom_objects)
    _expect(type(revived) is layer_cls, f"deserialized as {type(revived)}")
    _expect(revived.get_config() == config, "serialize/deserialize changed "
            "the config")


def _check_outputs(where, layer, outputs, shapes, dtypes, mask_shapes):
    name = f"{type(layer).__name__} ({where})"
    if shapes is not None:
        got = tree.map_structure(lambda x: tuple(x.shape), outputs)
        _check_structure(f"{name} output shape", got, shapes)
    if dtypes is not None:
        got = tree.map_structure(
            lambda x: backend.standardize_dtype(x.dtype), outputs
        )
        if isinstance(dtypes, str):
            dtypes = tree.map_structure(lambda _: dtypes, got)
        _check_structure(f"{name} output dtype", got, dtypes)
    if mask_shapes is not None:
        masks = [get_keras_mask(x) for x in tree.flatten(outputs)]
        _expect(all(m is not None for m in masks), f"{name}: no output mask")
        got = [tuple(m.shape) for m in masks]
        want = [mask_shapes] if _is_shape(mask_shapes) else mask_shapes
        _expect(got == list(want), f"{name} mask shape: {got} != {want}")


def _check_counts(layer, trainable, non_trainable, seed_generators, losses):
    name = type(layer).__name__
    if trainable is not None:
        _expect(len(layer.trainable_weights) == trainable, (
            f"{name}: {len(layer.trainable_weights)} trainable weights, "
            f"expected {trainable}"
        ))
    if non_trainable is not None:
        _expect(len(layer.non_trainable_weights) == non_trainable, (
            f"{name}: {len(layer.non_trainable_weights)} non-trainable "
            f"weights, expected {non_trainable}"
        ))
    if seed_generators is not None:
        got = len(_seed_generators(layer))
        _expect(got == seed_generators, (
            f"{name}: {got} seed generators, expected {seed_generators}"
        ))
    if losses is not None:
        _expect(len(layer.losses) == losses, (
            f"{name}: {len(layer.losses)} losses, expected {losses}"
        ))


def _run_training_step(layer_cls, init_kwargs, call_kwargs, symbolic_inputs,
                       input_data, flat_inputs):  # fmt: skip
    import multikeras

    layer = layer_cls(**init_kwargs)
    inputs = tree.map_structure(
        lambda t: multikeras.Input(batch_shape=t.shape, dtype=t.dtype),
        symbolic_inputs,
    )
    outputs = layer(inputs, **call_kwargs)
    flat_outputs = [
        o for o in tree.flatten(outputs)
        if backend.is_float_dtype(o.dtype)
    ]  # fmt: skip
    if not flat_outputs:
        return
    single = len(flat_outputs) == 1
    model = multikeras.Model(
        inputs, flat_outputs[0] if single else flat_outputs
    )
    targets = [
        np.zeros((len(flat_inputs[0]), *o.shape[1:]), "float32")
        for o in flat_outputs
    ]  # fmt: skip
    model.compile(
        optimizer="sgd", loss="mse" if single else ["mse"] * len(targets)
    )
    if single:
        targets = targets[0]
    before = [_numpy(v.value).copy() for v in layer.trainable_variables]
    # A layer without trainable weights has nothing to fit: its compiled
    # evaluation step is the check.
    if backend.backend() == "jax" and layer.trainable_variables:
        logs = model.fit(input_data, targets, batch_size=len(flat_inputs[0]),
                         epochs=1, verbose=0).history  # fmt: skip
        loss = logs["loss"][-1]
        after = [_numpy(v.value) for v in layer.trainable_variables]
        if before:
            _expect(any(
                not np.array_equal(b, a) for b, a in zip(before, after)
            ), f"{layer_cls.__name__}: training changed no weight")
    else:
        loss = model.evaluate(input_data, targets, verbose=0)
        loss = tree.flatten(loss)[0]
    _expect(np.isfinite(loss), f"{layer_cls.__name__}: loss {loss}")
