"""Answer checks for notebook 02 (gradient descent and back-propagation).

Each check runs the student's answer on cases of its own: gradient descent with the chosen
learning rate on the given quadratic, the student's Nesterov optimiser on an ill-conditioned
surface it holds (against SGD at its best rate), the student's gradient of a class-weighted
cross-entropy against finite differences, and the predicted first step of Adam against the
step ``keras.optimizers.Adam`` really takes.

Examples
--------
>>> from helpers.exercises import backprop as ex
>>> ex.check_learning_rate(float("nan"), [[2.0, 0.0], [0.0, 1.0]]).passed
Not yet (learning rate): your learning rate is NaN; a number is needed.
False
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validation import check_array, check_int
from ..checks import (
    CheckResult,
    answer_check,
    call_student,
    fail,
    require_array,
    require_number,
    run_check,
)

__all__ = [
    "check_adam_first_step",
    "check_learning_rate",
    "check_nesterov",
    "check_weighted_ce_grad",
    "nesterov_reference",
    "weighted_ce_loss",
]


# --- exercise 1 (warm-up): a learning rate that converges -----------------------------------


def check_learning_rate(lr, hessian, *, n_steps: int = 100, tol: float = 1e-3) -> CheckResult:
    """Run gradient descent with step ``lr`` on :math:`J(w) = \\tfrac12 w^T H w` and check it.

    The check starts at :math:`w_0 = \\sum_k v_k` (one unit along every eigenvector of ``H``),
    takes ``n_steps`` steps :math:`w \\leftarrow w - \\alpha H w` and passes when the distance
    to the minimum has shrunk below ``tol`` of the start.

    Parameters
    ----------
    lr : float
        The student's learning rate :math:`\\alpha`.
    hessian : array-like, shape (k, k)
        Symmetric positive-definite Hessian of the loss.
    n_steps : int, optional
        Steps allowed (default 100).
    tol : float, optional
        Required reduction of the distance to the minimum (default 1e-3).

    Returns
    -------
    CheckResult
        Truthy when ``lr`` converges within ``n_steps``.

    Raises
    ------
    ValueError
        If ``hessian`` is not a square matrix (a problem of the exercise, not of the answer).

    Examples
    --------
    >>> check_learning_rate(0.5, [[2.0, 0.0], [0.0, 1.0]]).passed  # doctest: +ELLIPSIS
    Correct (learning rate): 0.5 converges: after 100 steps of gradient descent ...
    True
    >>> check_learning_rate(1.5, [[2.0, 0.0], [0.0, 1.0]]).passed  # doctest: +ELLIPSIS
    Not yet (learning rate): 1.5 diverges: ...
    False
    """
    hessian = check_array(hessian, "hessian", ndim=2)
    if hessian.shape[0] != hessian.shape[1]:
        raise ValueError(f"hessian must be square, got shape {hessian.shape}")
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    hessian = (hessian + hessian.T) / 2

    def body() -> str:
        alpha = require_number(lr, "your learning rate")
        if alpha <= 0:
            fail(f"{alpha:g} must be positive: gradient descent steps *down* the gradient.")
        eig, vec = np.linalg.eigh(hessian)
        w = vec.sum(axis=1)
        start = float(np.linalg.norm(w))
        with np.errstate(all="ignore"):  # a huge step overflows: that is the answer's fault
            for _ in range(n_steps):
                w = w - alpha * hessian @ w  # the gradient of J is H w
            shrink = float(np.linalg.norm(w)) / start
        limit = 2.0 / float(eig.max())
        if shrink >= 1.0 or alpha >= limit:
            factor = abs(1.0 - alpha * eig.max())
            verb = "diverges" if factor > 1.0 + 1e-12 else "never converges"
            fail(
                f"{alpha:g} {verb}: along the steepest direction (lambda_max = "
                f"{eig.max():.3g}) every step multiplies the error by |1 - alpha lambda_max| = "
                f"{factor:.3g}, and after {n_steps} steps the distance is {shrink:.2g} times the "
                f"start. Stay below 2 / lambda_max = {limit:.3g}."
            )
        if shrink > tol:
            fail(
                f"{alpha:g} converges, but too slowly: after {n_steps} steps the distance is "
                f"still {shrink:.2g} of the start (need < {tol:g}); the flat direction "
                f"(lambda_min = {eig.min():.3g}) shrinks by only {1 - alpha * eig.min():.3g} per "
                "step. Take a larger step."
            )
        return (
            f"{alpha:g} converges: after {n_steps} steps of gradient descent the distance to the "
            f"minimum is {shrink:.1e} of the start (the fastest rate, 2 / (lambda_min + "
            f"lambda_max) = {2 / (eig.min() + eig.max()):.3g}, reaches "
            f"{((eig.max() - eig.min()) / (eig.max() + eig.min())) ** n_steps:.1e})."
        )

    return run_check("learning rate", body)


# --- exercise 2 (build): Nesterov momentum ----------------------------------------------------

_ANGLE = np.deg2rad(30.0)
_ROTATION = np.array([[np.cos(_ANGLE), -np.sin(_ANGLE)], [np.sin(_ANGLE), np.cos(_ANGLE)]])
_SURFACE = _ROTATION @ np.diag([50.0, 0.5]) @ _ROTATION.T  # condition number 100
_MINIMUM = np.array([1.0, -2.0])
_START = np.array([-2.0, 1.0])


class _CountingGradient:
    """The gradient of the check's quadratic; counts how often it is called."""

    def __init__(self) -> None:
        self.calls = 0

    def __deepcopy__(self, memo):  # call_student copies arguments: keep counting in this one
        return self

    def __call__(self, w):
        self.calls += 1
        return _SURFACE @ (np.asarray(w, dtype=float) - _MINIMUM)


