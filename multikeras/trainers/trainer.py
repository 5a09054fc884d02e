"""`Trainer`: the loops behind fit/evaluate/predict, for every backend.

State lives in plain values between steps, not in the variables: a compiled
step takes `(state, leaves, index, mask)` (the batch's arrays, flat; or the
whole dataset on the device plus the rows to take) and returns new state,
the old state's buffers donated on JAX. With `steps_per_execution > 1`, one
call runs that many steps as a `scan`. The last short batch is padded with
real rows and masked, so each step function is traced once.

The variables are written back when someone may look: at the end of each
epoch (before `on_epoch_end`), after each execution only if a callback
implements a batch hook, and always when a loop ends or fails. Logs stay on
the device; the progress bar reads them a few times a second.
"""

import numpy as np

from multikeras import backend
from multikeras import ops
from multikeras.backend.common import scopes
from multikeras.backend.common import tree
from multikeras.callbacks.callback_list import CallbackList
from multikeras.random.seed_generator import make_seed
from multikeras.trainers.data_adapter import ArrayDataAdapter
from multikeras.trainers.data_adapter import split_validation
from multikeras.trainers.data_adapter import unpack_x_y_sample_weight

# On accelerators, datasets up to this size (bytes) live on the device
# during a loop; FORCE_DEVICE_DATA does the same on CPUs (for benchmarks).
DEVICE_DATA_LIMIT = 1 << 30
FORCE_DEVICE_DATA = False


def _pad_rows(array, rows):
    if array is None or len(array) == rows:
        return array
    padding = np.zeros((rows - len(array), *array.shape[1:]), array.dtype)
    return np.concatenate([array, padding])


def _concatenate_outputs(results):
    """Predict's outputs as NumPy, padding rows dropped: one host transfer
    per execution, at the end, not one per step."""

    def real_rows(array, count, num_real):
        array = np.asarray(array)
        if count == 1:
            return [array[: num_real[0]]]
        return [array[i][:n] for i, n in enumerate(num_real)]

    structure = results[0][0]
    flat = [tree.flatten(outputs) for outputs, _, _ in results]
    columns = [
        np.concatenate([
            rows
            for leaves, (_, count, num_real) in zip(flat, results)
            for rows in real_rows(leaves[i], count, num_real)
        ])
        for i in range(len(flat[0]))
    ]
    return tree.pack_sequence_as(structure, columns)


def _to_python(logs):
    return {k: float(np.asarray(v)) for k, v in logs.items()}


