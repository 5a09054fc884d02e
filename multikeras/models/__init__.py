"""`multikeras.models`: Model and Sequential, and loading saved models."""

from multikeras.models.cloning import clone_model as clone_model
from multikeras.models.model import Model as Model
from multikeras.models.sequential import Sequential as Sequential
from multikeras.saving.saving_api import load_model as load_model
from multikeras.saving.saving_api import model_from_json as model_from_json
from multikeras.saving.saving_api import save_model as save_model
