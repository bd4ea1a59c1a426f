"""Tests for the answer checks of notebook 01 (helpers.exercises.activations)."""

from __future__ import annotations

import numpy as np
import pytest
from answer_cases import CheckCase, answer_check_tests
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import activations as ex


def dead_fraction(z):
    return float(np.mean(np.all(np.asarray(z) <= 0, axis=0)))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def silu(x):
    return np.asarray(x, dtype=float) * sigmoid(x)


def silu_prime(x):
    s = sigmoid(x)
    return s + np.asarray(x, dtype=float) * s * (1.0 - s)


def chain_prediction(w, n_layers):
    return (w / 4) ** n_layers


CASES = [
    CheckCase(
        ex.check_dead_fraction,
        right=(dead_fraction,),
        wrong=[
            lambda z: np.mean(np.all(np.asarray(z) < 0, axis=0)),  # deck's ReLU'(0) = 1
            lambda z: np.mean(np.asarray(z) <= 0),  # entries, not units
            lambda z: np.mean(np.any(np.asarray(z) <= 0, axis=0)),  # any example, not all
            lambda z: np.sum(np.all(np.asarray(z) <= 0, axis=0)),  # a count, not a fraction
        ],
        reason=["exactly 0", "entries", "not any", "the truth is"],
    ),
    CheckCase(
        ex.check_silu,
        right=(silu, silu_prime),
        wrong=[
            sigmoid,  # the derivative where the function belongs
            lambda x: np.asarray(x) * np.tanh(x),  # a different function
        ],
        reason=["my_silu at", "my_silu at"],
        label="check_silu-function",
    ),
    CheckCase(
        ex.check_silu,
        right=(silu, silu_prime),
        wrong=[
            sigmoid,  # product rule forgotten
            lambda x: sigmoid(x) * (1 - sigmoid(x)),  # sigma' alone
            lambda x: np.asarray(x) * sigmoid(x) * (1 - sigmoid(x)),  # second term only
        ],
        answer=1,
        reason=["product rule", "finite differences", "finite differences"],
        label="check_silu-derivative",
    ),
    CheckCase(
        ex.check_chain_gradient,
        right=(chain_prediction,),
        wrong=[
            lambda w, n: 0.25**n,  # the bound without the weights
            lambda w, n: (abs(w) / 4) ** n,  # the sign lost
            lambda w, n: w**n,  # sigma' forgotten
            lambda w, n: w / 4 * n,  # added instead of multiplied
        ],
        reason=["leaves out the weights", "sign", "running the chain", "running the chain"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_dead_fraction_accepts_a_python_float_an_int_count_of_zero_and_numpy_scalars(capsys):
    assert ex.check_dead_fraction(lambda z: np.float32(dead_fraction(z)))
    assert ex.check_dead_fraction(lambda z: np.array(dead_fraction(z)))
    assert capsys.readouterr().out.count("Correct (") == 2


def test_silu_reference_is_x_times_sigmoid_without_overflow():
    x = np.linspace(-700, 700, 1401)
    with np.errstate(over="raise", invalid="raise"):
        values = ex.silu_reference(x)
    assert values[0] == pytest.approx(0.0, abs=1e-200)
    assert values[-1] == 700.0
    np.testing.assert_allclose(ex.silu_reference(x[600:800]), silu(x[600:800]), rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=-40, max_value=40))
def test_silu_derivative_reference_agrees_with_finite_differences(x):
    h = 1e-6
    numeric = (ex.silu_reference(x + h) - ex.silu_reference(x - h)) / (2 * h)
    assert ex.silu_derivative_reference(x) == pytest.approx(numeric, rel=1e-5, abs=1e-7)


def test_silu_check_rejects_a_function_of_the_wrong_shape(capsys):
    assert not ex.check_silu(lambda x: silu(x)[:-1], silu_prime)
    assert "shape" in capsys.readouterr().out


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=-8, max_value=8), st.integers(min_value=1, max_value=12))
def test_chain_gradient_is_w_over_four_to_the_power_of_depth(w, n_layers):
    assert ex.chain_gradient(w, n_layers) == pytest.approx((w / 4) ** n_layers, rel=1e-9)


def test_chain_gradient_agrees_with_finite_differences_of_the_chain():
    def run(a, w, n):
        for _ in range(n):
            a = 1.0 / (1.0 + np.exp(-(w * a - w / 2)))
        return a

    h = 1e-6
    numeric = (run(0.5 + h, 6.0, 4) - run(0.5 - h, 6.0, 4)) / (2 * h)
    assert ex.chain_gradient(6.0, 4) == pytest.approx(numeric, rel=1e-6)


@pytest.mark.parametrize(("w", "n_layers"), [("8", 3), (float("nan"), 3), (8.0, 0), (8.0, 2.5)])
def test_chain_gradient_rejects_bad_arguments(w, n_layers):
    with pytest.raises((TypeError, ValueError)):
        ex.chain_gradient(w, n_layers)