def _loss(path: np.ndarray) -> np.ndarray:
    d = path - _MINIMUM
    return 0.5 * np.einsum("ni,ij,nj->n", d, _SURFACE, d)


def nesterov_reference(grad: Callable, w, lr: float, n_steps: int, beta: float = 0.9):
    """Nesterov momentum (Sutskever et al. 2013): the gradient at the look-ahead point.

    :math:`v \\leftarrow \\beta v - \\alpha \\nabla J(w + \\beta v)`, then
    :math:`w \\leftarrow w + v`, from :math:`v = 0`.

    Parameters
    ----------
    grad : callable
        Gradient of the loss, ``grad(w) -> array`` of the shape of ``w``.
    w : array-like
        Start.
    lr : float
        Learning rate :math:`\\alpha`.
    n_steps : int
        Number of steps.
    beta : float, optional
        Momentum :math:`\\beta` (default 0.9).

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1, len(w))
        The start and the position after every step.

    Examples
    --------
    >>> nesterov_reference(lambda w: 2 * w, [1.0], 0.1, 2, beta=0.5).round(4).tolist()
    [[1.0], [0.8], [0.56]]
    """
    w = np.asarray(w, dtype=float).copy()
    v = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(check_int(n_steps, "n_steps", minimum=0)):
        v = beta * v - lr * np.asarray(grad(w + beta * v), dtype=float)
        w = w + v
        path.append(w.copy())
    return np.array(path)


def _nesterov_lookahead_form(grad, w, lr, n_steps, beta):
    """Keras's form of the same method: it stores the look-ahead point w + beta v."""
    w = np.asarray(w, dtype=float).copy()
    v = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(n_steps):
        g = np.asarray(grad(w), dtype=float)
        v = beta * v - lr * g
        w = w + beta * v - lr * g
        path.append(w.copy())
    return np.array(path)


def _heavy_ball(grad, w, lr, n_steps, beta):
    w = np.asarray(w, dtype=float).copy()
    v = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(n_steps):
        v = beta * v - lr * np.asarray(grad(w), dtype=float)
        w = w + v
        path.append(w.copy())
    return np.array(path)


def _steps_to(path: np.ndarray, tol: float) -> int | None:
    below = np.flatnonzero(_loss(path) < tol)
    return int(below[0]) if below.size else None


