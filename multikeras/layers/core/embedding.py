"""`Embedding`: integer indices to dense vectors."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.backend.common.symbolic import KerasTensor
from multikeras.layers.core import lora
from multikeras.layers.core._objects import get_callable
from multikeras.layers.layer import Layer
from multikeras.saving.registry import serialize_object
from multikeras.typing import Config
from multikeras.typing import InitializerLike
from multikeras.typing import Shape
from multikeras.typing import Tensor
from multikeras.typing import TensorFn

if TYPE_CHECKING:
    from typing_extensions import Self


def _check_dim(layer_name: str, arg: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"Embedding layer {layer_name!r}: `{arg}` must be a positive "
            f"int. Received: {arg}={value!r} (of type "
            f"{type(value).__name__})."
        )


@export("multikeras.layers.Embedding")
class Embedding(Layer):
    """Maps non-negative integer indices to rows of a trainable matrix.

    `output[..., :] = embeddings[inputs[...]]`: the `embeddings` weight has
    shape `(input_dim, output_dim)`. Inputs are cast to int32 when they are
    not integers.

    Args:
        input_dim: positive int, the vocabulary size (largest index + 1).
        output_dim: positive int, the size of each vector.
        embeddings_initializer: defaults to "uniform" (uniform on
            [-0.05, 0.05]).
        embeddings_regularizer: optional penalty on the matrix.
        embeddings_constraint: optional constraint on the matrix.
        mask_zero: if True, index 0 is padding: the output carries a mask
            `inputs != 0` that later layers (RNNs, attention, pooling)
            use. Index 0 then cannot be a word (`input_dim` = vocabulary
            + 1).
        weights: optional initial matrix `(input_dim, output_dim)` (or a
            one-element list of it); the layer is then built at once.
        lora_rank, lora_alpha: LoRA on the matrix, as in `Dense`
            (`lora_embeddings_a` / `lora_embeddings_b`).
        quantization_config: must be None.

    Input shape:
        `(batch_size, ...)` integers.

    Output shape:
        `(batch_size, ..., output_dim)`.

    Example:
    >>> layer = Embedding(10, 3, mask_zero=True)
    >>> out = layer(np.array([[1, 2, 0]]))
    >>> out.shape
    (1, 3, 3)
    >>> np.asarray(layer.compute_mask(np.array([[1, 2, 0]])))
    array([[ True,  True, False]])
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: InitializerLike = "uniform",
        embeddings_regularizer: TensorFn | None = None,
        embeddings_constraint: TensorFn | None = None,
        mask_zero: bool = False,
        weights: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        # Keras 2's `input_length` is accepted and ignored, as in Keras 3.
        kwargs.pop("input_length", None)
        regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(
            activity_regularizer=get_callable("regularizers", regularizer),
            **kwargs,
        )
        _check_dim(self.name, "input_dim", input_dim)
        _check_dim(self.name, "output_dim", output_dim)
        lora.check_lora_args(self.name, lora_rank, lora_alpha)
        lora.check_quantization_config(self.name, quantization_config)
        self.input_dim = input_dim
        self.output_dim = output_dim
        if embeddings_initializer == "uniform":
            # Keras's "uniform" alias: RandomUniform(-0.05, 0.05).
            embeddings_initializer = initializers.RandomUniform()
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = get_callable(
            "regularizers", embeddings_regularizer
        )
        self.embeddings_constraint = get_callable(
            "constraints", embeddings_constraint
        )
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        # Indices must not be cast to a float compute dtype.
        self.autocast = False
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = quantization_config
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape: Shape | None = None) -> None:
        if self.built:
            return
        self._embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            name="embeddings",
        )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def embeddings(self) -> Tensor:
        """The matrix in use: the stored one, plus the LoRA update."""
        if not self.built:
            raise AttributeError(
                f"Embedding layer {self.name!r} has no embeddings before it "
                "is built."
            )
        return lora.adapted(self, self._embeddings, "lora_embeddings")

    def enable_lora(
        self,
        rank: int,
        lora_alpha: float | None = None,
        a_initializer: InitializerLike = "he_uniform",
        b_initializer: InitializerLike = "zeros",
    ) -> None:
        """Freezes the matrix and adds `lora_embeddings_a`
        `(input_dim, rank)` and `lora_embeddings_b` `(rank, output_dim)`."""
        lora.enable_lora(
            self, "_embeddings", "lora_embeddings", rank, lora_alpha,
            a_initializer, b_initializer,
            constraint=self.embeddings_constraint,
            regularizer=self.embeddings_regularizer,
        )  # fmt: skip

    def call(self, inputs: Tensor) -> Tensor:
        if str(inputs.dtype) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(self.embeddings, inputs, axis=0)
        return ops.cast(outputs, self.compute_dtype)

    def compute_mask(self, inputs: Tensor, previous_mask: Any = None) -> Any:
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (*input_shape, self.output_dim)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> KerasTensor:
        shape = self.compute_output_shape(tuple(args[0].shape))
        return KerasTensor(shape, self.compute_dtype)

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": serialize_object(
                self.embeddings_initializer
            ),
            "embeddings_regularizer": serialize_object(
                self.embeddings_regularizer
            ),
            "activity_regularizer": serialize_object(
                self.activity_regularizer
            ),
            "embeddings_constraint": serialize_object(
                self.embeddings_constraint
            ),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
            **lora.lora_config(self),
        }

    @classmethod
    def from_config(cls, config: Config) -> Self:
        config = dict(config)
        if isinstance(config.get("embeddings_initializer"), dict):
            config["embeddings_initializer"] = initializers.deserialize(
                config["embeddings_initializer"]
            )
        return cls(**config)
