"""`Model`: a Layer you can compile, fit, evaluate and predict with.

Three ways to make one, as in Keras:
- Functional: `Model(inputs, outputs)` on `Input` tensors; the model owns a
  `FunctionalGraph` and its `call` replays it.
- Subclassing: define layers in `__init__` and the forward pass in `call`.
- `Sequential` (its own module), a stack of layers.

The training loops live in `multikeras.trainers.Trainer` (their public
API in `model_loops.py`); the model keeps what `compile()` was given and
the overridable steps.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from multikeras import ops
from multikeras import optimizers
from multikeras.api_export import export
from multikeras.backend import get_uid
from multikeras.backend.common import tree
from multikeras.backend.common.scopes import StatelessScope
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.call_conventions import call_signature
from multikeras.layers.layer import Layer
from multikeras.layers.shape_utils import map_shapes
from multikeras.metrics.reduction import Mean
from multikeras.models.functional import FunctionalGraph
from multikeras.models.model_loops import TrainingLoops
from multikeras.models.summary import print_summary
from multikeras.saving.model_methods import SavingMethods
from multikeras.trainers import steps
from multikeras.trainers.compile_utils import CompileLoss
from multikeras.trainers.compile_utils import CompileMetrics
from multikeras.trainers.trainer import Trainer
from multikeras.typing import Config
from multikeras.typing import Logs
from multikeras.typing import Tensor
from multikeras.typing import TensorTree

if TYPE_CHECKING:
    from typing_extensions import Self

    from multikeras.backend.common.variables import Variable
    from multikeras.callbacks.history import History
    from multikeras.metrics.metric import Metric
    from multikeras.optimizers.optimizer import Optimizer

# The state a step function takes and returns: lists of values for the
# model's (and optimizer's, metrics') variables.
StepState = tuple[Sequence[Tensor], ...]


@export("multikeras.Model", "multikeras.models.Model")
class Model(TrainingLoops, SavingMethods, Layer):
    """Groups layers into an object with training and inference features.

    Functional API:

    >>> inputs = multikeras.Input(shape=(8,))
    >>> hidden = multikeras.layers.Dense(16, activation="relu")(inputs)
    >>> outputs = multikeras.layers.Dense(2)(hidden)
    >>> model = multikeras.Model(inputs, outputs)

    Subclassing:

    >>> class MyModel(multikeras.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.dense = multikeras.layers.Dense(2)
    ...     def call(self, inputs):
    ...         return self.dense(inputs)

    Args (functional):
        inputs: an `Input` tensor, or a list or dict of them.
        outputs: the output tensor(s): one, a list, or a dict.
        name: the model's name.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        if (inputs is None) != (outputs is None):
            raise ValueError(
                "A functional Model needs both `inputs` and `outputs`. "
                f"Received: inputs={inputs!r}, outputs={outputs!r}"
            )
        self._graph: FunctionalGraph | None = None
        if inputs is not None:
            if kwargs.get("name") is None:
                uid = get_uid("functional")
                kwargs["name"] = "functional" if uid == 1 else (
                    f"functional_{uid - 1}"
                )
            super().__init__(**kwargs)
            self._graph = FunctionalGraph(inputs, outputs, self.name)
            self._layers = list(self._graph.layers)
            self.built = True
        else:
            super().__init__(**kwargs)
        self.optimizer: Optimizer | None = None
        self.steps_per_execution = 1
        self.compiled = False
        self.stop_training = False
        self.history: History | None = None
        self._compile_loss: CompileLoss | None = None
        self._compile_metrics: CompileMetrics | None = None
        self._loss_tracker: Mean | None = None
        self._losses_override: list[Tensor] | None = None
        self._trainer = Trainer(self)

    # ----------------------------------------------------- forward pass
    def call(
        self, inputs: TensorTree, training: bool | None = None
    ) -> TensorTree:
        if self._graph is None:
            raise NotImplementedError(
                f"Model {type(self).__name__} has no `call`: subclassed "
                "models must define call(self, inputs), or be built as "
                "Model(inputs, outputs)."
            )
        return self._graph.run(inputs)

    def _has_call(self):
        """Whether the model defines a forward pass (a GAN that only
        drives its generator and discriminator in train_step does not)."""
        return self._graph is not None or type(self).call is not Model.call

    def _call_has_training_arg(self):
        return call_signature(self).accepts_training

    def build(self, input_shape: Any = None) -> None:
        """Builds a subclassed model by calling it on placeholders."""
        if self._graph is not None or input_shape is None:
            self.built = True
            return
        self._record_build_shape(input_shape)
        placeholders = map_shapes(
            lambda s: KerasTensor(s, self.compute_dtype), input_shape
        )
        self.built = True
        Layer.compute_output_spec(self, placeholders)

    @property
    def inputs(self) -> Any:
        return None if self._graph is None else self._graph.inputs

    @property
    def outputs(self) -> Any:
        return None if self._graph is None else self._graph.outputs

    @property
    def input_shape(self) -> Any:
        inputs = self.inputs
        return None if inputs is None else tree.map_structure(
            lambda t: t.shape, inputs
        )

    @property
    def output_shape(self) -> Any:
        outputs = self.outputs
        return None if outputs is None else tree.map_structure(
            lambda t: t.shape, outputs
        )

    @property
    def output_names(self) -> list[str]:
        """One name per output: the dict keys, or the producing layers."""
        outputs = self.outputs
        if outputs is None:
            return ["output"]
        if isinstance(outputs, dict):
            return sorted(outputs)
        names: list[str] = []
        for tensor in tree.flatten(outputs):
            operation = tensor._history[0].operation
            names.append(getattr(operation, "name", "")
                         or getattr(operation, "__name__", "output"))
        return names

    def get_layer(
        self, name: str | None = None, index: int | None = None
    ) -> Layer:
        """A sublayer by name or by index in `layers`."""
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(
                    f"Model {self.name!r} has {len(self.layers)} layers; "
                    f"index {index} is out of range."
                )
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No layer named {name!r} in model {self.name!r}. Layers: "
            f"{[layer.name for layer in self.layers]}"
        )

    def summary(
        self,
        line_length: int | None = None,
        positions: Sequence[float] | None = None,
        print_fn: Callable[..., Any] | None = None,
        expand_nested: bool = False,
        show_trainable: bool = False,
        layer_range: Sequence[str] | None = None,
    ) -> None:
        """Prints a table of layers, output shapes and parameter counts."""
        print_summary(self, line_length=line_length, positions=positions,
                      print_fn=print_fn, show_trainable=show_trainable)

    # ------------------------------------------------------- compiling
    def compile(
        self,
        optimizer: str | Optimizer | Config = "rmsprop",
        loss: Any = None,
        loss_weights: Any = None,
        metrics: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: bool | str = "auto",
        auto_scale_loss: bool = True,
    ) -> None:
        """Configures the model for training.

        Args:
            optimizer: name, `Optimizer` instance or config dict; on
                JAX also any optax `GradientTransformation`.
            loss: a loss (name, function or `Loss`) for every output, or a
                list or dict with one per output.
            loss_weights: scalars weighting each output's loss.
            metrics: metric names, functions or `Metric`s (a list, or a
                list/dict per output). "accuracy" picks binary, categorical
                or sparse accuracy from the targets and the loss.
            weighted_metrics: metrics that use `sample_weight`.
            steps_per_execution: steps run per compiled call, as one
                `scan` over stacked batches (fewer dispatches; callbacks'
                batch hooks then run once per call).
        """
        if not isinstance(steps_per_execution, int) or (
            steps_per_execution < 1
        ):
            raise ValueError(
                "compile: `steps_per_execution` must be a positive int. "
                f"Received: steps_per_execution={steps_per_execution!r}"
            )
        self.steps_per_execution = steps_per_execution
        self.optimizer = optimizers.get(optimizer)
        self._record_compile_config(
            optimizer=self.optimizer, loss=loss, loss_weights=loss_weights,
            metrics=metrics, weighted_metrics=weighted_metrics,
            run_eagerly=run_eagerly,
            steps_per_execution=steps_per_execution, jit_compile=jit_compile,
        )
        names = self.output_names
        self._compile_loss = (
            None if loss is None else CompileLoss(loss, loss_weights, names)
        )
        self._compile_metrics = None
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = CompileMetrics(
                metrics, weighted_metrics, names,
                self._compile_loss.losses if self._compile_loss else None,
            )
        self._loss_tracker = Mean(name="loss")
        self.run_eagerly = run_eagerly
        self.compiled = True
        self._trainer.reset()

    @property
    def metrics(self) -> list[Metric]:
        """The loss tracker, per-output loss trackers, compiled metrics."""
        if not self.compiled or self._loss_tracker is None:
            return []
        metrics: list[Metric] = [self._loss_tracker]
        if self._compile_loss is not None:
            metrics += self._compile_loss.trackers
        if self._compile_metrics is not None:
            metrics.append(self._compile_metrics)
        return metrics

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self) -> list[Variable]:
        return [v for m in self.metrics for v in m.variables]

    def reset_metrics(self) -> None:
        for metric in self.metrics:
            metric.reset_state()

    def _metrics_built(self):
        return self._compile_metrics is None or self._compile_metrics.built

    def _build_metrics(self, y, y_pred):
        metrics = self._compile_metrics
        if metrics is not None and not metrics.built:
            metrics.build(y, y_pred)

    def _update_metric(self, metric, state, loss, per_output, y, y_pred,
                       sample_weight):
        """How the default steps feed each of `self.metrics`; `per_output`
        holds the per-output losses the step already computed."""
        if metric is self._loss_tracker:
            return metric.stateless_update_state(
                state, loss, sample_weight=_num_real_samples(y_pred)
            )
        if self._compile_loss is not None and (
            metric in self._compile_loss.trackers
        ):
            index = self._compile_loss.trackers.index(metric)
            return metric.stateless_update_state(
                state, per_output[index],
                sample_weight=_num_real_samples(y_pred),
            )
        return metric.stateless_update_state(state, y, y_pred, sample_weight)

    def compute_loss(
        self,
        x: TensorTree = None,
        y: TensorTree = None,
        y_pred: TensorTree = None,
        sample_weight: TensorTree = None,
        training: bool = True,
    ) -> Tensor:
        """The compiled loss plus the losses added by layers (a scalar)."""
        return self._compute_loss_parts(x, y, y_pred, sample_weight)[0]

    def stateless_compute_loss(
        self,
        trainable_variables: Sequence[Tensor],
        non_trainable_variables: Sequence[Tensor],
        metrics_variables: Sequence[Tensor],
        x: TensorTree = None,
        y: TensorTree = None,
        y_pred: TensorTree = None,
        sample_weight: TensorTree = None,
        training: bool = True,
    ) -> tuple[Tensor, StepState]:
        """`compute_loss` as a pure function of explicit state.

        Runs `compute_loss` with the model's variables (and metrics')
        standing for the given values, so that weight regularizers see the
        values being differentiated: use it inside the loss function of a
        pure `train_step(self, state, data)`.

        Returns:
            `(loss, (trainable_variables, non_trainable_variables,
            metrics_variables))`, the last two as updated by the call.
        """
        refs = (self.trainable_variables, self.non_trainable_variables,
                self.metrics_variables)
        values = (trainable_variables, non_trainable_variables,
                  metrics_variables)
        mapping = []
        for group, given, label in zip(refs, values, (
            "trainable_variables", "non_trainable_variables",
            "metrics_variables",
        )):
            if len(group) != len(given):
                raise ValueError(
                    f"Model {self.name!r}: stateless_compute_loss expects "
                    f"{len(group)} {label}, received {len(given)}."
                )
            mapping += list(zip(group, given))
        with StatelessScope(mapping) as scope:
            loss = self.compute_loss(x, y, y_pred, sample_weight,
                                     training=training)
        return loss, (
            list(trainable_variables),
            [scope.get_current_value(v) for v in refs[1]],
            [scope.get_current_value(v) for v in refs[2]],
        )

    def compute_metrics(
        self,
        x: TensorTree,
        y: TensorTree,
        y_pred: TensorTree,
        sample_weight: TensorTree = None,
    ) -> Logs:
        """Updates the metrics given to `compile()`; returns every metric's
        result (`get_metrics_result()`), for a stateful `train_step`.

        The loss tracker is not updated here: update it with
        `metric.update_state(loss)` (see `train_step`).
        """
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self) -> Logs:
        """The current result of each metric in `metrics`, as a dict."""
        logs: Logs = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    def _compute_loss_parts(self, x, y, y_pred, sample_weight):
        """`(total loss, per-output compiled losses)`."""
        total, per_output = 0.0, []
        if self._compile_loss is not None:
            total, per_output = self._compile_loss(y, y_pred, sample_weight)
        extra = self._losses_override
        if extra is None:
            extra = self.losses
        for loss in extra:
            total = total + ops.cast(loss, "float32")
        if self._compile_loss is None and not extra:
            raise ValueError(
                "No loss to compute: pass `loss` to compile(), or add losses "
                "in the model with add_loss()."
            )
        return ops.convert_to_tensor(total), per_output

    def _apply_constraints(self, trainable_values):
        out = []
        for variable, value in zip(self.trainable_variables, trainable_values):
            constraint = getattr(variable, "constraint", None)
            out.append(value if constraint is None else constraint(value))
        return out

    # ------------------------------------------------ overridable steps
    def train_step(
        self, state: StepState, data: TensorTree
    ) -> tuple[Logs, StepState]:
        """One training step; override it to customize `fit()`.

        Write it once, in either of two styles; the trainer tells them apart
        by the signature, compiles it on JAX and runs the same code eagerly
        on NumPy (whose missing gradients raise a clear error).

        Pure, `train_step(self, state, data) -> (logs, state)`, as in
        Keras's JAX guide. `state` is `(trainable_variables,
        non_trainable_variables, optimizer_variables, metrics_variables)`,
        lists of values in the order of `trainable_variables`,
        `non_trainable_variables`, the optimizers' `variables` and
        `metrics_variables`. `optimizer_variables` holds
        `self.optimizer.variables`, then those of any other `Optimizer`
        set as an attribute of the model, in the order they were set
        (build such an optimizer before `fit`). Compute with
        `self.stateless_call`, `self.stateless_compute_loss`,
        `multikeras.ops.value_and_grad`, `self.optimizer.stateless_apply`
        and `metric.stateless_update_state`.

        Stateful, `train_step(self, data) -> logs`, as in Keras's
        TensorFlow and PyTorch guides, with `ops.value_and_grad` over the
        variables instead of a gradient tape:

            def train_step(self, data):
                x, y = data

                def loss_fn(weights):
                    y_pred = self(x, training=True)
                    return self.compute_loss(x, y, y_pred), y_pred

                (loss, y_pred), grads = ops.value_and_grad(
                    loss_fn, has_aux=True)(self.trainable_variables)
                self.optimizer.apply(grads, self.trainable_variables)
                for metric in self.metrics:
                    if metric.name == "loss":
                        metric.update_state(loss)
                    else:
                        metric.update_state(y, y_pred)
                return {m.name: m.result() for m in self.metrics}

        examples/custom_train_step.py shows both styles in full, and
        examples/gan.py a step with two models and two optimizers.

        In both, every variable of the state reads as its value in the
        step and assignments become the new state (the trainer runs the
        step in a `StatelessScope`), so `SeedGenerator`s, optimizers built
        on their first `apply` and metrics all work; assigning a variable
        outside the state (a metric missing from `metrics`) is an error.

        The last batch of an epoch is padded to the batch size with real
        rows: losses from `compile()` and compiled metrics ignore the
        padding; a loss written by hand counts those rows again.
        """
        return steps.train_step(self, state, data)

    def test_step(
        self, state: StepState, data: TensorTree
    ) -> tuple[Logs, StepState]:
        """One evaluation step; override it to customize `evaluate()`.

        Pure: `test_step(self, state, data) -> (logs, state)` with
        `state = (trainable, non_trainable, metrics)` values. Stateful:
        `test_step(self, data) -> logs`. See `train_step`.
        """
        return steps.test_step(self, state, data)

    def predict_step(
        self, state: StepState, data: TensorTree
    ) -> tuple[TensorTree, Sequence[Tensor]]:
        """One inference step; override it to customize `predict()`.

        Pure: `predict_step(self, state, data) -> (outputs,
        non_trainable)` with `state = (trainable, non_trainable)` values.
        Stateful: `predict_step(self, data) -> outputs`. See `train_step`.
        """
        return steps.predict_step(self, state, data)

    def get_config(self) -> Config:
        """Functional models: Keras's layers-and-inbound-nodes config.
        Subclassed models: name and trainable (override to add more)."""
        if self._graph is None:
            return {"name": self.name, "trainable": self.trainable}
        from multikeras.models.functional_config import get_functional_config

        return get_functional_config(self)

    @classmethod
    def from_config(
        cls, config: Config, custom_objects: dict[str, Any] | None = None
    ) -> Self:
        if "layers" in config and "input_layers" in config:
            from multikeras.models.functional_config import (
                functional_from_config,
            )

            return functional_from_config(cls, config, custom_objects)
        return cls(**config)

def _num_real_samples(y_pred):
    from multikeras.backend.common import scopes

    mask = scopes.get_padding_mask()
    if mask is not None:
        return ops.sum(mask)
    return ops.cast(tree.flatten(y_pred)[0].shape[0], "float32")