def _student_path(func, lr, n_steps, beta) -> tuple[np.ndarray, int]:
    grad = _CountingGradient()
    path = require_array(
        call_student(func, grad, _START.copy(), lr, n_steps, beta=beta, what="my_nesterov"),
        f"what my_nesterov returned for lr = {lr:g}, beta = {beta:g}",
        shape=(n_steps + 1, 2),
    )
    return path, grad.calls


@answer_check("Nesterov momentum")
def check_nesterov(func: Callable) -> str:
    """Check ``func(grad, w, lr, n_steps, beta=0.9)``: Nesterov momentum, returning the path.

    The check holds an ill-conditioned quadratic of its own (condition number 100, valley at
    30 degrees). It runs the student's optimiser with two settings and compares every step
    with :func:`nesterov_reference` (Keras's equivalent form, which stores the look-ahead
    point, is accepted too); it allows one gradient per step. Then it counts the steps to
    :math:`J < 10^{-6} J_0` with the classic setting :math:`\\alpha = 1/\\lambda_{max}`,
    :math:`\\beta = (\\sqrt\\kappa - 1)/(\\sqrt\\kappa + 1)` and compares with plain gradient
    descent at its best learning rate :math:`2/(\\lambda_{min} + \\lambda_{max})`.

    Parameters
    ----------
    func : callable
        The student's optimiser.

    Returns
    -------
    CheckResult
        Truthy when the paths match and Nesterov needs fewer steps than SGD.

    Examples
    --------
    >>> check_nesterov(nesterov_reference).passed  # doctest: +ELLIPSIS
    Correct (Nesterov momentum): ...
    True
    """
    for lr, beta, n_steps in ((0.01, 0.9, 40), (0.015, 0.5, 30)):
        path, calls = _student_path(func, lr, n_steps, beta)
        if calls > n_steps + 1:
            fail(
                f"my_nesterov called the gradient {calls} times in {n_steps} steps: one "
                "gradient per step (at the look-ahead point) is all the method uses."
            )
        want = nesterov_reference(_CountingGradient(), _START, lr, n_steps, beta)
        keras_form = _nesterov_lookahead_form(_CountingGradient(), _START, lr, n_steps, beta)
        if np.allclose(path, want, rtol=1e-7, atol=1e-9) or np.allclose(
            path, keras_form, rtol=1e-7, atol=1e-9
        ):
            continue
        if not np.allclose(path[0], _START):
            fail("the first row of the path must be the start w, before any step.")
        setting = f"(lr = {lr:g}, beta = {beta:g})"
        if np.allclose(path, _heavy_ball(_CountingGradient(), _START, lr, n_steps, beta)):
            fail(
                f"{setting}: your path is plain (heavy-ball) momentum, the gradient taken at w. "
                "Nesterov takes it at the look-ahead point w + beta v."
            )
        if np.allclose(path, _heavy_ball(_CountingGradient(), _START, lr, n_steps, 0.0)):
            fail(f"{setting}: your path is plain gradient descent: the velocity v is not kept.")
        step = int(np.flatnonzero(~np.isclose(path, want, rtol=1e-7, atol=1e-9).all(axis=1))[0])
        fail(
            f"{setting}: step {step} of your path is ({path[step, 0]:.5g}, {path[step, 1]:.5g}), "
            f"Nesterov's is ({want[step, 0]:.5g}, {want[step, 1]:.5g}). The update is "
            "v <- beta v - lr grad(w + beta v), then w <- w + v."
        )
    eig = np.linalg.eigvalsh(_SURFACE)
    kappa = eig.max() / eig.min()
    tol = 1e-6 * float(_loss(_START[None])[0])
    n_max = 2000
    best_lr = 2.0 / (eig.min() + eig.max())
    sgd = _steps_to(_heavy_ball(_CountingGradient(), _START, best_lr, n_max, 0.0), tol)
    beta = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    path, _ = _student_path(func, 1.0 / eig.max(), n_max, float(beta))
    mine = _steps_to(path, tol)
    if mine is None or (sgd is not None and mine >= sgd):
        fail(
            f"with lr = 1/lambda_max and beta = {beta:.3f} your optimiser needs "
            f"{mine if mine is not None else f'more than {n_max}'} steps to J < 1e-6 J_0, "
            f"plain gradient descent at its best rate {best_lr:.3g} needs {sgd}."
        )
    return (
        f"your path matches Nesterov's step by step; on the check's surface (condition number "
        f"{kappa:.0f}) it reaches J < 1e-6 J_0 in {mine} steps (lr = 1/lambda_max, beta = "
        f"{beta:.3f}), where gradient descent at its best rate {best_lr:.3g} needs {sgd}."
    )


