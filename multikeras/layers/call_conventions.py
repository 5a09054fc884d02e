"""How a layer's `call` is invoked: which of Keras's special arguments it
takes (`training`, `mask`), the masks that travel on its inputs and
outputs (see `multikeras.backend.common.masking`), the activity
regularization of its outputs, and calls on explicit state
(`stateless_call`)."""

import inspect
import warnings
from typing import Any
from typing import NamedTuple

from multikeras.backend.common import tree
from multikeras.backend.common.masking import get_keras_mask
from multikeras.backend.common.masking import set_keras_mask


class CallSignature(NamedTuple):
    accepts_training: bool
    training_default: Any  # None when `training` has no default
    accepts_mask: bool
    accepts_kwargs: bool  # `call` has a `**kwargs` catch-all


_SIGNATURES: dict[type, CallSignature] = {}


def call_signature(layer) -> CallSignature:
    """The special arguments of `layer.call`, read once per class."""
    cls = type(layer)
    if cls not in _SIGNATURES:
        params = inspect.signature(layer.call).parameters
        training = params.get("training")
        default = None
        if (
            training is not None
            and training.default is not inspect.Parameter.empty
        ):
            default = training.default
        _SIGNATURES[cls] = CallSignature(
            training is not None,
            default,
            "mask" in params,
            any(p.kind is p.VAR_KEYWORD for p in params.values()),
        )
    return _SIGNATURES[cls]


def call_kwargs(layer, kwargs, mask, training):
    """The keyword arguments `layer.call` receives.

    As in Keras, `training` reaches `call` only when `call` names it (it
    still reaches nested layers through the call context), and the input's
    mask fills a `mask` argument of `call`. An explicit `mask=` goes to a
    `call` that names it or takes `**kwargs`; any other `call` does not
    get it (Keras raises TypeError there), but the layer's output mask is
    still computed from it.
    """
    signature = call_signature(layer)
    explicit_mask = kwargs.get("mask") is not None
    out = {k: v for k, v in kwargs.items() if k not in ("training", "mask")}
    if mask is not None and (
        signature.accepts_mask or (explicit_mask and signature.accepts_kwargs)
    ):
        out["mask"] = mask
    if signature.accepts_training and training is not None:
        out["training"] = training
    return out


def resolve_training(layer, kwargs, context):
    """The `training` value of a call: an explicit one, else the enclosing
    call's, else the default of `layer.call`'s `training` argument."""
    training = kwargs.get("training")
    if training is None and context is not None:
        training = context.training
    if training is None:
        training = call_signature(layer).training_default
    return training


def activity_losses(regularizer, outputs):
    """`regularizer(output) / batch_size` for each tensor output, as Keras
    3 adds it (a scalar output is not divided; an empty batch gives 0)."""
    from multikeras import backend
    from multikeras import ops

    losses = []
    for output in tree.flatten(outputs):
        if not backend.active.is_tensor(output):
            continue
        loss = regularizer(output)
        if len(output.shape) > 0:
            loss = ops.convert_to_tensor(loss)
            batch_size = ops.cast(ops.shape(output)[0], loss.dtype)
            loss = ops.divide_no_nan(loss, batch_size)
        losses.append(loss)
    return losses


def input_masks(x):
    """The masks attached to the first call argument (a tree like it), or
    None when none is attached. Read it before converting the argument:
    the mask of a NumPy array stays with that array, not its copy."""
    masks = tree.map_structure(get_keras_mask, x)
    if all(m is None for m in tree.flatten(masks)):
        return None
    return masks


def carry_masks(original, converted):
    """Attaches the masks of `original`'s leaves to the matching leaves of
    `converted` (the tensors made from them), where they are new objects."""
    for old, new in zip(tree.flatten(original), tree.flatten(converted)):
        if new is not old:
            mask = get_keras_mask(old)
            if mask is not None:
                set_keras_mask(new, mask)


def attach_output_masks(layer, args, outputs, mask, consumed=None):
    """Attaches `layer.compute_mask(inputs, mask)` to the outputs of a layer
    that supports masking; warns when any other layer drops a mask.
    `consumed`: whether `call` received the mask (default: whether it
    names a `mask` argument)."""
    if consumed is None:
        consumed = call_signature(layer).accepts_mask
    if not layer.supports_masking:
        # A layer whose call takes the mask consumed it; any other layer
        # silently losing it would be a surprise.
        if mask is not None and not consumed:
            warnings.warn(
                f"Layer {layer.name!r} ({type(layer).__name__}) received a "
                "mask but does not support masking; layers after it will "
                "not see the mask.",
                stacklevel=3,
            )
        return
    flat_outputs = tree.flatten(outputs)
    if all(get_keras_mask(x) is not None for x in flat_outputs):
        return  # `call` attached them itself
    output_masks = layer.compute_mask(args[0] if args else None, mask)
    if output_masks is None:
        return
    flat_masks = tree.flatten(output_masks)
    if len(flat_masks) == 1 and len(flat_outputs) > 1:
        flat_masks = flat_masks * len(flat_outputs)
    for x, m in zip(flat_outputs, flat_masks):
        set_keras_mask(x, m)


def run_stateless(layer, trainable, non_trainable, args, kwargs,
                  return_losses):  # fmt: skip
    """The body of `Layer.stateless_call` (see there)."""
    from multikeras.backend.common import scopes

    if not layer.built:
        raise ValueError(
            f"Layer {layer.name!r} must be built before stateless_call: "
            "call it once on data, or call build(input_shape)."
        )
    trainable_refs = layer.trainable_variables
    non_trainable_refs = layer.non_trainable_variables
    for refs, values, kind in (
        (trainable_refs, trainable, "trainable_variables"),
        (non_trainable_refs, non_trainable, "non_trainable_variables"),
    ):
        if len(refs) != len(values):
            raise ValueError(
                f"Layer {layer.name!r}: stateless_call expects "
                f"{len(refs)} {kind}, received {len(values)}."
            )
    mapping = list(zip(trainable_refs, trainable))
    mapping += list(zip(non_trainable_refs, non_trainable))
    with scopes.StatelessScope(mapping, collect_losses=return_losses) as s:
        outputs = layer(*args, **kwargs)
        if return_losses:
            losses = list(s.losses) + layer._regularization_losses()
    new_non_trainable = [s.get_current_value(v) for v in non_trainable_refs]
    if return_losses:
        return outputs, new_non_trainable, losses
    return outputs, new_non_trainable
