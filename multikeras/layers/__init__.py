"""`multikeras.layers`: the Layer base class and the layer families."""

from multikeras.layers.core.activation import Activation as Activation
from multikeras.layers.core.dense import Dense as Dense
from multikeras.layers.core.input_layer import Input as Input
from multikeras.layers.core.input_layer import InputLayer as InputLayer
from multikeras.layers.input_spec import InputSpec as InputSpec
from multikeras.layers.layer import Layer as Layer
from multikeras.layers.regularization.dropout import Dropout as Dropout
from multikeras.layers.reshaping.flatten import Flatten as Flatten
