"""helpers.exercises.convolution: output sizes and the notebook 04 exercise checks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises import convolution as ex


class Conv2D:  # stands in for keras.layers.Conv2D: the checks look at class names only
    pass


class MaxPooling2D:
    pass


class FakeModel:
    def __init__(self, layers):
        self.layers = layers


def test_conv_output_size_matches_the_x_example():
    assert ex.conv_output_size(9, 3) == 7
    assert ex.conv_output_size(7, 2, stride=2, padding="same") == 4
    assert ex.conv_output_size(7, 2, stride=2) == 3


@given(n=st.integers(1, 200), k=st.integers(1, 9), s=st.integers(1, 4))
def test_conv_output_size_valid_windows_fit_inside_the_image(n, k, s):
    if k > n:
        with pytest.raises(ValueError, match="kernel_size"):
            ex.conv_output_size(n, k, stride=s)
        return
    out = ex.conv_output_size(n, k, stride=s)
    assert (out - 1) * s + k <= n < out * s + k  # last window fits, one more would not


@given(n=st.integers(1, 200), s=st.integers(1, 4))
def test_conv_output_size_same_padding_is_ceil_of_n_over_stride(n, s):
    assert ex.conv_output_size(n, 3, stride=s, padding="same") == math.ceil(n / s)


def test_conv_output_size_rejects_bad_arguments():
    with pytest.raises(TypeError, match="n must be an integer"):
        ex.conv_output_size(9.0, 3)
    with pytest.raises(ValueError, match="stride"):
        ex.conv_output_size(9, 3, stride=0)
    with pytest.raises(ValueError, match="padding"):
        ex.conv_output_size(9, 3, padding="full")
    with pytest.raises(ValueError, match="kernel_size must be <= n"):
        ex.conv_output_size(2, 3)


def test_expected_output_shape_is_conv_then_pool():
    assert ex.expected_output_shape(32, filters=8, kernel_size=5, pool_size=2) == (
        None,
        14,
        14,
        8,
    )
    assert ex.expected_output_shape(28, filters=4, kernel_size=3, pool_size=2) == (
        None,
        13,
        13,
        4,
    )
    with pytest.raises(ValueError, match="filters"):
        ex.expected_output_shape(32, filters=0)


def test_check_output_shape_accepts_the_right_shape(capsys):
    assert ex.check_output_shape((None, 14, 14, 8))
    assert capsys.readouterr().out.startswith("Correct")


def test_check_output_shape_explains_forgotten_convolution_shrinkage(capsys):
    assert not ex.check_output_shape((None, 16, 16, 8))
    assert "32 - 5 + 1 = 28" in capsys.readouterr().out


def test_check_output_shape_explains_forgotten_pooling(capsys):
    assert not ex.check_output_shape((None, 28, 28, 8))
    assert "now apply pooling" in capsys.readouterr().out


def test_check_output_shape_explains_the_channel_axis(capsys):
    assert not ex.check_output_shape((None, 14, 14, 1))
    assert "one channel per convolution kernel" in capsys.readouterr().out


def test_check_output_shape_handles_missing_and_malformed_answers(capsys):
    assert not ex.check_output_shape(None)
    assert "no answer yet" in capsys.readouterr().out
    assert not ex.check_output_shape(14)
    assert "tuple of integers" in capsys.readouterr().out
    assert not ex.check_output_shape((14, 14, 8))
    assert "3 axes, expected 4" in capsys.readouterr().out


def test_count_layers_counts_by_class_name_and_searches_nested_models():
    inner = FakeModel([Conv2D(), MaxPooling2D()])
    model = FakeModel([Conv2D(), MaxPooling2D(), inner])
    assert ex.count_layers(model, "Conv2D") == 2
    assert ex.count_layers(model, "Dense") == 0
    with pytest.raises(TypeError, match="model must be a Keras model"):
        ex.count_layers(object(), "Conv2D")
    with pytest.raises(TypeError, match="kind must be a string"):
        ex.count_layers(model, 3)


def test_check_conv_block_passes_with_two_blocks_above_target(capsys):
    model = FakeModel([Conv2D(), MaxPooling2D(), Conv2D(), MaxPooling2D()])
    assert ex.check_conv_block(model, 0.95, target=0.9)
    assert "2 Conv2D layers" in capsys.readouterr().out


def test_check_conv_block_asks_for_a_block_when_none_was_added(capsys):
    model = FakeModel([Conv2D(), MaxPooling2D()])
    assert not ex.check_conv_block(model, 0.99, target=0.9)
    assert "add a block" in capsys.readouterr().out


def test_check_conv_block_reports_an_accuracy_below_target(capsys):
    model = FakeModel([Conv2D(), Conv2D()])
    assert not ex.check_conv_block(model, 0.85, target=0.9)
    assert "0.850 does not beat 0.900" in capsys.readouterr().out


def test_check_conv_block_rejects_bad_accuracy_and_model(capsys):
    model = FakeModel([Conv2D(), Conv2D()])
    assert not ex.check_conv_block(model, 93.0, target=0.9)
    assert "fraction in [0, 1]" in capsys.readouterr().out
    assert not ex.check_conv_block(model, "high", target=0.9)
    assert "must be a number" in capsys.readouterr().out
    assert not ex.check_conv_block(None, 0.95, target=0.9)
    assert "expected a Keras model" in capsys.readouterr().out


def test_check_conv_block_rejects_a_target_outside_zero_one():
    with pytest.raises(ValueError, match="target"):
        ex.check_conv_block(FakeModel([]), 0.5, target=1.5)


def test_check_conv_block_counts_real_keras_layers(capsys):
    keras = pytest.importorskip("keras")
    model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(2, 3, padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(2, 3, padding="same"),
        ]
    )
    assert ex.count_layers(model, "Conv2D") == 2
    assert model.output_shape == (None, 4, 4, 2)
    assert ex.check_conv_block(model, 0.95, target=0.9)