# --- exercise 3 (build): the gradient of a class-weighted cross-entropy ------------------------


def weighted_ce_loss(logits, labels, class_weights) -> float:
    """Class-weighted softmax cross-entropy, :math:`\\frac1n \\sum_i c_{y_i}\\,(-\\log p_{i,y_i})`.

    Parameters
    ----------
    logits : array-like, shape (n, k)
        Network outputs before the softmax.
    labels : array-like of int, shape (n,)
        True classes, 0 .. k-1.
    class_weights : array-like, shape (k,)
        Weight :math:`c_j` of every class.

    Returns
    -------
    float
        The loss (computed with a stable log-sum-exp).

    Examples
    --------
    >>> round(weighted_ce_loss([[0.0, 0.0]], [1], [1.0, 3.0]), 4)
    2.0794
    """
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=int)
    c = np.asarray(class_weights, dtype=float)
    top = z.max(axis=1, keepdims=True)
    log_p = z - top - np.log(np.exp(z - top).sum(axis=1, keepdims=True))
    return float(np.mean(c[y] * -log_p[np.arange(len(y)), y]))


def _ce_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(7)
    cases = [
        (rng.normal(0, 2, (6, 3)), rng.integers(0, 3, 6), np.array([1.0, 2.5, 0.5])),
        (rng.normal(0, 1, (5, 2)), np.array([0, 1, 1, 0, 1]), np.array([1.0, 5.0])),
        (rng.normal(0, 3, (4, 4)) + 750.0, np.array([3, 0, 2, 2]), np.array([0.2, 1, 1, 3.0])),
    ]
    return cases


def _ce_numeric(z, y, c, h=1e-5) -> np.ndarray:
    grad = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (weighted_ce_loss(plus, y, c) - weighted_ce_loss(minus, y, c)) / (2 * h)
    return grad


@answer_check("weighted cross-entropy gradient")
def check_weighted_ce_grad(func: Callable) -> str:
    """Check ``func(logits, labels, class_weights)``: the gradient of :func:`weighted_ce_loss`.

    Compared with central finite differences of the loss on three cases of the check's own
    (3 and 2 classes, one with logits near 750, where an unstabilised softmax overflows).

    Parameters
    ----------
    func : callable
        The student's gradient with respect to the logits, shape (n, k).

    Returns
    -------
    CheckResult
        Truthy when every gradient matches.

    Examples
    --------
    >>> def unweighted(z, y, c):
    ...     p = np.exp(z - z.max(1, keepdims=True))
    ...     p /= p.sum(1, keepdims=True)
    ...     return (p - np.eye(z.shape[1])[y]) / len(y)
    >>> check_weighted_ce_grad(unweighted).passed  # doctest: +ELLIPSIS
    Not yet (weighted cross-entropy gradient): ... the class weights are missing...
    False
    """
    worst = 0.0
    for k, (z, y, c) in enumerate(_ce_cases(), start=1):
        got = require_array(
            call_student(func, z, y, c, what="my_weighted_ce_grad"),
            f"your gradient for case {k}",
            shape=z.shape,
        )
        want = _ce_numeric(z, y, c)
        if np.allclose(got, want, rtol=1e-5, atol=1e-6):
            worst = max(worst, float(np.abs(got - want).max()))
            continue
        top = z.max(axis=1, keepdims=True)
        p = np.exp(z - top) / np.exp(z - top).sum(axis=1, keepdims=True)
        plain = (p - np.eye(z.shape[1])[y]) / len(y)
        where = f"case {k} ({z.shape[0]} examples, {z.shape[1]} classes, weights {c.tolist()})"
        if np.allclose(got, plain, rtol=1e-5, atol=1e-6):
            fail(
                f"{where}: you return (p - y) / n: the class weights are missing; row i is "
                "scaled by the weight of its true class, class_weights[labels[i]]."
            )
        if np.allclose(got, want * len(y), rtol=1e-5, atol=1e-6):
            fail(f"{where}: your gradient is n times too large: the loss is a mean over n.")
        if np.allclose(got, -want, rtol=1e-5, atol=1e-6):
            fail(f"{where}: your gradient has the wrong sign: it is p - y, not y - p.")
        row = int(np.argmax(np.abs(got - want).max(axis=1)))
        fail(
            f"{where}: row {row} of your gradient is {np.round(got[row], 5).tolist()}, finite "
            f"differences of the loss give {np.round(want[row], 5).tolist()}."
        )
    return (
        f"your gradient matches finite differences of the weighted loss on {len(_ce_cases())} "
        f"cases (largest difference {worst:.1e}), logits near 750 included: the weight of the "
        "true class scales its example's p - y."
    )


