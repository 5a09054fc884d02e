"""`run_layer_test` fails when a layer breaks its contract."""

import pytest

from multikeras import layers
from multikeras.testing import run_layer_test


def test_passes_for_a_conforming_layer():
    run_layer_test(layers.Dense, {"units": 2}, input_shape=(3, 4),
                   expected_output_shape=(3, 2),
                   expected_num_trainable_weights=2)  # fmt: skip


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"expected_output_shape": (3, 5)}, "output shape"),
        ({"expected_output_dtype": "float16"}, "output dtype"),
        ({"expected_num_trainable_weights": 1}, "trainable weights"),
        ({"expected_num_non_trainable_weights": 1}, "non-trainable"),
        ({"supports_masking": False}, "supports_masking"),
        ({"expected_mask_shape": (3,)}, "no output mask"),
        ({"expected_num_losses": 1}, "losses"),
    ],
)
def test_fails_on_a_wrong_expectation(kwargs, pattern):
    with pytest.raises(AssertionError, match=pattern):
        run_layer_test(layers.Dense, {"units": 2}, input_shape=(3, 4),
                       run_training_check=False, **kwargs)  # fmt: skip


class _ForgetsItsConfig(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor


def test_fails_when_get_config_lacks_an_argument():
    with pytest.raises(AssertionError, match="lacks 'factor'"):
        run_layer_test(_ForgetsItsConfig, {"factor": 3.0},
                       input_shape=(2, 2))  # fmt: skip


@pytest.mark.parametrize("container", [list, tuple])
def test_input_shape_may_list_several_shapes(container):
    # Each shape tuple is one input: Concatenate gets two (3, 2) and (3, 4)
    # arrays, not four inputs made of their dimensions.
    run_layer_test(layers.Concatenate, {},
                   input_shape=container([(3, 2), (3, 4)]),
                   expected_output_shape=(3, 6),
                   run_training_check=False)  # fmt: skip


def test_several_shapes_with_one_dtype_each():
    run_layer_test(layers.Add, {}, input_shape=[(2, 3), (2, 3)],
                   input_dtype=["float32", "float32"],
                   expected_output_shape=(2, 3),
                   expected_output_dtype="float32",
                   run_training_check=False)  # fmt: skip


def test_several_shapes_still_check_the_output():
    with pytest.raises(AssertionError, match="output shape"):
        run_layer_test(layers.Concatenate, {},
                       input_shape=[(3, 2), (3, 4)],
                       expected_output_shape=(3, 5),
                       run_training_check=False)  # fmt: skip


def test_shapes_and_dtypes_must_pair_up():
    with pytest.raises(ValueError, match="2 input shapes but 3"):
        run_layer_test(layers.Add, {}, input_shape=[(2, 3), (2, 3)],
                       input_dtype=["float32"] * 3)  # fmt: skip
