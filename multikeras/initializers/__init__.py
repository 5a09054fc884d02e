"""`multikeras.initializers`: weight initializers and `get`."""

from multikeras.api_export import export
from multikeras.initializers.initializers import Constant as Constant
from multikeras.initializers.initializers import GlorotNormal as GlorotNormal
from multikeras.initializers.initializers import GlorotUniform as GlorotUniform
from multikeras.initializers.initializers import HeNormal as HeNormal
from multikeras.initializers.initializers import HeUniform as HeUniform
from multikeras.initializers.initializers import Identity as Identity
from multikeras.initializers.initializers import Initializer as Initializer
from multikeras.initializers.initializers import LecunNormal as LecunNormal
from multikeras.initializers.initializers import LecunUniform as LecunUniform
from multikeras.initializers.initializers import Ones as Ones
from multikeras.initializers.initializers import RandomNormal as RandomNormal
from multikeras.initializers.initializers import RandomUniform as RandomUniform
from multikeras.initializers.initializers import (
    TruncatedNormal as TruncatedNormal,
)
from multikeras.initializers.initializers import (
    VarianceScaling as VarianceScaling,
)
from multikeras.initializers.initializers import Zeros as Zeros
from multikeras.initializers.orthogonal import Orthogonal as Orthogonal
from multikeras.initializers.stft import STFT as STFT
from multikeras.saving.registry import make_lookup

# The snake_case and *Initializer names Keras exports for the same classes.
IdentityInitializer = identity = Identity
OrthogonalInitializer = orthogonal = Orthogonal
STFTInitializer = stft = STFT
constant = Constant
zeros = Zeros
ones = Ones
random_normal = RandomNormal
truncated_normal = TruncatedNormal
random_uniform = RandomUniform
variance_scaling = VarianceScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform

# snake_case names Keras accepts as strings.
ALL_OBJECTS = {
    "constant": Constant,
    "zeros": Zeros,
    "ones": Ones,
    "identity": Identity,
    "random_normal": RandomNormal,
    "truncated_normal": TruncatedNormal,
    "random_uniform": RandomUniform,
    "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform,
    "orthogonal": Orthogonal,
    "stft": STFT,
    # Keras's alias class names, found in configs saved under them.
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
}

serialize, deserialize, get = make_lookup(
    "initializer", ALL_OBJECTS, Initializer, instantiate=True
)
export("multikeras.initializers.serialize")(serialize)
export("multikeras.initializers.deserialize")(deserialize)
export("multikeras.initializers.get")(get)
