"""`multikeras.random`: seeded sampling and `SeedGenerator`."""

from multikeras.random.random import dropout as dropout
from multikeras.random.random import normal as normal
from multikeras.random.random import randint as randint
from multikeras.random.random import truncated_normal as truncated_normal
from multikeras.random.random import uniform as uniform
from multikeras.random.seed_generator import SeedGenerator as SeedGenerator
