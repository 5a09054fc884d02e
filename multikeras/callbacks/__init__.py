"""`multikeras.callbacks`: hooks into training."""

from multikeras.callbacks.callback import Callback as Callback
from multikeras.callbacks.callback_list import CallbackList as CallbackList
from multikeras.callbacks.history import History as History
from multikeras.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger
