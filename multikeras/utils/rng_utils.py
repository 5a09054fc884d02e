"""`set_random_seed`: one call for reproducible runs."""

import random

import numpy as np

from multikeras.api_export import export
from multikeras.random.seed_generator import set_global_seed


@export("multikeras.utils.set_random_seed")
def set_random_seed(seed: int) -> None:
    """Seeds Python's `random`, NumPy's global RNG and multikeras's seed
    source, so that initial weights, dropout masks and data shuffling repeat
    exactly: two fits after the same `set_random_seed` on the same backend
    give identical weights.
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(
            f"set_random_seed expects an int. Received: seed={seed!r}"
        )
    random.seed(seed)
    np.random.seed(seed % 2**32)
    set_global_seed(seed)