def _class_weights_to_sample_weights(y, class_weight):
    """Per-sample weights from `{class: weight}` and integer/one-hot `y`."""
    y = np.asarray(y)
    labels = y.argmax(-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(
        len(y), -1)[:, 0]
    labels = labels.astype(int)
    missing = sorted(set(np.unique(labels).tolist()) - set(class_weight))
    if missing:
        raise ValueError(
            f"`class_weight` has no weight for classes {missing} present in "
            f"`y`. Received class_weight keys: {sorted(class_weight)}"
        )
    table = np.zeros(max(max(class_weight), labels.max()) + 1, np.float32)
    for cls, weight in class_weight.items():
        table[int(cls)] = weight
    return table[labels]


def _merge_class_weight(y, sample_weight, class_weight):
    """`sample_weight`, or per-sample weights from `class_weight`."""
    if class_weight is None:
        return sample_weight
    if sample_weight is not None:
        raise ValueError(
            "You cannot pass `class_weight` and `sample_weight` at the same "
            "time; fold the class weights into `sample_weight`."
        )
    if y is None or isinstance(y, (list, tuple, dict)):
        raise ValueError(
            "`class_weight` needs a single array of targets `y`; for several "
            "outputs, pass `sample_weight` instead."
        )
    return _class_weights_to_sample_weights(y, class_weight)


class Trainer:
    """Runs the loops of one model; owns its compiled step functions."""

    def __init__(self, model):
        self.model = model
        self._functions = {}

    def reset(self):
        """Forgets compiled functions (after compile() changes the step)."""
        self._functions.clear()

    # ---------------------------------------------------------- state
    def _variables(self, kind):
        m = self.model
        groups = [m.trainable_variables, m.non_trainable_variables]
        if kind == "train":
            groups.append(m.optimizer.variables)
        if kind in ("train", "test"):
            groups.append(m.metrics_variables)
        return groups

    def _pull(self, kind):
        return tuple(
            [v.value for v in group] for group in self._variables(kind)
        )

    def _push(self, kind, state):
        for group, values in zip(self._variables(kind), state):
            for variable, value in zip(group, values):
                variable.assign(value)

    def _function(self, kind, gather, structure, steps=1):
        """The compiled `step(state, leaves, index, mask)` for `kind`.

        `leaves` are the arrays of the batch, flat; the step rebuilds the
        data's `structure` (a tree of leaf positions) while tracing, so the
        loop walks no structure per step. With `gather`, the leaves hold the
        whole dataset (already on the device) and the step takes the rows
        `index` itself; otherwise `index` is None.

        With `steps > 1` the function runs that many steps as one compiled
        `scan` over stacked batches (`steps_per_execution`) and returns the
        last step's logs (train, test) or all the outputs, stacked (predict).
        """
        key = (kind, gather, repr(structure), steps)
        if key in self._functions:
            return self._functions[key]
        model = self.model
        step_fn = {
            "train": model.train_step,
            "test": model.test_step,
            "predict": model.predict_step,
        }[kind]

        def step(state, leaves, index, mask):
            if gather:
                leaves = [
                    None if a is None else ops.take(a, index, axis=0)
                    for a in leaves
                ]
            data = tree.map_structure(lambda i: leaves[i], structure)
            with scopes.padding_mask_scope(mask):
                return step_fn(state, data)

        def many_steps(state, leaves, index, mask):
            def body(state, xs):
                step_leaves, step_index, step_mask = xs
                out, new = step(
                    state, leaves if gather else step_leaves, step_index,
                    step_mask,
                )
                if kind == "predict":  # out: outputs; new: non-trainable
                    return (state[0], new), out
                return new, out  # out: logs

            xs = (None if gather else leaves, index, mask)
            state, outs = backend.active.scan(body, state, xs)
            if kind == "predict":
                return outs, state[1]
            return tree.map_structure(lambda a: a[-1], outs), state

        donate = () if kind == "predict" else (0,)
        self._functions[key] = backend.active.compile(
            step if steps == 1 else many_steps, donate_argnums=donate
        )
        return self._functions[key]

    def _loop(self, kind, adapter):
        """`(executions, run)` for one pass over `adapter`: see `_feed`;
        `run(count, state, args)` calls the compiled function for `count`
        steps."""
        steps = self.model.steps_per_execution
        gather, executions = self._feed(adapter, steps)
        single = self._function(kind, gather, adapter.structure)
        many = (
            self._function(kind, gather, adapter.structure, steps)
            if steps > 1 else None
        )

        def run(count, state, args):
            return (many if count > 1 else single)(state, *args)

        return executions, run

    @staticmethod
    def _feed(adapter, steps):
        """`(gather, executions)` for one pass over a dataset.

        Each execution is `(count, (leaves, index, mask), num_real)`: the
        arguments of one call of the compiled function for `count` steps
        (`steps`, stacked, or 1) and each step's number of real rows.
        Trailing batches that do not fill a group of `steps` run one by one,
        so no step runs on an empty batch.

        On an accelerator, datasets up to `DEVICE_DATA_LIMIT` bytes are put
        on the device once and each step gathers its rows there, so a step
        moves only an index array from the host. Their row count is padded
        to a power of two (the padding is never indexed), so datasets of
        different sizes share compiled steps. On a CPU, where host memory is
        the device's, and for larger datasets, batches are sliced with NumPy
        (measured faster on XLA:CPU for wide rows: benchmarks/).
        """
        rows = 1 << (adapter.num_samples - 1).bit_length()
        on_accelerator = not backend.active.list_devices()[0].startswith(
            "cpu"
        )
        fits = adapter.nbytes * rows <= DEVICE_DATA_LIMIT * adapter.num_samples
        gather = fits and (on_accelerator or FORCE_DEVICE_DATA)
        data = None
        if gather:
            data = backend.active.device_put(
                [_pad_rows(a, rows) for a in tree.flatten(adapter.data)]
            )
        size = adapter.batch_size
        # Full batches all have the same all-ones mask: send it once.
        full_mask = backend.active.device_put(np.ones(size, np.float32))
        full_masks = backend.active.device_put(
            np.ones((steps, size), np.float32)
        )

        def single(index, mask, num_real):
            leaves = data if gather else adapter.take_flat(index)
            mask = full_mask if num_real == size else mask
            return 1, (leaves, index if gather else None, mask), [num_real]

        def stacked(group):
            indices, masks, num_real = zip(*group)
            if gather:
                leaves, index = data, np.stack(indices)
            else:
                parts = [adapter.take_flat(i) for i in indices]
                leaves = [
                    None if p[0] is None else np.stack(p) for p in zip(*parts)
                ]
                index = None
            mask = full_masks if min(num_real) == size else np.stack(masks)
            return len(group), (leaves, index, mask), list(num_real)

        def executions():
            group = []
            for batch in adapter.index_batches():
                if steps == 1:
                    yield single(*batch)
                    continue
                group.append(batch)
                if len(group) == steps:
                    yield stacked(group)
                    group = []
            for batch in group:
                yield single(*batch)

        return gather, executions()

    # ------------------------------------------------------ preparing
    def _prepare(self, adapter, kind):
        """Builds the model, optimizer and metrics outside any trace."""
        model = self.model
        if kind != "predict" and not model.compiled:
            raise ValueError(
                "You must call compile() on the model before "
                f"{'fit' if kind == 'train' else 'evaluate'}()."
            )
        sample = adapter.first_batch()
        x, y = sample[0], sample[1] if len(sample) > 1 else None
        needs_metrics = kind != "predict" and not model._metrics_built()
        if not model.built or needs_metrics:
            y_pred = model(x)  # eager, on one real batch: builds everything
            model._clear_losses()
            if needs_metrics:
                model._build_metrics(y, y_pred)
        if kind == "train" and not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)

    # ----------------------------------------------------------- loops
    def fit(self, x, y, batch_size, epochs, verbose, callbacks,
            validation_split, validation_data, shuffle, class_weight,
            sample_weight, initial_epoch, validation_batch_size,
            validation_freq):
        model = self.model
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = split_validation(
                x, y, sample_weight, validation_split
            )
        sample_weight = _merge_class_weight(y, sample_weight, class_weight)
        adapter = ArrayDataAdapter(
            x, y, sample_weight, batch_size=batch_size or 32,
            shuffle=shuffle, seed=make_seed(),
        )
        self._prepare(adapter, "train")
        callbacks = CallbackList(
            callbacks, model=model, add_history=True,
            add_progbar=verbose != 0, verbose=verbose, epochs=epochs,
            steps=adapter.num_batches,
        )
        model.stop_training = False
        batch_sync = callbacks.needs_batch_sync
        callbacks.on_train_begin()
        state, logs, epoch_logs = None, {}, {}
        try:
            for epoch in range(initial_epoch, epochs):
                model.reset_metrics()
                callbacks.on_epoch_begin(epoch)
                state = self._pull("train")
                executions, run = self._loop("train", adapter)
                step = 0
                for count, args, _ in executions:
                    callbacks.on_train_batch_begin(step)
                    logs, state = run(count, state, args)
                    step += count
                    if batch_sync:
                        self._push("train", state)
                        state = self._pull("train")
                    callbacks.on_train_batch_end(step - 1, logs)
                    if model.stop_training:
                        break
                self._push("train", state)
                state = None
                epoch_logs = _to_python(logs)
                if validation_data is not None and (
                    (epoch + 1) % validation_freq == 0
                ):
                    val_logs = self._evaluate_validation(
                        validation_data, validation_batch_size or batch_size,
                        callbacks,
                    )
                    epoch_logs.update(
                        {f"val_{k}": v for k, v in val_logs.items()}
                    )
                callbacks.on_epoch_end(epoch, epoch_logs)
                if model.stop_training:
                    break
        finally:
            if state is not None:
                self._push("train", state)
        callbacks.on_train_end(epoch_logs)
        return model.history

    def _evaluate_validation(self, validation_data, batch_size, callbacks):
        vx, vy, vsw = unpack_x_y_sample_weight(tuple(validation_data))
        # As in Keras, fit's callbacks see validation's on_test_* hooks.
        return self.evaluate(vx, vy, batch_size, 0, vsw, callbacks)

    def evaluate(self, x, y, batch_size, verbose, sample_weight, callbacks):
        model = self.model
        adapter = ArrayDataAdapter(
            x, y, sample_weight, batch_size=batch_size or 32
        )
        self._prepare(adapter, "test")
        executions, run = self._loop("test", adapter)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(
                callbacks, model=model, add_progbar=verbose != 0,
                verbose=verbose, epochs=1, steps=adapter.num_batches,
                mode="test",
            )
        callbacks.on_test_begin()
        model.reset_metrics()
        state, logs = self._pull("test"), {}
        try:
            step = 0
            for count, args, _ in executions:
                callbacks.on_test_batch_begin(step)
                logs, state = run(count, state, args)
                step += count
                callbacks.on_test_batch_end(step - 1, logs)
        finally:
            self._push("test", state)
        logs = _to_python(logs)
        callbacks.on_test_end(logs)
        return logs

    def predict(self, x, batch_size, verbose, callbacks):
        model = self.model
        adapter = ArrayDataAdapter(x, batch_size=batch_size or 32)
        self._prepare(adapter, "predict")
        executions, run = self._loop("predict", adapter)
        callbacks = CallbackList(
            callbacks, model=model, add_progbar=verbose != 0,
            verbose=verbose, epochs=1, steps=adapter.num_batches,
            mode="predict",
        )
        callbacks.on_predict_begin()
        trainable, non_trainable = self._pull("predict")
        results, step = [], 0
        for count, args, num_real in executions:
            callbacks.on_predict_batch_begin(step)
            outputs, non_trainable = run(
                count, (trainable, non_trainable), args
            )
            results.append((outputs, count, num_real))
            step += count
            callbacks.on_predict_batch_end(step - 1, {"outputs": outputs})
        self._push("predict", (trainable, non_trainable))
        callbacks.on_predict_end()
        return _concatenate_outputs(results)

    # -------------------------------------------------- single batches
    def run_on_batch(self, kind, x, y=None, sample_weight=None,
                     class_weight=None):
        sample_weight = _merge_class_weight(y, sample_weight, class_weight)
        adapter = ArrayDataAdapter(x, y, sample_weight, batch_size=2**62)
        self._prepare(adapter, kind)
        (index, mask, _), = adapter.index_batches()
        data = adapter.take_flat(index)
        step_fn = self._function(kind, False, adapter.structure)
        if kind == "predict":
            trainable, non_trainable = self._pull("predict")
            outputs, non_trainable = step_fn(
                (trainable, non_trainable), data, None, mask
            )
            self._push("predict", (trainable, non_trainable))
            return tree.map_structure(np.asarray, outputs)
        # As in Keras, each call reports its own batch: metrics restart.
        self.model.reset_metrics()
        state = self._pull(kind)
        logs = {}
        try:
            logs, state = step_fn(state, data, None, mask)
        finally:
            self._push(kind, state)
        return _to_python(logs)
