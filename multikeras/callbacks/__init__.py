"""`multikeras.callbacks`: hooks into training."""

from multikeras.callbacks.backup_and_restore import (
    BackupAndRestore as BackupAndRestore,
)
from multikeras.callbacks.callback import Callback as Callback
from multikeras.callbacks.callback_list import CallbackList as CallbackList
from multikeras.callbacks.csv_logger import CSVLogger as CSVLogger
from multikeras.callbacks.early_stopping import EarlyStopping as EarlyStopping
from multikeras.callbacks.history import History as History
from multikeras.callbacks.lambda_callback import (
    LambdaCallback as LambdaCallback,
)
from multikeras.callbacks.learning_rate_scheduler import (
    LearningRateScheduler as LearningRateScheduler,
)
from multikeras.callbacks.model_checkpoint import (
    ModelCheckpoint as ModelCheckpoint,
)
from multikeras.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger
from multikeras.callbacks.reduce_lr_on_plateau import (
    ReduceLROnPlateau as ReduceLROnPlateau,
)
from multikeras.callbacks.remote_monitor import RemoteMonitor as RemoteMonitor
from multikeras.callbacks.swap_ema_weights import (
    SwapEMAWeights as SwapEMAWeights,
)
from multikeras.callbacks.tensorboard import TensorBoard as TensorBoard
from multikeras.callbacks.terminate_on_nan import (
    TerminateOnNaN as TerminateOnNaN,
)

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "RemoteMonitor",
    "SwapEMAWeights",
    "TensorBoard",
    "TerminateOnNaN",
]
