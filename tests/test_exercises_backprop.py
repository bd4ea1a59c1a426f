"""Tests for the answer checks of notebook 02 (helpers.exercises.backprop)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from answer_cases import CheckCase, answer_check_tests
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import backprop as ex

HESSIAN = np.array([[4.0, 1.5], [1.5, 1.0]])  # eigenvalues 0.38 and 4.62


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def weighted_ce_grad(z, labels, class_weights):
    weights = np.asarray(class_weights)[labels][:, None]
    return weights * (softmax(z) - np.eye(z.shape[1])[labels]) / len(labels)


def naive_weighted_ce_grad(z, labels, class_weights):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)  # overflows for large logits
        p = e / e.sum(axis=1, keepdims=True)
    return np.asarray(class_weights)[labels][:, None] * (p - np.eye(z.shape[1])[labels]) / len(z)


def heavy_ball(grad, w, lr, n_steps, beta=0.9):
    w, v, path = np.array(w, dtype=float), 0.0, []
    path.append(w.copy())
    for _ in range(n_steps):
        v = beta * v - lr * grad(w)
        w = w + v
        path.append(w.copy())
    return np.array(path)


def nesterov_sign_slip(grad, w, lr, n_steps, beta=0.9):
    w, v, path = np.array(w, dtype=float), 0.0, []
    path.append(w.copy())
    for _ in range(n_steps):
        v = beta * v - lr * grad(w - beta * v)  # looks behind instead of ahead
        w = w + v
        path.append(w.copy())
    return np.array(path)


def nesterov_keras_form(grad, w, lr, n_steps, beta=0.9):
    w, v, path = np.array(w, dtype=float), 0.0, []
    path.append(w.copy())
    for _ in range(n_steps):
        g = grad(w)
        v = beta * v - lr * g
        w = w + beta * v - lr * g
        path.append(w.copy())
    return np.array(path)


def adam_first_step(grad, lr):
    return -lr * np.sign(grad)


CASES = [
    CheckCase(
        ex.check_learning_rate,
        right=(0.25, HESSIAN),
        wrong=[0.5, 2 / 4.62, 0.05, -0.2, 1e300],
        reason=["diverges", "2 / lambda_max", "too slowly", "positive", "diverges"],
    ),
    CheckCase(
        ex.check_nesterov,
        right=(ex.nesterov_reference,),
        wrong=[
            heavy_ball,
            nesterov_sign_slip,
            lambda grad, w, lr, n_steps, beta=0.9: heavy_ball(grad, w, lr, n_steps, 0.0),
            lambda grad, w, lr, n_steps, beta=0.9: ex.nesterov_reference(grad, w, lr, n_steps)[1:],
        ],
        reason=["look-ahead point", "step 2", "plain gradient descent", "shape"],
    ),
    CheckCase(
        ex.check_weighted_ce_grad,
        right=(weighted_ce_grad,),
        wrong=[
            lambda z, y, c: (softmax(z) - np.eye(z.shape[1])[y]) / len(y),  # weights missing
            lambda z, y, c: weighted_ce_grad(z, y, c) * len(y),  # sum, not mean
            lambda z, y, c: -weighted_ce_grad(z, y, c),  # y - p
            naive_weighted_ce_grad,  # overflows at logits ~ 700
            lambda z, y, c: (
                np.asarray(c)[softmax(z).argmax(1)][:, None]  # predicted class
                * (softmax(z) - np.eye(z.shape[1])[y])
                / len(y)
            ),
        ],
        reason=["weights are missing", "n times", "sign", "nan", "row"],
    ),
    CheckCase(
        ex.check_adam_first_step,
        right=(adam_first_step,),
        wrong=[
            lambda g, lr: -lr * g,  # SGD's step
            lambda g, lr: lr * np.sign(g),  # uphill
            lambda g, lr: -lr * np.sign(g) * 0.1 / math.sqrt(0.001),  # no bias correction
            lambda g, lr: -lr * g / np.linalg.norm(g),  # normalised by the vector's length
        ],
        reason=["SGD's step", "sign is wrong", "bias corrections", "m-hat"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), np.float64("nan")])
def test_learning_rate_never_passes_nan_or_infinity(value, capsys):
    """Issue 18: check_learning_rate(float('nan'), ...) must say 'Not yet'."""
    result = ex.check_learning_rate(value, HESSIAN)
    assert not result
    assert capsys.readouterr().out.startswith("Not yet (learning rate): ")


def test_learning_rate_accepts_numpy_numbers_and_reports_the_fastest_rate(capsys):
    assert ex.check_learning_rate(np.float32(0.3), HESSIAN)
    assert ex.check_learning_rate(np.array(0.4), HESSIAN)
    assert "2 / (lambda_min + lambda_max) = 0.4" in capsys.readouterr().out


def test_learning_rate_rejects_a_non_square_hessian_as_an_exercise_error():
    with pytest.raises(ValueError, match="square"):
        ex.check_learning_rate(0.1, np.ones((2, 3)))


def test_nesterov_check_accepts_keras_form_and_tuples_and_refuses_extra_gradients(capsys):
    assert ex.check_nesterov(nesterov_keras_form)

    def as_lists(grad, w, lr, n_steps, beta=0.9):
        return ex.nesterov_reference(grad, w, lr, n_steps, beta).tolist()

    assert ex.check_nesterov(as_lists)

    def peeks(grad, w, lr, n_steps, beta=0.9):
        for _ in range(5 * n_steps):
            grad(w)
        return ex.nesterov_reference(grad, w, lr, n_steps, beta)

    assert not ex.check_nesterov(peeks)
    assert "one gradient per step" in capsys.readouterr().out


@settings(max_examples=20, deadline=None)
@given(st.floats(0.01, 0.2), st.floats(0.0, 0.95), st.integers(1, 30))
def test_nesterov_reference_equals_the_keras_form_at_the_look_ahead_points(lr, beta, n_steps):
    H = np.array([[3.0, 0.5], [0.5, 1.0]])
    grad = lambda w: H @ w  # noqa: E731
    path = ex.nesterov_reference(grad, [1.0, -1.0], lr, n_steps, beta)
    keras_path = nesterov_keras_form(grad, [1.0, -1.0], lr, n_steps, beta)
    velocity = np.diff(path, axis=0)
    np.testing.assert_allclose(path[1:] + beta * velocity, keras_path[1:], atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_weighted_ce_loss_gradient_is_weight_times_p_minus_y(seed):
    rng = np.random.default_rng(seed)
    z, y, c = rng.normal(size=(4, 3)), rng.integers(0, 3, 4), rng.uniform(0.1, 3, 3)
    h = 1e-6
    numeric = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[idx] += h
        minus[idx] -= h
        numeric[idx] = (ex.weighted_ce_loss(plus, y, c) - ex.weighted_ce_loss(minus, y, c)) / (
            2 * h
        )
    np.testing.assert_allclose(weighted_ce_grad(z, y, c), numeric, atol=1e-7)


def test_weighted_ce_loss_with_unit_weights_is_keras_sparse_categorical_crossentropy():
    import keras

    rng = np.random.default_rng(3)
    z, y = rng.normal(size=(8, 4)), rng.integers(0, 4, 8)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, z)
    assert ex.weighted_ce_loss(z, y, np.ones(4)) == pytest.approx(float(keras_loss), rel=1e-5)


def test_adam_check_rejects_a_step_of_the_wrong_shape(capsys):
    assert not ex.check_adam_first_step(lambda g, lr: np.ravel(-lr * np.sign(g)))
    assert "shape" in capsys.readouterr().out
