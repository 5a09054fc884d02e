"""`multikeras.ops`: the tensor vocabulary, flat and by group.

Every op works on backend tensors, Variables, NumPy arrays and Python data,
and on symbolic KerasTensors (Functional API) through one generic route
(`multikeras.ops.dispatch`).
"""

from multikeras.ops import core as core
from multikeras.ops import math as math
from multikeras.ops import nn as nn
from multikeras.ops import numpy as numpy
from multikeras.ops.core import cast as cast
from multikeras.ops.core import cond as cond
from multikeras.ops.core import convert_to_numpy as convert_to_numpy
from multikeras.ops.core import convert_to_tensor as convert_to_tensor
from multikeras.ops.core import dtype as dtype
from multikeras.ops.core import fori_loop as fori_loop
from multikeras.ops.core import is_tensor as is_tensor
from multikeras.ops.core import scan as scan
from multikeras.ops.core import shape as shape
from multikeras.ops.core import stop_gradient as stop_gradient
from multikeras.ops.core import while_loop as while_loop
from multikeras.ops.math import logsumexp as logsumexp
from multikeras.ops.math import rsqrt as rsqrt
from multikeras.ops.nn import binary_crossentropy as binary_crossentropy
from multikeras.ops.nn import (
    categorical_crossentropy as categorical_crossentropy,
)
from multikeras.ops.nn import elu as elu
from multikeras.ops.nn import gelu as gelu
from multikeras.ops.nn import hard_sigmoid as hard_sigmoid
from multikeras.ops.nn import leaky_relu as leaky_relu
from multikeras.ops.nn import log_softmax as log_softmax
from multikeras.ops.nn import one_hot as one_hot
from multikeras.ops.nn import relu as relu
from multikeras.ops.nn import relu6 as relu6
from multikeras.ops.nn import selu as selu
from multikeras.ops.nn import sigmoid as sigmoid
from multikeras.ops.nn import silu as silu
from multikeras.ops.nn import softmax as softmax
from multikeras.ops.nn import softplus as softplus
from multikeras.ops.nn import softsign as softsign
from multikeras.ops.nn import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from multikeras.ops.nn import swish as swish
from multikeras.ops.numpy.creation import arange as arange
from multikeras.ops.numpy.creation import eye as eye
from multikeras.ops.numpy.creation import full as full
from multikeras.ops.numpy.creation import full_like as full_like
from multikeras.ops.numpy.creation import ones as ones
from multikeras.ops.numpy.creation import ones_like as ones_like
from multikeras.ops.numpy.creation import zeros as zeros
from multikeras.ops.numpy.creation import zeros_like as zeros_like
from multikeras.ops.numpy.elementwise import abs as abs
from multikeras.ops.numpy.elementwise import absolute as absolute
from multikeras.ops.numpy.elementwise import add as add
from multikeras.ops.numpy.elementwise import ceil as ceil
from multikeras.ops.numpy.elementwise import clip as clip
from multikeras.ops.numpy.elementwise import cos as cos
from multikeras.ops.numpy.elementwise import divide as divide
from multikeras.ops.numpy.elementwise import equal as equal
from multikeras.ops.numpy.elementwise import exp as exp
from multikeras.ops.numpy.elementwise import expm1 as expm1
from multikeras.ops.numpy.elementwise import floor as floor
from multikeras.ops.numpy.elementwise import floor_divide as floor_divide
from multikeras.ops.numpy.elementwise import greater as greater
from multikeras.ops.numpy.elementwise import greater_equal as greater_equal
from multikeras.ops.numpy.elementwise import isfinite as isfinite
from multikeras.ops.numpy.elementwise import isnan as isnan
from multikeras.ops.numpy.elementwise import less as less
from multikeras.ops.numpy.elementwise import less_equal as less_equal
from multikeras.ops.numpy.elementwise import log as log
from multikeras.ops.numpy.elementwise import log1p as log1p
from multikeras.ops.numpy.elementwise import logical_and as logical_and
from multikeras.ops.numpy.elementwise import logical_not as logical_not
from multikeras.ops.numpy.elementwise import logical_or as logical_or
from multikeras.ops.numpy.elementwise import maximum as maximum
from multikeras.ops.numpy.elementwise import minimum as minimum
from multikeras.ops.numpy.elementwise import mod as mod
from multikeras.ops.numpy.elementwise import multiply as multiply
from multikeras.ops.numpy.elementwise import negative as negative
from multikeras.ops.numpy.elementwise import not_equal as not_equal
from multikeras.ops.numpy.elementwise import power as power
from multikeras.ops.numpy.elementwise import round as round
from multikeras.ops.numpy.elementwise import sign as sign
from multikeras.ops.numpy.elementwise import sin as sin
from multikeras.ops.numpy.elementwise import sqrt as sqrt
from multikeras.ops.numpy.elementwise import square as square
from multikeras.ops.numpy.elementwise import subtract as subtract
from multikeras.ops.numpy.elementwise import tanh as tanh
from multikeras.ops.numpy.elementwise import true_divide as true_divide
from multikeras.ops.numpy.elementwise import where as where
from multikeras.ops.numpy.products import dot as dot
from multikeras.ops.numpy.products import einsum as einsum
from multikeras.ops.numpy.products import matmul as matmul
from multikeras.ops.numpy.reductions import all as all
from multikeras.ops.numpy.reductions import amax as amax
from multikeras.ops.numpy.reductions import amin as amin
from multikeras.ops.numpy.reductions import any as any
from multikeras.ops.numpy.reductions import argmax as argmax
from multikeras.ops.numpy.reductions import argmin as argmin
from multikeras.ops.numpy.reductions import cumsum as cumsum
from multikeras.ops.numpy.reductions import max as max
from multikeras.ops.numpy.reductions import mean as mean
from multikeras.ops.numpy.reductions import min as min
from multikeras.ops.numpy.reductions import prod as prod
from multikeras.ops.numpy.reductions import sort as sort
from multikeras.ops.numpy.reductions import std as std
from multikeras.ops.numpy.reductions import sum as sum
from multikeras.ops.numpy.reductions import var as var
from multikeras.ops.numpy.shape import broadcast_to as broadcast_to
from multikeras.ops.numpy.shape import concatenate as concatenate
from multikeras.ops.numpy.shape import expand_dims as expand_dims
from multikeras.ops.numpy.shape import get_item as get_item
from multikeras.ops.numpy.shape import ndim as ndim
from multikeras.ops.numpy.shape import ravel as ravel
from multikeras.ops.numpy.shape import reshape as reshape
from multikeras.ops.numpy.shape import size as size
from multikeras.ops.numpy.shape import squeeze as squeeze
from multikeras.ops.numpy.shape import stack as stack
from multikeras.ops.numpy.shape import take as take
from multikeras.ops.numpy.shape import take_along_axis as take_along_axis
from multikeras.ops.numpy.shape import tile as tile
from multikeras.ops.numpy.shape import transpose as transpose
