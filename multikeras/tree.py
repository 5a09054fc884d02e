"""`multikeras.tree`: nested-structure utilities."""

from multikeras.backend.common.tree import flatten as flatten
from multikeras.backend.common.tree import is_nested as is_nested
from multikeras.backend.common.tree import map_structure as map_structure
from multikeras.backend.common.tree import pack_sequence_as as pack_sequence_as