# --- exercise 4 (predict, then verify): Adam's first step --------------------------------------

_ADAM_CASES = (
    (np.array([0.03, -40.0, 0.5]), 0.1),
    (np.array([[1e3, -0.02], [7.0, -3.0]]), 1e-3),
    (np.array([-0.8]), 0.01),
)


def _keras_adam_step(grad: np.ndarray, lr: float) -> np.ndarray:
    """Apply one step of ``keras.optimizers.Adam`` (default betas, epsilon) to zeros."""
    import keras

    optimizer = keras.optimizers.Adam(learning_rate=lr)
    variable = keras.Variable(np.zeros(grad.shape, dtype="float32"))
    optimizer.apply_gradients([(keras.ops.convert_to_tensor(grad.astype("float32")), variable)])
    return np.asarray(variable.numpy(), dtype=float)


@answer_check("Adam's first step")
def check_adam_first_step(func: Callable) -> str:
    """Check ``func(grad, lr)``: the predicted change of the weights in Adam's first step.

    Adam starts with zero moments. The check applies one step of ``keras.optimizers.Adam``
    (Keras's default betas and epsilon) with the check's own gradients, some tiny, some huge,
    and compares with the prediction (relative tolerance 1e-3, float32 arithmetic).

    Parameters
    ----------
    func : callable
        The student's prediction: a function of the gradient array and the learning rate that
        returns the change of every weight (same shape as the gradient).

    Returns
    -------
    CheckResult
        Truthy when every predicted step matches Keras's.

    Examples
    --------
    >>> check_adam_first_step(lambda g, lr: -lr * np.sign(g)).passed  # doctest: +ELLIPSIS
    Correct (Adam's first step): ...
    True
    """
    for grad, lr in _ADAM_CASES:
        got = require_array(
            call_student(func, grad, lr, what="my_adam_first_step"),
            f"your step for the gradient {grad.ravel().tolist()}",
            shape=grad.shape,
        )
        want = _keras_adam_step(grad, lr)
        if np.allclose(got, want, rtol=1e-3, atol=1e-9):
            continue
        case = f"for the gradient {grad.ravel().tolist()} and lr = {lr:g}"
        shown = f"you predict {got.ravel().round(6).tolist()}, Keras moves {want.ravel().round(6).tolist()}"
        if np.allclose(got, -want, rtol=1e-3):
            hint = "the sign is wrong: Adam, like SGD, moves against the gradient."
        elif np.allclose(got, -lr * grad, rtol=1e-3):
            hint = "that is SGD's step; Adam divides the mean gradient by its root-mean-square."
        elif np.allclose(got, want * (1 - 0.9) / np.sqrt(1 - 0.999), rtol=1e-3):
            hint = "the bias corrections m / (1 - beta1^t) and v / (1 - beta2^t) are missing."
        else:
            hint = "after one step m-hat = g and v-hat = g^2: what is m-hat / sqrt(v-hat)?"
        fail(f"{case} {shown}: {hint}")
    return (
        f"your prediction matches keras.optimizers.Adam on {len(_ADAM_CASES)} gradients: the "
        "first step moves every weight by the learning rate against the sign of its gradient, "
        "whatever the gradient's size (1e-2 or 1e3): Adam is blind to the gradient's scale."
    )
