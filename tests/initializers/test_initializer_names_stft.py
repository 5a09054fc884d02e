"""The Keras names of initializers (snake_case and *Initializer aliases)
and the `STFT` initializer, checked against `np.fft` on tiny frames."""

import json

import numpy as np
import pytest

from multikeras import initializers

ALIASES = {
    "constant": "Constant",
    "glorot_normal": "GlorotNormal",
    "glorot_uniform": "GlorotUniform",
    "he_normal": "HeNormal",
    "he_uniform": "HeUniform",
    "identity": "Identity",
    "IdentityInitializer": "Identity",
    "lecun_normal": "LecunNormal",
    "lecun_uniform": "LecunUniform",
    "ones": "Ones",
    "orthogonal": "Orthogonal",
    "OrthogonalInitializer": "Orthogonal",
    "random_normal": "RandomNormal",
    "random_uniform": "RandomUniform",
    "stft": "STFT",
    "STFTInitializer": "STFT",
    "truncated_normal": "TruncatedNormal",
    "variance_scaling": "VarianceScaling",
    "zeros": "Zeros",
}


@pytest.mark.parametrize("alias,name", sorted(ALIASES.items()))
def test_aliases_are_the_same_classes(alias, name):
    cls = getattr(initializers, alias)
    assert cls is getattr(initializers, name)
    assert cls.__name__ == name
    # A string names a fresh instance of the class.
    assert type(initializers.get(alias)) is cls


def test_alias_instances_serialize_under_the_canonical_name():
    config = initializers.serialize(initializers.glorot_uniform(seed=3))
    assert config["class_name"] == "GlorotUniform"
    assert config["config"] == {"seed": 3}
    config = initializers.serialize(initializers.IdentityInitializer(2.0))
    assert config["class_name"] == "Identity"
    clone = initializers.deserialize(
        {"class_name": "IdentityInitializer", "config": {"gain": 2.0}}
    )
    np.testing.assert_array_equal(np.asarray(clone((2, 2))), 2 * np.eye(2))


def test_identity_rejects_a_non_matrix_shape():
    with pytest.raises(ValueError, match=r"2-D shape.*\(2, 2, 2\)"):
        initializers.IdentityInitializer()((2, 2, 2))


def _dft(frame, fft_length):
    # rfft written as the sum it is, in float64.
    t = np.arange(frame.size)
    k = np.arange(fft_length // 2 + 1)
    return (frame[:, None] * np.exp(-2j * np.pi * np.outer(t, k)
                                    / fft_length)).sum(0)


def test_stft_defaults_and_config():
    init = initializers.STFT()
    assert init.get_config() == {
        "side": "real", "window": "hann", "periodic": False,
        "scaling": "density",
    }
    clone = initializers.get(json.loads(json.dumps(
        initializers.serialize(init)
    )))
    assert isinstance(clone, initializers.STFT)
    assert clone.get_config() == init.get_config()


@pytest.mark.parametrize("side", ["real", "imag"])
def test_stft_without_a_window_is_the_dft(side):
    frame = np.array([0.5, -1.0, 2.0, 0.0, 1.5, -0.25], dtype="float32")
    kernel = np.asarray(
        initializers.STFT(side=side, window=None)((6, 1, 4))
    )
    assert kernel.shape == (6, 1, 4) and kernel.dtype == np.float32
    spectrum = np.fft.rfft(frame.astype("float64"))
    expected = spectrum.real if side == "real" else spectrum.imag
    np.testing.assert_allclose(frame @ kernel[:, 0, :], expected, atol=1e-5)
    part = _dft(frame.astype("float64"), 6)
    np.testing.assert_allclose(
        expected, part.real if side == "real" else part.imag, atol=1e-12
    )


def test_stft_windows_and_scalings():
    frame = np.array([1.0, 0.5, -2.0, 0.0, 1.0, 3.0, -1.0, 0.25],
                     dtype="float32")
    n = frame.size
    # Symmetric Hann: 0.5 - 0.5 cos(2 pi t / (n - 1)); periodic: / n.
    t = np.arange(n)
    symmetric = 0.5 - 0.5 * np.cos(2 * np.pi * t / (n - 1))
    periodic = 0.5 - 0.5 * np.cos(2 * np.pi * t / n)
    cases = [
        (dict(), symmetric, np.sqrt((symmetric**2).sum())),
        (dict(periodic=True, scaling="spectrum"), periodic, periodic.sum()),
        (dict(scaling=None), symmetric, 1.0),
        (dict(window=periodic.astype("float32")), periodic,
         np.sqrt((periodic**2).sum())),
    ]
    for kwargs, window, scale in cases:
        for side in ("real", "imag"):
            kernel = np.asarray(
                initializers.STFT(side=side, **kwargs)((n, 1, 3))
            )
            # 3 bins: fft_length 4, shorter than the frame, as Keras.
            spectrum = _dft(frame * window, 4) / scale
            expected = spectrum.real if side == "real" else spectrum.imag
            np.testing.assert_allclose(
                frame @ kernel[:, 0, :], expected, atol=1e-5,
                err_msg=f"{kwargs} {side}",
            )


def test_stft_repeats_the_basis_over_input_channels():
    kernel = np.asarray(initializers.stft(window="hamming")((5, 3, 3)))
    assert kernel.shape == (5, 3, 3)
    np.testing.assert_array_equal(kernel[:, 0], kernel[:, 2])


def test_stft_dtype():
    kernel = initializers.STFT()((4, 1, 3), dtype="float16")
    assert np.asarray(kernel).dtype == np.float16


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(side="complex"), r"`side`.*side='complex'"),
        (dict(window="no_such_window"), r"`window`.*'no_such_window'"),
        (dict(scaling="l2"), r"`scaling`.*scaling='l2'"),
    ],
)
def test_stft_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        initializers.STFT(**kwargs)


def test_stft_rejects_bad_shapes_and_windows():
    with pytest.raises(ValueError, match=r"frame_length.*\(4, 3\)"):
        initializers.STFT()((4, 3))
    with pytest.raises(ValueError, match=r"frequency bins.*\(4, 1, 1\)"):
        initializers.STFT()((4, 1, 1))
    with pytest.raises(ValueError, match=r"\(frame_length,\) = \(4,\).*\(3,\)"):
        initializers.STFT(window=np.ones(3))((4, 1, 3))
