"""Tests for the answer checks of notebook 00 (helpers.exercises.introduction)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from answer_cases import CheckCase, answer_check_tests

from helpers.exercises import introduction as ex

X, W, B = [0.5, -1.2, 3.0], [0.8, 0.1, -0.4], 0.2
Z = float(np.dot(W, X) + B)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def layer(x, weights, biases):
    return sigmoid(x @ weights + biases)


def count_parameters(layer_sizes):
    return sum(a * b + b for a, b in itertools.pairwise(layer_sizes))


CASES = [
    CheckCase(
        ex.check_neuron_output,
        right=(ex.neuron_reference(X, W, B), X, W, B),
        wrong=[
            Z,  # the weighted sum, no activation
            float(sigmoid(np.dot(W, X))),  # the bias forgotten
            float(sigmoid(-Z)),  # exp(+z) instead of exp(-z)
            0.9,  # a guess
        ],
        reason=["apply the sigmoid", "bias", "sign", "z = w·x + b"],
    ),
    CheckCase(
        ex.check_layer,
        right=(layer,),
        wrong=[
            lambda x, w, b: x @ w + b,  # no activation
            lambda x, w, b: sigmoid(x @ w.T + b),  # weights transposed (square case first)
            lambda x, w, b: sigmoid(x @ w),  # biases forgotten
            lambda x, w, b: sigmoid(x[0] @ w + b),  # only the first sample
            lambda x, w, b: np.maximum(x @ w + b, 0),  # ReLU
        ],
        reason=["sigmoid is missing", "transposed", "biases are missing", "shape", "relu"],
    ),
    CheckCase(
        ex.check_parameter_count,
        right=(count_parameters,),
        wrong=[
            lambda s: sum(a * b for a, b in itertools.pairwise(s)),  # weights only
            lambda s: sum(a * b for a, b in itertools.pairwise(s)) + sum(s),  # input biases too
            lambda s: int(np.prod(s)),  # every neuron to every neuron
        ],
        reason=["weights only", "no biases", "Keras counts"],
    ),
    CheckCase(
        ex.check_buzzwords,
        right=(sorted(ex.METHODS),),
        wrong=[
            ["deep learning", "dark matter"],  # one science topic, four methods missing
            [*ex.BUZZWORDS],  # everything
            ["machine learning", "deep learning", "AI", "neural network"],  # Bayes forgotten
        ],
        reason=["things in the Universe", "not methods", "bayesian analysis"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_neuron_reference_is_the_sigmoid_of_the_weighted_sum():
    assert ex.neuron_reference(X, W, B) == pytest.approx(float(sigmoid(Z)))
    assert ex.neuron_reference([1.0, 2.0], [0.5, -0.25], 0.0) == 0.5


def test_neuron_check_rejects_mismatched_inputs_naming_them():
    with pytest.raises(ValueError, match="same shape"):
        ex.check_neuron_output(0.5, [1, 2], [1], 0)
    with pytest.raises(TypeError, match="b"):
        ex.check_neuron_output(0.5, [1], [1], "zero")


def test_neuron_check_says_a_sigmoid_lies_between_zero_and_one(capsys):
    assert not ex.check_neuron_output(3.7, X, W, B)
    assert "between 0 and 1" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [5, 3.5, True, "machine learning", {"AI": 1}])
def test_buzzword_check_answers_a_non_list_without_raising(answer, capsys):
    result = ex.check_buzzwords(answer)
    assert not result
    assert capsys.readouterr().out.startswith("Not yet (buzzwords): give a list")


def test_buzzword_check_is_case_insensitive_and_accepts_a_tuple_or_set(capsys):
    assert ex.check_buzzwords(
        ("Machine Learning", "deep learning", " ai ", "Neural Network", "bayesian analysis")
    )
    assert ex.check_buzzwords(set(ex.METHODS))
    assert not ex.check_buzzwords(["quantum"])
    assert "not on the slide" in capsys.readouterr().out.splitlines()[-1]
    assert not ex.check_buzzwords(["deep learning", 3])
    assert "as a string" in capsys.readouterr().out


def test_layer_reference_has_one_row_per_sample_and_one_column_per_neuron():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    out = ex.layer_reference(x, w, b)
    assert out.shape == (5, 2)
    np.testing.assert_allclose(out[3, 1], sigmoid(x[3] @ w[:, 1] + b[1]))
    with pytest.raises(ValueError, match="fit together"):
        ex.layer_reference(x, w.T, b)


def test_layer_check_accepts_an_explicit_loop_over_samples_and_neurons(capsys):
    def loop(x, w, b):
        out = np.empty((x.shape[0], w.shape[1]))
        for n in range(x.shape[0]):
            for j in range(w.shape[1]):
                out[n, j] = 1 / (1 + np.exp(-(np.dot(x[n], w[:, j]) + b[j])))
        return out

    assert ex.check_layer(loop)


def test_parameter_count_reference_matches_keras_for_every_checked_network():
    keras = pytest.importorskip("keras")
    for sizes in ex._NETWORKS:
        model = keras.Sequential(
            [keras.Input(shape=(sizes[0],)), *(keras.layers.Dense(n) for n in sizes[1:])]
        )
        assert ex.parameter_count_reference(sizes) == model.count_params()


@pytest.mark.parametrize(
    ("sizes", "error"),
    [([4], ValueError), ([4, 0], ValueError), ("45", TypeError), ([4, 2.0], TypeError)],
)
def test_parameter_count_reference_rejects_bad_layer_sizes(sizes, error):
    with pytest.raises(error, match="layer_sizes"):
        ex.parameter_count_reference(sizes)


def test_parameter_count_check_rejects_a_fractional_count(capsys):
    assert not ex.check_parameter_count(lambda s: count_parameters(s) + 0.5)
    assert "whole number" in capsys.readouterr().out
