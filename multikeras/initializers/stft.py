"""`STFT`: the windowed discrete Fourier basis, as a convolution kernel.

A 1-D convolution whose kernel is this basis computes a short-time Fourier
transform: each output channel is one frequency bin of one frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import backend
from multikeras import ops
from multikeras.api_export import export
from multikeras.initializers.initializers import Initializer
from multikeras.typing import Config
from multikeras.typing import DTypeLike
from multikeras.typing import Tensor

_SIDES = ("real", "imag")
_SCALINGS = (None, "density", "spectrum")


def _get_window(window: Any, length: int, periodic: bool) -> np.ndarray:
    # SciPy names many windows ("hann", ("kaiser", 8.0), ...); Keras takes
    # its names, so SciPy (already a dependency) builds them here too.
    import scipy.signal

    return scipy.signal.get_window(window, length, fftbins=periodic)


@export(
    "multikeras.initializers.STFT",
    "multikeras.initializers.STFTInitializer",
    "multikeras.initializers.stft",
)
class STFT(Initializer):
    """Kernel of a convolution computing a short-time Fourier transform.

    The shape is `(frame_length, input_channels, fft_length // 2 + 1)`:
    entry `[t, c, k]` is `cos(-2 pi t k / fft_length)` (`side="real"`) or
    `sin(-2 pi t k / fft_length)` (`side="imag"`), times `window[t]`, divided
    by the window's scale. Convolving a signal with it gives the real or the
    imaginary part of `rfft(window * frame) / scale` for each frame. Only
    the non-negative frequencies are kept: the others are their conjugates.
    (Keras returns one input channel whatever the shape asks; here the
    basis is repeated over `input_channels`.)

    Args:
        side: `"real"` (default) or `"imag"`: which part of the transform
            the kernel computes.
        window: a window name understood by `scipy.signal.get_window`
            (`"hann"`, the default, `"hamming"`, ...), the window's values
            as a 1-D array of length `frame_length`, or None for none.
        scaling: `"density"` (default) divides by the window's L2 norm,
            `"spectrum"` by its L1 norm (its sum of absolute values), None
            by nothing. Ignored without a window.
        periodic: whether a named window is periodic (the form for spectral
            analysis) rather than symmetric. Defaults to False.

    Example:
    >>> init = STFT(side="real", window=None, scaling=None)
    >>> kernel = np.asarray(init((4, 1, 3)))
    >>> frame = np.array([1.0, 2.0, 0.0, -1.0], dtype="float32")
    >>> frame @ kernel[:, 0, :]
    array([2., 1., 0.], dtype=float32)
    >>> bool(np.allclose(frame @ kernel[:, 0, :], np.fft.rfft(frame).real,
    ...                  atol=1e-6))
    True
    """

    def __init__(
        self,
        side: str = "real",
        window: Any = "hann",
        scaling: str | None = "density",
        periodic: bool = False,
    ) -> None:
        if side not in _SIDES:
            raise ValueError(
                f"STFT initializer: `side` must be one of {_SIDES}. "
                f"Received: side={side!r}"
            )
        if isinstance(window, list) and window and isinstance(
            window[0], str
        ):
            # ("kaiser", beta) comes back from a JSON config as a list.
            window = tuple(window)
        if isinstance(window, (str, tuple)):
            try:
                _get_window(window, 1, periodic)
            except (ValueError, TypeError) as error:
                raise ValueError(
                    "STFT initializer: `window` must name a window of "
                    "scipy.signal.get_window (e.g. 'hann', 'hamming'), "
                    "be an array of window values, or be None. "
                    f"Received: window={window!r} ({error})"
                ) from error
        if scaling not in _SCALINGS:
            raise ValueError(
                f"STFT initializer: `scaling` must be one of {_SCALINGS}. "
                f"Received: scaling={scaling!r}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(
        self, shape: Sequence[int], dtype: DTypeLike = None
    ) -> Tensor:
        shape = tuple(shape)
        if len(shape) != 3 or shape[2] < 2:
            raise ValueError(
                "STFT initializer needs a shape (frame_length, "
                "input_channels, fft_length // 2 + 1) with at least 2 "
                f"frequency bins. Received: shape={shape}"
            )
        frame_length, _, bins = shape
        fft_length = 2 * (bins - 1)
        # Built in float64 on the host, then cast: a constant, computed once.
        time = np.arange(frame_length, dtype="float64")[:, None, None]
        freq = np.arange(bins, dtype="float64")[None, None, :]
        angle = -2.0 * np.pi * time * freq / fft_length
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            if isinstance(self.window, (str, tuple)):
                window = _get_window(self.window, frame_length, self.periodic)
            else:
                window = np.asarray(
                    ops.convert_to_numpy(self.window), dtype="float64"
                )
            if window.shape != (frame_length,):
                raise ValueError(
                    "STFT initializer: the window must have shape "
                    f"(frame_length,) = ({frame_length},). Received: "
                    f"window shape={window.shape}"
                )
            scale = 1.0
            if self.scaling == "density":
                scale = float(np.sqrt(np.sum(np.square(window))))
            elif self.scaling == "spectrum":
                scale = float(np.sum(np.abs(window)))
            kernel = kernel * window[:, None, None] / scale
        kernel = np.broadcast_to(kernel, shape)
        dtype = backend.standardize_dtype(dtype)
        return ops.convert_to_tensor(np.ascontiguousarray(kernel), dtype=dtype)

    def get_config(self) -> Config:
        window = self.window
        if window is not None and not isinstance(window, (str, tuple)):
            # An array window is saved by value, as a list.
            window = np.asarray(ops.convert_to_numpy(window)).tolist()
        return {
            "side": self.side,
            "window": window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }
