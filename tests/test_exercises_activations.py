"""Tests for the answer checks of notebook 01 (helpers.exercises.activations)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises import activations as ex


def test_elu_reference_matches_definition_on_both_branches():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    expected = np.where(x >= 0, x, 0.7 * (np.exp(x) - 1))
    np.testing.assert_allclose(ex.elu_reference(x, alpha=0.7), expected)


def test_elu_derivative_equals_f_plus_alpha_for_negative_inputs():
    x = np.linspace(-5, -0.1, 20)
    np.testing.assert_allclose(ex.elu_derivative_reference(x, 2.0), ex.elu_reference(x, 2.0) + 2.0)


@given(
    st.floats(min_value=-20, max_value=20).filter(lambda v: abs(v) > 1e-3),
    st.floats(min_value=0.1, max_value=5),
)
def test_elu_derivative_agrees_with_finite_difference(x, alpha):
    h = 1e-6
    numeric = (ex.elu_reference(x + h, alpha) - ex.elu_reference(x - h, alpha)) / (2 * h)
    assert np.isclose(numeric, ex.elu_derivative_reference(x, alpha), rtol=1e-4, atol=1e-6)


def test_elu_reference_does_not_overflow_for_large_positive_inputs():
    with np.errstate(over="raise"):
        assert ex.elu_reference([1000.0])[0] == 1000.0


@pytest.mark.parametrize("alpha", [0.0, -1.0])
def test_elu_reference_rejects_non_positive_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        ex.elu_reference([1.0], alpha=alpha)


def test_elu_reference_rejects_non_numeric_alpha_and_nan_input():
    with pytest.raises(TypeError, match="alpha"):
        ex.elu_reference([1.0], alpha="1")
    with pytest.raises(ValueError, match="x"):
        ex.elu_derivative_reference([np.nan])


def test_check_elu_accepts_correct_answer(capsys):
    assert ex.check_elu(ex.elu_reference, ex.elu_derivative_reference)
    assert "Correct (ELU and derivative)" in capsys.readouterr().out


def test_check_elu_rejects_derivative_missing_alpha(capsys):
    def wrong_prime(x, alpha):
        return np.where(np.asarray(x) >= 0, 1.0, np.exp(x))  # forgot alpha

    result = ex.check_elu(ex.elu_reference, wrong_prime)
    assert not result
    out = capsys.readouterr().out
    assert "Not yet (ELU derivative)" in out
    assert "Correct (ELU)" in out


def test_check_elu_says_not_implemented_for_stub(capsys):
    def stub(x, alpha):
        raise NotImplementedError

    assert not ex.check_elu(stub, stub)
    assert "not implemented yet" in capsys.readouterr().out


def test_check_output_activation_accepts_sigmoid_and_logistic():
    assert ex.check_output_activation("Sigmoid")
    assert ex.check_output_activation(" logistic ")


def test_check_output_activation_explains_wrong_choice(capsys):
    assert not ex.check_output_activation("tanh")
    assert "(-1, 1)" in capsys.readouterr().out


def test_check_output_activation_rejects_unknown_name_and_placeholder(capsys):
    assert not ex.check_output_activation("swish")
    assert "not in the table" in capsys.readouterr().out
    assert not ex.check_output_activation(...)
    assert "no answer yet" in capsys.readouterr().out
