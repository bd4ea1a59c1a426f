"""Tests for the answer checks of notebook 02 (helpers.exercises.backprop)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import backprop as ex


def _numeric_grad_W(x, W, b, grad_a, h=1e-6):
    def objective(Wv):
        return np.sum(grad_a / (1.0 + np.exp(-(x @ Wv + b))))

    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        plus, minus = W.copy(), W.copy()
        plus[idx] += h
        minus[idx] -= h
        g[idx] = (objective(plus) - objective(minus)) / (2 * h)
    return g


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_sigmoid_layer_backward_grad_W_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    x, W, b, grad_a = (rng.normal(size=s) for s in [(3, 2), (2, 2), (2,), (3, 2)])
    _, grad_W, _ = ex.sigmoid_layer_backward(x, W, b, grad_a)
    np.testing.assert_allclose(grad_W, _numeric_grad_W(x, W, b, grad_a), rtol=1e-5, atol=1e-8)


def test_sigmoid_layer_backward_returns_shapes_of_inputs():
    rng = np.random.default_rng(0)
    x, W, b, grad_a = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), np.zeros(3), np.ones((5, 3))
    gx, gW, gb = ex.sigmoid_layer_backward(x, W, b, grad_a)
    assert (gx.shape, gW.shape, gb.shape) == (x.shape, W.shape, b.shape)


def test_sigmoid_layer_backward_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="W must have 2 rows"):
        ex.sigmoid_layer_backward(np.ones((3, 2)), np.ones((3, 1)), np.ones(1), np.ones((3, 1)))
    with pytest.raises(ValueError, match="grad_a"):
        ex.sigmoid_layer_backward(np.ones((3, 2)), np.ones((2, 1)), np.ones(1), np.ones((2, 1)))
    with pytest.raises(ValueError, match="b must have shape"):
        ex.sigmoid_layer_backward(np.ones((3, 2)), np.ones((2, 1)), np.ones(2), np.ones((3, 1)))


def test_check_layer_backward_accepts_reference(capsys):
    assert ex.check_sigmoid_layer_backward(ex.sigmoid_layer_backward)
    assert capsys.readouterr().out.startswith("Correct")


def test_check_layer_backward_spots_missing_activation_derivative(capsys):
    def no_sigma(x, W, b, grad_a):
        return grad_a @ W.T, x.T @ grad_a, grad_a.sum(axis=0)

    assert not ex.check_sigmoid_layer_backward(no_sigma)
    assert "skipped the activation" in capsys.readouterr().out


def test_check_layer_backward_reports_stub_and_wrong_return(capsys):
    def stub(x, W, b, grad_a):
        raise NotImplementedError

    assert not ex.check_sigmoid_layer_backward(stub)
    assert "not implemented yet" in capsys.readouterr().out
    assert not ex.check_sigmoid_layer_backward(lambda x, W, b, g: x)
    assert "three arrays" in capsys.readouterr().out


def test_check_learning_rate_passes_converging_and_rejects_divergent(capsys):
    hessian = np.diag([2.0, 1.0])
    assert ex.check_learning_rate(0.6, hessian)
    assert not ex.check_learning_rate(1.0, hessian)
    assert "diverges" in capsys.readouterr().out


def test_check_learning_rate_says_too_slow_and_rejects_non_positive(capsys):
    hessian = np.diag([2.0, 1.0])
    assert not ex.check_learning_rate(0.01, hessian)
    assert "too slowly" in capsys.readouterr().out
    assert not ex.check_learning_rate(-0.1, hessian)
    assert "positive" in capsys.readouterr().out
    assert not ex.check_learning_rate(..., hessian)
    assert not ex.check_learning_rate("0.5", hessian)


def test_check_learning_rate_rejects_non_square_hessian():
    with pytest.raises(ValueError, match="square"):
        ex.check_learning_rate(0.1, np.ones((2, 3)))
