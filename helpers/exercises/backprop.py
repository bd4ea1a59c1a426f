"""Answer checks for notebook 02 (gradient descent and back-propagation).

The lesson's forward and backward passes live in the notebook; the reference here is only what
the layer-backward check compares a student's answer with.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_array, check_int
from ..checks import CheckResult, _report

__all__ = ["check_learning_rate", "check_sigmoid_layer_backward", "sigmoid_layer_backward"]


def sigmoid_layer_backward(x, W, b, grad_a):
    """Backward pass of a dense sigmoid layer :math:`a = \\sigma(xW + b)`.

    Parameters
    ----------
    x : array-like, shape (n, d_in)
        The layer's input batch.
    W : array-like, shape (d_in, d_out)
        Weights.
    b : array-like, shape (d_out,)
        Biases.
    grad_a : array-like, shape (n, d_out)
        Gradient of the loss with respect to the layer's output ``a``.

    Returns
    -------
    grad_x : numpy.ndarray, shape (n, d_in)
        :math:`\\partial L/\\partial x`.
    grad_W : numpy.ndarray, shape (d_in, d_out)
        :math:`\\partial L/\\partial W`.
    grad_b : numpy.ndarray, shape (d_out,)
        :math:`\\partial L/\\partial b`.

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Examples
    --------
    >>> gx, gW, gb = sigmoid_layer_backward([[0.0]], [[1.0]], [0.0], [[1.0]])
    >>> float(gx[0, 0]), float(gW[0, 0]), float(gb[0])
    (0.25, 0.0, 0.25)
    """
    x = check_array(x, "x", ndim=2)
    W = check_array(W, "W", ndim=2)
    b = check_array(b, "b", ndim=1)
    grad_a = check_array(grad_a, "grad_a", ndim=2)
    if W.shape[0] != x.shape[1]:
        raise ValueError(
            f"W must have {x.shape[1]} rows (x has {x.shape[1]} columns), got {W.shape}"
        )
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},), got {b.shape}")
    if grad_a.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"grad_a must have shape ({x.shape[0]}, {W.shape[1]}), got {grad_a.shape}")
    a = 1.0 / (1.0 + np.exp(-(x @ W + b)))
    grad_z = grad_a * a * (1.0 - a)
    return grad_z @ W.T, x.T @ grad_z, grad_z.sum(axis=0)


def _case(seed: int):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6, 4))
    W = rng.normal(size=(4, 3))
    b = rng.normal(size=3)
    grad_a = rng.normal(size=(6, 3))
    return x, W, b, grad_a


def check_sigmoid_layer_backward(func) -> CheckResult:
    """Check a student's ``func(x, W, b, grad_a) -> (grad_x, grad_W, grad_b)``.

    Parameters
    ----------
    func : callable
        The student's backward pass of :math:`a = \\sigma(xW + b)`.

    Returns
    -------
    CheckResult
        Truthy when all three gradients match on two random test layers.

    Examples
    --------
    >>> check_sigmoid_layer_backward(sigmoid_layer_backward).passed
    Correct (layer backward): grad_x, grad_W and grad_b match on 2 random layers.
    True
    """
    name = "layer backward"
    if not callable(func):
        return _report(False, name, f"expected a function, got {type(func).__name__}.")
    for seed in (0, 1):
        x, W, b, grad_a = _case(seed)
        want = sigmoid_layer_backward(x, W, b, grad_a)
        try:
            got = func(x.copy(), W.copy(), b.copy(), grad_a.copy())
        except NotImplementedError:
            return _report(False, name, "not implemented yet: write the function body.")
        except Exception as error:  # the student's code failed: say how
            return _report(False, name, f"calling it raised {type(error).__name__}: {error}.")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return _report(False, name, "return three arrays: (grad_x, grad_W, grad_b).")
        for label, g, w in zip(("grad_x", "grad_W", "grad_b"), got, want, strict=True):
            g = np.asarray(g, dtype=float)
            if g.shape != w.shape:
                return _report(False, name, f"{label} has shape {g.shape}, expected {w.shape}.")
            if not np.allclose(g, w, rtol=1e-6, atol=1e-9):
                no_sigma = (grad_a @ W.T, x.T @ grad_a, grad_a.sum(axis=0))
                forgot = np.allclose(g, no_sigma[("grad_x", "grad_W", "grad_b").index(label)])
                hint = (
                    "you skipped the activation: first grad_z = grad_a * a * (1 - a)."
                    if forgot
                    else "chain rule: grad_z = grad_a * a(1-a), grad_W = x.T @ grad_z, "
                    "grad_b = grad_z summed over the batch, grad_x = grad_z @ W.T."
                )
                return _report(False, name, f"{label} is wrong; {hint}")
    return _report(True, name, "grad_x, grad_W and grad_b match on 2 random layers.")


def check_learning_rate(lr, hessian, *, n_steps: int = 50, tol: float = 1e-3) -> CheckResult:
    """Check that gradient descent with step ``lr`` converges on a quadratic loss.

    On :math:`J(w) = \\tfrac12 (w - w^*)^T H (w - w^*)` one step multiplies the error along
    the eigenvector of eigenvalue :math:`\\lambda` by :math:`1 - \\alpha\\lambda`. The check
    passes when every factor raised to ``n_steps`` is below ``tol``.

    Parameters
    ----------
    lr : float
        The learning rate :math:`\\alpha`.
    hessian : array-like, shape (k, k)
        Symmetric positive-definite Hessian of the loss.
    n_steps : int, optional
        Number of steps allowed (default 50).
    tol : float, optional
        Required reduction of the distance to the minimum (default 1e-3).

    Returns
    -------
    CheckResult
        Truthy when ``lr`` converges within ``n_steps``.

    Raises
    ------
    ValueError
        If ``hessian`` is not a square matrix.

    Examples
    --------
    >>> check_learning_rate(0.5, [[2.0, 0.0], [0.0, 1.0]]).passed  # doctest: +ELLIPSIS
    Correct (learning rate): 0.5 converges: after 50 steps the error is at most ...e-16 of the start.
    True
    >>> check_learning_rate(1.5, [[2.0, 0.0], [0.0, 1.0]]).passed  # doctest: +ELLIPSIS
    Not yet (learning rate): 1.5 diverges: ...
    False
    """
    hessian = check_array(hessian, "hessian", ndim=2)
    if hessian.shape[0] != hessian.shape[1]:
        raise ValueError(f"hessian must be square, got shape {hessian.shape}")
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    name = "learning rate"
    if lr is None or lr is Ellipsis:
        return _report(False, name, "no answer yet: set a number.")
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)):
        return _report(False, name, f"expected a number, got {type(lr).__name__}.")
    lr = float(lr)
    eig = np.linalg.eigvalsh((hessian + hessian.T) / 2)
    limit = 2.0 / eig.max()
    if lr <= 0:
        return _report(False, name, f"{lr:g} must be positive: we step *down* the gradient.")
    factor = float(np.max(np.abs(1.0 - lr * eig)))
    if lr >= limit:
        return _report(
            False,
            name,
            f"{lr:g} diverges: along the steepest direction each step multiplies the error by "
            f"{factor:.3g} > 1. Stay below 2/lambda_max = {limit:.3g}.",
        )
    shrink = factor**n_steps
    if shrink > tol:
        return _report(
            False,
            name,
            f"{lr:g} converges but too slowly: after {n_steps} steps the error is still "
            f"{shrink:.2g} of the start (need < {tol:g}). Try a larger step.",
        )
    return _report(
        True,
        name,
        f"{lr:g} converges: after {n_steps} steps the error is at most {shrink:.1e} of the start.",
    )
