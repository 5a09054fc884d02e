"""`TensorBoard`: training logs for TensorBoard, written without
TensorFlow (see `_event_file`)."""

from __future__ import annotations

import json
import os
import time
import warnings
from typing import Any

import numpy as np

from multikeras import backend
from multikeras.api_export import export
from multikeras.callbacks import _event_file as events
from multikeras.callbacks._monitor import logged_float
from multikeras.callbacks.callback import Callback
from multikeras.typing import Logs

_PROFILE_ERROR = (
    "profile_batch must be a non-negative integer or 2-tuple of positive "
    "integers. A pair of positive integers signifies a range of batches to "
    "profile. Found: {}"
)


def _profile_range(profile_batch: Any) -> tuple[int, int]:
    """`(start, stop)` batches to profile (`(0, 0)`: none)."""
    value = profile_batch
    if isinstance(value, str):
        try:
            value = [int(part) for part in value.split(",")]
        except ValueError:
            raise ValueError(_PROFILE_ERROR.format(profile_batch)) from None
        if len(value) == 1:
            value = value[0]
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        start = stop = int(value)
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(
        isinstance(v, (int, np.integer)) for v in value
    ):
        start, stop = (int(v) for v in value)
    else:
        raise ValueError(_PROFILE_ERROR.format(profile_batch))
    if start < 0 or stop < start:
        raise ValueError(_PROFILE_ERROR.format(profile_batch))
    return start, stop


def _weight_image(value: Any) -> np.ndarray | None:
    """A weight as Keras draws it: a bias as one row, a kernel as a
    matrix (wider than tall); None for other ranks."""
    image = np.squeeze(np.asarray(value, np.float64))
    if image.ndim == 1:
        return image[None, :]
    if image.ndim == 2:
        return image.T if image.shape[0] > image.shape[1] else image
    return None


