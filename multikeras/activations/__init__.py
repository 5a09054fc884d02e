"""`multikeras.activations`: activation functions and `get`."""

from multikeras.activations.activations import celu as celu
from multikeras.activations.activations import elu as elu
from multikeras.activations.activations import exponential as exponential
from multikeras.activations.activations import gelu as gelu
from multikeras.activations.activations import glu as glu
from multikeras.activations.activations import hard_shrink as hard_shrink
from multikeras.activations.activations import hard_sigmoid as hard_sigmoid
from multikeras.activations.activations import hard_silu as hard_silu
from multikeras.activations.activations import hard_swish as hard_swish
from multikeras.activations.activations import hard_tanh as hard_tanh
from multikeras.activations.activations import leaky_relu as leaky_relu
from multikeras.activations.activations import linear as linear
from multikeras.activations.activations import log_sigmoid as log_sigmoid
from multikeras.activations.activations import log_softmax as log_softmax
from multikeras.activations.activations import mish as mish
from multikeras.activations.activations import relu as relu
from multikeras.activations.activations import relu6 as relu6
from multikeras.activations.activations import selu as selu
from multikeras.activations.activations import sigmoid as sigmoid
from multikeras.activations.activations import silu as silu
from multikeras.activations.activations import soft_shrink as soft_shrink
from multikeras.activations.activations import softmax as softmax
from multikeras.activations.activations import softplus as softplus
from multikeras.activations.activations import softsign as softsign
from multikeras.activations.activations import sparse_plus as sparse_plus
from multikeras.activations.activations import sparse_sigmoid as sparse_sigmoid
from multikeras.activations.activations import sparsemax as sparsemax
from multikeras.activations.activations import squareplus as squareplus
from multikeras.activations.activations import swish as swish
from multikeras.activations.activations import tanh as tanh
from multikeras.activations.activations import tanh_shrink as tanh_shrink
from multikeras.activations.activations import threshold as threshold
from multikeras.api_export import export
from multikeras.saving.registry import make_lookup

ALL_OBJECTS = {
    fn.__name__: fn
    for fn in (
        elu, exponential, gelu, hard_sigmoid, leaky_relu, linear, log_softmax,
        mish, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign,
        tanh, celu, glu, hard_shrink, hard_silu, hard_tanh, log_sigmoid,
        soft_shrink, sparse_plus, sparse_sigmoid, sparsemax, squareplus,
        tanh_shrink, threshold,
    )
}
ALL_OBJECTS["swish"] = silu
ALL_OBJECTS["hard_swish"] = hard_silu

serialize, deserialize, _get = make_lookup("activation", ALL_OBJECTS)
export("multikeras.activations.serialize")(serialize)
export("multikeras.activations.deserialize")(deserialize)


@export("multikeras.activations.get")
def get(identifier):
    """The activation function for a name, a callable, or None (linear)."""
    if identifier is None:
        return linear
    return _get(identifier)
