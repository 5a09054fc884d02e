"""`multikeras.tree`: nested-structure utilities."""

from multikeras.utils.tree import flatten as flatten
from multikeras.utils.tree import is_nested as is_nested
from multikeras.utils.tree import map_structure as map_structure
from multikeras.utils.tree import pack_sequence_as as pack_sequence_as
