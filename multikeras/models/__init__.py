"""`multikeras.models`: Model and Sequential."""

from multikeras.models.model import Model as Model
from multikeras.models.sequential import Sequential as Sequential
