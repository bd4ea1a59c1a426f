"""Tests for notebook 04's output sizes and answer checks (helpers.exercises.convolution)."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from answer_cases import CheckCase, Lazy, answer_check_tests
from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises import convolution as ex

LINE = np.array([[-1, -1, -1], [2, 2, 2], [-1, -1, -1]]) / 6  # a bright ridge along x
LAPLACIAN = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]) / 8


class Conv2D:  # stands in for keras.layers.Conv2D: count_layers looks at class names only
    pass


class MaxPooling2D:
    pass


class FakeModel:
    def __init__(self, layers):
        self.layers = layers


def conv_parameters(image_size, kernel_size, in_channels, filters):
    return kernel_size * kernel_size * in_channels * filters + filters


@functools.cache
def _galaxies():
    import helpers

    x, y = helpers.make_galaxies(600, size=32, noise=0.15, psf_sigma=1.0, seed=7)
    return x[..., None], y


def _cnn(blocks: int, *, train: bool = True, extra_pooling: bool = False):
    import keras

    keras.utils.set_random_seed(0)
    layers = [keras.Input(shape=(32, 32, 1))]
    for k in range(blocks):
        layers += [
            keras.layers.Conv2D(8 * 2**k, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
        ]
    if extra_pooling:  # a second block without its convolution
        layers.append(keras.layers.MaxPooling2D(2))
    layers += [keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")]
    model = keras.Sequential(layers)
    if train:
        model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
        x, y = _galaxies()
        model.fit(x, y, epochs=4, batch_size=64, verbose=0)
    return model


@functools.cache
def two_block_cnn():
    return _cnn(2)


@functools.cache
def one_block_cnn():
    return _cnn(1)


@functools.cache
def pooling_only_cnn():
    return _cnn(1, extra_pooling=True)


@functools.cache
def untrained_two_block_cnn():
    return _cnn(2, train=False)


@functools.cache
def dense_net():
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(32, 32, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )


CASES = [
    CheckCase(
        ex.check_output_shape,
        right=((None, 14, 14, 8),),
        wrong=[
            (None, 16, 16, 8),  # the convolution's shrinkage forgotten
            (None, 28, 28, 8),  # the pooling forgotten
            (None, 14, 14, 1),  # one channel instead of one per filter
            (14, 14, 8),  # no batch axis
            (None, 14.5, 14.5, 8),  # (32 - 5 + 1 + 1) / 2: a fractional side
            (None, 13, 13, 8),  # n - k instead of n - k + 1
        ],
        reason=[
            "32 - 5 + 1 = 28",
            "now apply the pooling",
            "one channel per convolution kernel",
            "batch axis",
            "whole number",
            "n - k + 1",
        ],
    ),
    CheckCase(
        ex.check_bar_kernel,
        right=(LINE,),
        wrong=[
            LINE.T,  # a ridge along y: prefers vertical bars
            np.ones((3, 3)) / 9,  # smoothing: responds to a flat sky
            LAPLACIAN,  # a spot detector: no preferred direction
            -LINE,  # a dark ridge
            np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]) / 4,  # an edge detector: 0 at the centre
            np.zeros((3, 3)),
            np.ones((4, 4)),  # even side
        ],
        reason=[
            "turned by 90°",
            "sum to 1",
            "turned by 90°",
            "positive",
            "positive",
            "zeros",
            "odd",
        ],
    ),
    CheckCase(
        ex.check_conv_parameters,
        right=(conv_parameters,),
        wrong=[
            lambda s, k, c, f: k * k * c * f * s * s,  # a weight per position
            lambda s, k, c, f: k * k * c * f,  # biases forgotten
            lambda s, k, c, f: k * k * f + f,  # input channels forgotten
            lambda s, k, c, f: (k * k + 1) * c * f,  # a bias per channel
        ],
        reason=["weight sharing", "bias", "per input channel", "plus one bias"],
    ),
    CheckCase(
        ex.check_conv_block,
        right=lambda: (two_block_cnn(),),
        kwargs={"target": 0.85},
        wrong=[
            Lazy(pooling_only_cnn),  # only the pooling of the new block added
            Lazy(untrained_two_block_cnn),  # the block added, never trained
            Lazy(dense_net),  # no convolution at all
        ],
        reason=["add a block", "not above", "0 Conv2D"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


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


@pytest.mark.parametrize(
    ("size", "kwargs"),
    [
        (32, {}),
        (28, {"filters": 4, "kernel_size": 3}),
        (33, {"pool_size": 3}),
        (9, {"kernel_size": 9}),
    ],
)
def test_expected_output_shape_equals_the_keras_stack(size, kwargs):
    settings = {"filters": 8, "kernel_size": 5, "pool_size": 2} | kwargs
    if settings["kernel_size"] == size:
        settings["pool_size"] = 1
    assert ex.expected_output_shape(size, **settings) == ex._keras_stack_shape(
        size, settings["filters"], settings["kernel_size"], settings["pool_size"]
    )
    with pytest.raises(ValueError, match="filters"):
        ex.expected_output_shape(32, filters=0)


def test_output_shape_check_accepts_numpy_integers_and_whole_floats(capsys):
    assert ex.check_output_shape((None, np.int64(14), 14.0, 8))
    assert ex.check_output_shape([None, 13, 13, 4], input_size=28, filters=4, kernel_size=3)


def test_output_shape_check_explains_a_fixed_batch_axis(capsys):
    assert not ex.check_output_shape((1, 14, 14, 8))
    assert "batch" in capsys.readouterr().out


def test_output_shape_check_rejects_an_impossible_stack():
    with pytest.raises(ValueError, match="kernel_size"):
        ex.check_output_shape((None, 1, 1, 8), input_size=4, kernel_size=5)


def test_bar_kernel_check_accepts_a_wider_ridge_and_a_scaled_kernel(capsys):
    wide = np.array([[-1] * 5, [-1] * 5, [4] * 5, [-1] * 5, [-1] * 5]) / 20
    assert ex.check_bar_kernel(wide)
    assert ex.check_bar_kernel(10 * LINE)
    assert ex.check_bar_kernel(LINE.tolist())


def test_bar_score_is_larger_for_a_bar_than_for_a_round_bulge_at_every_angle():
    for angle in (0.0, 40.0, 90.0, 135.0):
        bar = ex._model_galaxy(angle, bar=True, axis_ratio=0.25, half_length=5.0)
        round_ = ex._model_galaxy(angle, bar=False, axis_ratio=0.25, half_length=5.0)
        scores = ex.bar_score(np.stack([bar, round_]), LINE)
        assert scores[0] > 3 * scores[1]


def test_bar_score_rejects_bad_shapes_naming_the_parameter():
    with pytest.raises(ValueError, match="kernel"):
        ex.bar_score(np.zeros((2, 16, 16)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="images"):
        ex.bar_score(np.zeros((16, 16)), LINE)


def test_conv_parameters_reference_matches_keras_for_every_checked_layer():
    for layer in ex._CONV_LAYERS:
        assert ex.conv_parameters_reference(*layer) == ex._keras_conv_count(*layer)
    with pytest.raises(ValueError, match="kernel_size"):
        ex.conv_parameters_reference(2, 3, 1, 1)


def test_count_layers_counts_by_class_name_and_searches_nested_models():
    inner = FakeModel([Conv2D(), MaxPooling2D()])
    model = FakeModel([Conv2D(), MaxPooling2D(), inner])
    assert ex.count_layers(model, "Conv2D") == 2
    assert ex.count_layers(model, "Dense") == 0
    with pytest.raises(TypeError, match="model must be a Keras model"):
        ex.count_layers(object(), "Conv2D")
    with pytest.raises(TypeError, match="kind must be a string"):
        ex.count_layers(model, 3)


def test_conv_block_check_calls_the_unchanged_starting_model_not_attempted(capsys):
    assert not ex.check_conv_block(one_block_cnn(), target=0.5)
    assert capsys.readouterr().out.startswith("Not yet (not attempted: extra convolutional block)")


def test_conv_block_check_rejects_a_model_for_other_images(capsys):
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(2, 3),
            keras.layers.Conv2D(2, 3),
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    assert not ex.check_conv_block(model, target=0.5)
    assert "inputs of shape" in capsys.readouterr().out


def test_conv_block_check_rejects_bad_settings():
    with pytest.raises(ValueError, match="target"):
        ex.check_conv_block(None, target=1.5)
    with pytest.raises(TypeError, match="image_size"):
        ex.check_conv_block(None, target=0.5, image_size=32.5)
