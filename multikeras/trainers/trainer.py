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
from multikeras.trainers import loop_args
from multikeras.trainers import steps as steps_lib
from multikeras.trainers.data_adapters import ArrayDataAdapter
from multikeras.trainers.data_adapters import check_class_weight
from multikeras.trainers.data_adapters import get_data_adapter
from multikeras.trainers.data_adapters import is_stream
from multikeras.trainers.data_adapters import split_validation
from multikeras.trainers.data_adapters import unpack_x_y_sample_weight
from multikeras.trainers.epoch_iterator import EpochIterator

# The public loop that runs each kind of step, for error messages.
_METHODS = {"train": "fit", "test": "evaluate", "predict": "predict"}


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


def _no_batch(method, iterator, epoch=None):
    """The error of a loop (or epoch) that got no batch at all."""
    when = "the run" if epoch is None else f"epoch {epoch + 1}"
    if iterator.adapter.reiterable:
        return f"{method}: {when} got no batch."
    steps_arg = {"fit": "steps_per_epoch", "validation": "validation_steps"}
    return (
        f"{method}: {when} got no batch: the generator is exhausted. A "
        "Python generator can be iterated only once, and earlier epochs or "
        "runs used all its batches. Make it loop forever and pass "
        f"`{steps_arg.get(method, 'steps')}`, or use a "
        "multikeras.utils.PyDataset."
    )