@export("multikeras.callbacks.TensorBoard")
class TensorBoard(Callback):
    """Writes logs for TensorBoard: scalars, histograms, images, the model.

    Event files (`events.out.tfevents.<time>.<host>...`) go to
    `log_dir/train` and `log_dir/validation`; they are TensorBoard's own
    format, written without TensorFlow. Run `tensorboard --logdir
    path_to_your_logs` to view them.

    Written tags: at each epoch end, `epoch_<name>` for each logged
    quantity (training ones and `epoch_learning_rate` under `train/`,
    `val_` ones under `validation/` without the prefix), with the epoch as
    step; after each evaluation, `evaluation_<name>_vs_iterations` under
    `validation/`, with the optimizer's iterations as step; with
    `update_freq` batches, `batch_<name>` under `train/`, with the global
    batch count as step.

    Args:
        log_dir: the directory for the logs. Defaults to `"logs"`.
        histogram_freq: every how many epochs to write a histogram of each
            weight (`<weight path>/histogram`); 0 for none. Defaults to 0.
        write_graph: write the model's config for TensorBoard's graph tab
            (functional and Sequential models). Defaults to `True`.
        write_images: with histograms, also draw each 1-D and 2-D weight
            as a grayscale image, scaled from its min to its max.
        write_steps_per_second: also log training steps per second, per
            epoch (and per batch with `update_freq`).
        update_freq: `"epoch"`, `"batch"` or an int N: also write
            `batch_` scalars every N batches (each write waits for that
            step's logs). Defaults to `"epoch"`.
        profile_batch: profile batches with the JAX profiler into
            `log_dir/train`: a batch number, a pair `(start, stop)` or
            `"start,stop"`; 0 for none (not available on the NumPy
            backend). Defaults to 0.
        embeddings_freq: every how many epochs to save the model's weights
            for TensorBoard's projector (`train/keras_embedding.ckpt-<epoch>
            .weights.h5`); 0 for never.
        embeddings_metadata: a metadata file for the projector, or a dict
            from `Embedding` layer names to files.

    Example:

    >>> import tempfile
    >>> tensorboard = multikeras.callbacks.TensorBoard(
    ...     log_dir=tempfile.mkdtemp(), histogram_freq=1)
    >>> tensorboard.update_freq
    'epoch'
    """

    # Batch hooks read logs (and the clock), never the model's weights.
    reads_state_every_batch = False

    def __init__(
        self,
        log_dir: str | os.PathLike[str] = "logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq: str | int = "epoch",
        profile_batch: int | str | tuple[int, int] = 0,
        embeddings_freq: int = 0,
        embeddings_metadata: str | dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and (
            isinstance(update_freq, bool)
            or not isinstance(update_freq, int) or update_freq < 1
        ):
            raise ValueError(
                "TensorBoard: `update_freq` must be 'epoch', 'batch' or a "
                f"positive int. Received: update_freq={update_freq!r}"
            )
        self.update_freq = update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._start_batch, self._stop_batch = _profile_range(profile_batch)
        self._should_trace = self._stop_batch > 0
        if self._should_trace and backend.backend() != "jax":
            raise ValueError(
                "Profiling is not yet available with the "
                f"{backend.backend()} backend. Received: "
                f"profile_batch={profile_batch} (must be 0)"
            )
        self._is_tracing = False
        self._writers: dict[str, events.EventFileWriter] = {}
        self._global_train_batch = 0
        self._global_test_batch = 0
        self._epoch_start_time = 0.0
        self._epoch_start_iterations = 0
        self._batch_start_time = 0.0
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")

    # ------------------------------------------------------------ writers
    def _writer(self, which: str) -> events.EventFileWriter:
        if which not in self._writers:
            directory = self._train_dir if which == "train" else self._val_dir
            self._writers[which] = events.EventFileWriter(directory)
        return self._writers[which]

    def _scalars(self, which: str, step: int, scalars: dict[str, Any],
                 prefix: str = "") -> None:
        values = []
        for name, value in scalars.items():
            try:
                number = logged_float(value)
            except (TypeError, ValueError):
                continue  # not a scalar (predict outputs, strings)
            values.append(events.scalar_value(prefix + name, number))
        if values:
            writer = self._writer(which)
            writer.add_values(step, values)
            writer.flush()

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # -------------------------------------------------------------- model
    def set_model(self, model: Any) -> None:
        super().set_model(model)
        self._close_writers()
        if model is None:
            return
        if self.write_graph:
            self._write_model_config()
        if self.embeddings_freq:
            self._configure_embeddings()

    def _write_model_config(self) -> None:
        """The model's JSON config, read by TensorBoard's graph plugin
        ("graph_keras_model"), at step 0."""
        model = self.model
        functional = getattr(model, "_graph", None) is not None or (
            type(model).__name__ == "Sequential"
        )
        if not functional:
            return
        try:
            config = model.to_json()
        except Exception as error:  # a model must train even so
            warnings.warn(
                f"Model failed to serialize as JSON. Ignoring... {error}",
                stacklevel=2,
            )
            return
        writer = self._writer("train")
        writer.add_values(0, [events.text_tensor_value(
            "keras", config, "graph_keras_model", b"1"
        )])
        writer.flush()

    def _configure_embeddings(self) -> None:
        """Writes `projector_config.pbtxt` for the Embedding layers."""
        metadata = self.embeddings_metadata
        pending = dict(metadata) if isinstance(metadata, dict) else {}
        entries = []
        for layer in self.model.layers:
            if type(layer).__name__ != "Embedding":
                continue
            lines = ['  tensor_name: "layer_with_weights-0/embeddings/'
                     '.ATTRIBUTES/VARIABLE_VALUE"']
            path = metadata if isinstance(metadata, str) else pending.pop(
                layer.name, None
            )
            if path is not None:
                lines.append(f"  metadata_path: {json.dumps(path)}")
            entries.append("embeddings {\n" + "\n".join(lines) + "\n}\n")
        if pending:
            raise ValueError(
                "Unrecognized `Embedding` layer names passed to "
                "`multikeras.callbacks.TensorBoard` `embeddings_metadata` "
                f"argument: {sorted(pending)}"
            )
        os.makedirs(self.log_dir, exist_ok=True)
        path = os.path.join(self.log_dir, "projector_config.pbtxt")
        with open(path, "w") as f:
            f.write("".join(entries))

    # -------------------------------------------------------------- hooks
    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._global_train_batch = 0

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self._is_tracing:
            self._stop_trace()
        self._close_writers()

    def on_test_end(self, logs: Logs | None = None) -> None:
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not logs:
            return
        step = int(np.asarray(optimizer.iterations))
        self._scalars("validation", step, {
            f"evaluation_{name}_vs_iterations": value
            for name, value in logs.items()
        })
        if self.params.get("mode") == "test":
            # A plain evaluate() has no on_train_end to close the files.
            self._close_writers()

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        if self.write_steps_per_second:
            self._epoch_start_iterations = self._iterations()
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "learning_rate"):
            train["learning_rate"] = logged_float(optimizer.learning_rate)
        if self.write_steps_per_second:
            seconds = time.time() - self._epoch_start_time
            steps = self._iterations() - self._epoch_start_iterations
            train["steps_per_second"] = steps / max(seconds, 1e-9)
        self._scalars("train", epoch, train, "epoch_")
        self._scalars("validation", epoch, val, "epoch_")
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self.model.save_weights(os.path.join(
                self._train_dir, f"keras_embedding.ckpt-{epoch}.weights.h5"
            ))

    def on_train_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()
        if self._should_trace and (
            self._global_train_batch == self._start_batch
        ):
            self._start_trace()

    def on_train_batch_end(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        step = self._global_train_batch
        every = self.update_freq
        if isinstance(every, int) and step % every == 0:
            scalars = dict(logs or {})
            if self.write_steps_per_second:
                seconds = time.time() - self._batch_start_time
                scalars["steps_per_second"] = 1.0 / max(seconds, 1e-9)
            self._scalars("train", step, scalars, "batch_")
        if self._is_tracing and step >= self._stop_batch:
            self._stop_trace()

    def on_test_batch_begin(
        self, batch: int, logs: Logs | None = None
    ) -> None:
        self._global_test_batch += 1

    # ------------------------------------------------------------ helpers
    def _iterations(self) -> int:
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None:
            return 0
        return int(np.asarray(optimizer.iterations))

    def _log_weights(self, epoch: int) -> None:
        values = []
        for layer in self.model.layers:
            for weight in layer.weights:
                name = getattr(weight, "path", weight.name).replace(":", "_")
                array = np.asarray(weight.value)
                values.append(
                    events.histogram_value(f"{name}/histogram", array)
                )
                if self.write_images:
                    image = _weight_image(array)
                    if image is not None:
                        values.append(
                            events.image_value(f"{name}/image", image)
                        )
        if values:
            writer = self._writer("train")
            writer.add_values(epoch, values)
            writer.flush()

    def _start_trace(self) -> None:
        # Profiling is a JAX facility; only reached on the JAX backend.
        import jax.profiler

        jax.profiler.start_trace(self._train_dir)
        self._is_tracing = True

    def _stop_trace(self) -> None:
        import jax.profiler

        jax.profiler.stop_trace()
        self._is_tracing = False
