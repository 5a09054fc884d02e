"""`SpectralNormalization`: divides a wrapped layer's kernel by its
largest singular value, estimated by power iteration."""

from __future__ import annotations

from typing import Any

from multikeras import initializers
from multikeras import ops
from multikeras.api_export import export
from multikeras.layers.core.wrapper import Wrapper
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.ops.control_flow import cond
from multikeras.typing import Config
from multikeras.typing import Tensor


@export("multikeras.layers.SpectralNormalization")
class SpectralNormalization(Wrapper):
    """Constrains the spectral norm of the wrapped layer's kernel to 1.

    In training, each call runs `power_iterations` steps of the power
    method on the kernel, reshaped to `(-1, kernel.shape[-1])` as `W`:

    - `v = normalize(u @ W.T)`, `u = normalize(v @ W)`
    - `sigma = v @ W @ u.T` (the largest singular value's estimate)

    then sets the kernel to `kernel / sigma` and keeps `u` (the
    non-trainable `vector_u`, of shape `(1, kernel.shape[-1])`) for the
    next call. Inside a compiled training step the normalized kernel is
    what the wrapped layer uses, and gradients flow through `sigma` to the
    kernel (`u` and `v` are held constant), as in Keras on JAX. In
    inference the wrapped layer runs unchanged. A kernel of all zeros is
    left as is.

    Args:
        layer: a layer with a `kernel` (Dense, Conv2D, ...) or an
            `embeddings` (Embedding) weight.
        power_iterations: int >= 1, power-method steps per call (1).

    Weights:
        The wrapped layer's kernel, `vector_u` (non-trainable), then the
        wrapped layer's other weights, in Keras's order.

    Example:
    >>> layer = SpectralNormalization(multikeras.layers.Dense(2))
    >>> layer(np.ones((1, 3)), training=True).shape
    (1, 2)
    >>> [w.name for w in layer.weights]
    ['kernel', 'vector_u', 'bias']

    Reference:
        Miyato et al., 2018, https://arxiv.org/abs/1802.05957
    """

    def __init__(
        self, layer: Layer, power_iterations: int = 1, **kwargs: Any
    ) -> None:
        super().__init__(layer, **kwargs)
        if isinstance(power_iterations, bool) or not isinstance(
            power_iterations, int
        ) or power_iterations < 1:  # fmt: skip
            raise ValueError(
                f"SpectralNormalization layer {self.name!r}: "
                "`power_iterations` must be a positive int. Received: "
                f"power_iterations={power_iterations!r}"
            )
        self.power_iterations = power_iterations

    def build(self, input_shape: Any = None) -> None:
        super().build(input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if kernel is None:
            raise ValueError(
                f"SpectralNormalization layer {self.name!r}: the wrapped "
                f"layer {type(self.layer).__name__} {self.layer.name!r} has "
                "no `kernel` nor `embeddings` weight to normalize."
            )
        # Tracked as this layer's own weight, so `weights` lists the kernel
        # first, then `vector_u`, as Keras does.
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]), name="vector_u",
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False, dtype=kernel.dtype,
        )  # fmt: skip

    def call(self, inputs: Tensor, training: bool = False) -> Tensor:
        if training:
            kernel = self.kernel.value
            new_u, new_kernel = cond(
                ops.all(ops.equal(kernel, 0)),
                lambda: (self.vector_u.value, kernel),
                self.normalized_weights,
            )
            self.vector_u.assign(new_u)
            self.kernel.assign(new_kernel)
        outputs = self.layer(inputs)
        return ops.cast(outputs, inputs.dtype)

    def normalized_weights(self) -> tuple[Tensor, Tensor]:
        """`(u, kernel / sigma)`: the next `vector_u` and the spectrally
        normalized kernel."""
        weights = ops.reshape(self.kernel.value, (-1, self.kernel_shape[-1]))
        u = self.vector_u.value
        v = u
        for _ in range(self.power_iterations):
            v = ops.normalize(ops.matmul(u, ops.transpose(weights)), axis=None)
            u = ops.normalize(ops.matmul(v, weights), axis=None)
        u, v = ops.stop_gradient(u), ops.stop_gradient(v)
        sigma = ops.matmul(ops.matmul(v, weights), ops.transpose(u))
        kernel = ops.reshape(weights / sigma, self.kernel_shape)
        return (
            ops.cast(u, self.vector_u.dtype),
            ops.cast(kernel, self.kernel.dtype),
        )

    def get_config(self) -> Config:
        return {
            **super().get_config(),
            "power_iterations": self.power_iterations,
        }