class Trainer:
    """Runs the loops of one model; owns its compiled step functions."""

    def __init__(self, model):
        self.model = model
        self._functions = {}
        self._fit_adapter = None  # the training data of the running fit

    def reset(self):
        """Forgets compiled functions (after compile() changes the step)."""
        self._functions.clear()

    # ------------------------------------------------ resuming a fit
    def data_state(self):
        """The shuffling state of the running fit's training data (None
        outside fit, or for data that is not shuffled by multikeras):
        `BackupAndRestore` stores it to resume a fit exactly."""
        rng = getattr(self._fit_adapter, "_rng", None)
        return None if rng is None else rng.bit_generator.state

    def set_data_state(self, state):
        """Restores a `data_state()` in the running fit."""
        rng = getattr(self._fit_adapter, "_rng", None)
        if rng is not None and state is not None:
            rng.bit_generator.state = state

    # ---------------------------------------------------------- state
    def _variables(self, kind):
        m = self.model
        groups = [m.trainable_variables, m.non_trainable_variables]
        if kind == "train":
            groups.append([
                v for optimizer in steps_lib.optimizers_of(m)
                for v in optimizer.variables
            ])
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
        step_fn = steps_lib.step_function(
            model, kind, lambda: self._variables(kind)
        )

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
        function = step if steps == 1 else many_steps
        if not getattr(model, "run_eagerly", False):
            function = backend.active.compile(function, donate_argnums=donate)
        self._functions[key] = self._restarting(kind, function)
        return self._functions[key]

    def _restarting(self, kind, function):
        """`function`, called again with a rebuilt state when a user's step
        created state variables while traced (`steps.StateChanged`): an
        optimizer or a layer built on its first use."""

        def call(state, *args):
            for _ in range(3):
                try:
                    return function(state, *args)
                except steps_lib.StateChanged as changed:
                    state = self._rebuild_state(kind, changed.groups, state)
            try:
                return function(state, *args)
            except steps_lib.StateChanged:
                raise RuntimeError(
                    f"{kind}_step creates new variables every time it "
                    "runs (a layer, optimizer or metric created inside the "
                    "step?): create them once, in __init__ or build()."
                ) from None

        return call

    def _rebuild_state(self, kind, groups, state):
        """`state` for the current variables of `kind`: the passed values
        by variable (from `groups`, the variables they belong to), the
        variables' own values for new variables, and for a group whose
        variables are unknown and whose size changed."""
        current = self._variables(kind)
        if groups is None:
            return tuple(
                list(values) if len(values) == len(group)
                else [v.value for v in group]
                for group, values in zip(current, state)
            )
        known = {
            id(v): value
            for group, values in zip(groups, state)
            for v, value in zip(group, values)
        }
        return tuple(
            [known.get(id(v), v.value) for v in group] for group in current
        )

    def _loop(self, kind, iterator):
        """`(executions, run)` for one epoch of `iterator` (an
        `EpochIterator`); `run(count, state, args)` calls the compiled
        function for `count` steps."""
        steps = self.model.steps_per_execution
        structure = iterator.adapter.structure
        single = self._function(kind, iterator.gather, structure)
        many = (
            self._function(kind, iterator.gather, structure, steps)
            if steps > 1 else None
        )

        def run(count, state, args):
            return (many if count > 1 else single)(state, *args)

        return iterator.executions(), run

    # ------------------------------------------------------ preparing
    def _prepare(self, adapter, kind, class_weight=None, method=None):
        """Builds the model, optimizer and metrics outside any trace, and
        checks the data against the model."""
        model = self.model
        if kind != "predict" and not model.compiled:
            raise ValueError(
                "You must call compile() on the model before "
                f"{'fit' if kind == 'train' else 'evaluate'}()."
            )
        sample = adapter.first_batch()
        x, y = sample[0], sample[1] if len(sample) > 1 else None
        method = method or _METHODS[kind]
        loop_args.check_input_names(model, x, method)
        needs_metrics = kind != "predict" and not model._metrics_built()
        if not model.built and not model._has_call():
            # Nothing to call (a GAN whose train_step drives two models):
            # its layers build on first use, inside the step.
            model.built = True
        if not model.built or needs_metrics:
            y_pred = model(x)  # eager, on one real batch: builds everything
            model._clear_losses()
            if needs_metrics:
                model._build_metrics(y, y_pred)
        if kind == "train" and not model.optimizer.built and (
            model.trainable_variables
        ):
            # (With no variables yet, a custom step builds its layers and
            # then the optimizer, on its first `apply`.)
            model.optimizer.build(model.trainable_variables)
        if class_weight is not None:
            loop_args.check_class_weight_classes(model, class_weight, x)

    # ----------------------------------------------------------- loops
    def fit(self, x, y, batch_size, epochs, verbose, callbacks,
            validation_split, validation_data, shuffle, class_weight,
            sample_weight, initial_epoch, validation_batch_size,
            validation_freq, steps_per_epoch=None, validation_steps=None):
        model = self.model
        loop_args.check_epochs(epochs, initial_epoch)
        validation_freq = loop_args.check_validation_freq(validation_freq)
        if class_weight is not None:
            class_weight = check_class_weight(class_weight)
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = split_validation(
                x, y, sample_weight, validation_split
            )
        adapter = get_data_adapter(
            x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
            class_weight=class_weight, seed=make_seed(), method="fit",
        )
        self._fit_adapter = adapter
        iterators = []
        try:
            self._prepare(adapter, "train", class_weight)
            iterator = EpochIterator(
                adapter, steps_per_epoch, model.steps_per_execution, "fit",
                persistent=True, steps_arg="steps_per_epoch",
            )
            iterators.append(iterator)
            val_iterator = None
            if validation_data is not None:
                val_iterator = self._validation_iterator(
                    validation_data, validation_batch_size or batch_size,
                    validation_steps,
                )
                iterators.append(val_iterator)
            callbacks = CallbackList(
                callbacks, model=model, add_history=True,
                add_progbar=verbose != 0, verbose=verbose, epochs=epochs,
                steps=iterator.num_steps,
            )
            self._fit_epochs(iterator, val_iterator, callbacks, epochs,
                             initial_epoch, validation_freq)
        finally:
            self._fit_adapter = None
            for it in iterators:
                it.close()
            adapter.close()
        return model.history

    def _fit_epochs(self, iterator, val_iterator, callbacks, epochs,
                    initial_epoch, validation_freq):
        model = self.model
        model.stop_training = False
        batch_sync = callbacks.needs_batch_sync
        callbacks.on_train_begin()
        # A callback resuming an interrupted fit (BackupAndRestore) says
        # where, in Keras's `model._initial_epoch` (+ steps done in it).
        if getattr(model, "_initial_epoch", None) is not None:
            initial_epoch = model._initial_epoch
        skip = getattr(model, "_initial_step", None) or 0
        model._initial_epoch = model._initial_step = None
        state, logs, epoch_logs = None, {}, {}
        try:
            for epoch in range(initial_epoch, epochs):
                model.reset_metrics()
                callbacks.on_epoch_begin(epoch)
                state = self._pull("train")
                executions, run = self._loop("train", iterator)
                step = 0
                for count, args, _ in executions:
                    if step + count <= skip:  # ran before the interruption
                        step += count
                        continue
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
                state, skip = None, 0
                if iterator.ran_out:
                    iterator.warn_ran_out()
                    model.stop_training = True
                    if step == 0:
                        break
                if step == 0:
                    raise ValueError(_no_batch("fit", iterator, epoch))
                epoch_logs = _to_python(logs)
                if val_iterator is not None and loop_args.should_validate(
                    epoch, validation_freq
                ):
                    # As in Keras, fit's callbacks see validation's on_test_*
                    # hooks.
                    val_logs = self._run_test(val_iterator, callbacks,
                                              "validation")
                    epoch_logs.update(
                        {f"val_{k}": v for k, v in val_logs.items()}
                    )
                callbacks.on_epoch_end(epoch, epoch_logs)
                if model.stop_training:
                    break
        finally:
            if state is not None:
                self._push("train", state)
        # As in Keras: with `use_ema`, the model ends with the averages.
        finalize = getattr(model.optimizer, "finalize_variable_values", None)
        if finalize is not None and epochs > initial_epoch:
            finalize(model.trainable_weights)
        callbacks.on_train_end(epoch_logs)

    def _validation_iterator(self, validation_data, batch_size, steps):
        if is_stream(validation_data):
            vx, vy, vsw = validation_data, None, None
        else:
            if not isinstance(validation_data, (list, tuple)) or not (
                2 <= len(validation_data) <= 3
            ):
                raise ValueError(
                    "fit: `validation_data` must be a tuple (x_val, y_val) "
                    "or (x_val, y_val, val_sample_weight), a generator or a "
                    "multikeras.utils.PyDataset. Received: "
                    f"{type(validation_data).__name__}"
                    + (f" of {len(validation_data)} elements"
                       if isinstance(validation_data, (list, tuple)) else "")
                )
            vx, vy, vsw = unpack_x_y_sample_weight(tuple(validation_data))
        adapter = get_data_adapter(vx, vy, vsw, batch_size=batch_size,
                                   method="validation")
        try:
            self._prepare(adapter, "test", method="validation")
            return EpochIterator(
                adapter, steps, self.model.steps_per_execution,
                "validation", steps_arg="validation_steps",
            )
        except BaseException:
            adapter.close()
            raise

    def evaluate(self, x, y, batch_size, verbose, sample_weight, callbacks,
                 steps=None):
        model = self.model
        adapter = get_data_adapter(x, y, sample_weight, batch_size=batch_size,
                                   method="evaluate")
        try:
            self._prepare(adapter, "test")
            iterator = EpochIterator(adapter, steps,
                                     model.steps_per_execution, "evaluate")
            if not isinstance(callbacks, CallbackList):
                callbacks = CallbackList(
                    callbacks, model=model, add_progbar=verbose != 0,
                    verbose=verbose, epochs=1, steps=iterator.num_steps,
                    mode="test",
                )
            return self._run_test(iterator, callbacks, "evaluate")
        finally:
            adapter.close()

    def _run_test(self, iterator, callbacks, method):
        """One evaluation run over `iterator`; returns the logs."""
        model = self.model
        executions, run = self._loop("test", iterator)
        callbacks.on_test_begin()
        model.reset_metrics()
        state, logs, step = self._pull("test"), {}, 0
        try:
            for count, args, _ in executions:
                callbacks.on_test_batch_begin(step)
                logs, state = run(count, state, args)
                step += count
                callbacks.on_test_batch_end(step - 1, logs)
        finally:
            self._push("test", state)
        if step == 0:
            raise ValueError(_no_batch(method, iterator))
        logs = _to_python(logs)
        callbacks.on_test_end(logs)
        return logs

    def predict(self, x, batch_size, verbose, callbacks, steps=None):
        model = self.model
        adapter = get_data_adapter(x, batch_size=batch_size, method="predict")
        try:
            self._prepare(adapter, "predict")
            iterator = EpochIterator(adapter, steps,
                                     model.steps_per_execution, "predict")
            executions, run = self._loop("predict", iterator)
            callbacks = CallbackList(
                callbacks, model=model, add_progbar=verbose != 0,
                verbose=verbose, epochs=1, steps=iterator.num_steps,
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
                callbacks.on_predict_batch_end(step - 1,
                                               {"outputs": outputs})
            self._push("predict", (trainable, non_trainable))
        finally:
            adapter.close()
        if not results:
            raise ValueError(_no_batch("predict", iterator))
        callbacks.on_predict_end()
        return _concatenate_outputs(results)

    # -------------------------------------------------- single batches
    def run_on_batch(self, kind, x, y=None, sample_weight=None,
                     class_weight=None):
        if class_weight is not None:
            class_weight = check_class_weight(class_weight)
        adapter = ArrayDataAdapter(
            x, y, sample_weight, batch_size=2**62, class_weight=class_weight
        )
        self._prepare(adapter, kind, class_weight)
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
