"""Answer checks for notebook 01 (activation functions).

Each check calls the student's function on cases it builds itself and compares what the
function *does* with a measurement: the dead-unit count with the gradient ReLU really passes
(TensorFlow's convention ``ReLU'(0) = 0``), the SiLU derivative with finite differences of
the SiLU, the predicted gradient of a sigmoid chain with the chain run layer by layer.

Examples
--------
>>> import numpy as np
>>> from helpers.exercises import activations as ex
>>> ex.check_dead_fraction(lambda z: np.mean(np.all(np.asarray(z) <= 0, axis=0))).passed
Correct (dead ReLU units): on 3 layers of the check's own pre-activations your fraction of dead units is right (a unit whose input is exactly 0 gets no gradient either).
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validation import check_float, check_int
from ..checks import answer_check, call_student, fail, require_array, require_number

__all__ = [
    "chain_gradient",
    "check_chain_gradient",
    "check_dead_fraction",
    "check_silu",
    "silu_derivative_reference",
    "silu_reference",
]


# --- exercise 1 (warm-up): dead ReLU units ---------------------------------------------------


def _dead_cases() -> list[tuple[np.ndarray, float]]:
    """Pre-activation batches (examples x units) and the true fraction of dead units."""
    rng = np.random.default_rng(101)
    cases = []
    z = rng.normal(size=(200, 8))
    z[:, :3] -= 12.0  # negative for every example: dead
    z[:, 3] = 0.0  # exactly 0 for every example: ReLU'(0) = 0, dead too
    z[:, 4] = np.minimum(z[:, 4], 0.0)  # 0 or negative ...
    z[7, 4] = 0.5  # ... except one example: alive
    cases.append((z, 4 / 8))
    cases.append((rng.normal(size=(100, 6)), 0.0))  # every unit fires for some example
    z = rng.normal(1.0, 1.0, size=(50, 5))
    z[:, 2] = -np.abs(z[:, 2])  # negative or zero
    z[::3, 2] = 0.0
    cases.append((z, 1 / 5))
    return cases


@answer_check("dead ReLU units")
def check_dead_fraction(func: Callable) -> str:
    """Check ``func(z)``: the fraction of ReLU units in a layer that learn nothing.

    ``z`` holds a layer's pre-activations, one row per example and one column per unit. A
    unit is dead when ReLU passes no gradient back for *any* example: with TensorFlow's
    ``ReLU'(0) = 0`` that is every unit whose inputs are all ``<= 0``.

    Parameters
    ----------
    func : callable
        The student's function of ``z`` returning a number in [0, 1].

    Returns
    -------
    CheckResult
        Truthy when the fraction is right on the check's three layers.

    Examples
    --------
    >>> check_dead_fraction(lambda z: np.mean(np.asarray(z) <= 0)).passed  # doctest: +ELLIPSIS
    Not yet (dead ReLU units): ... that is the fraction of (example, unit) entries ...
    False
    """
    for k, (z, truth) in enumerate(_dead_cases(), start=1):
        got = require_number(
            call_student(func, z, what="your function"), f"your fraction for layer {k}"
        )
        if np.isclose(got, truth, atol=1e-9):
            continue
        shape = f"layer {k} ({z.shape[0]} examples x {z.shape[1]} units)"
        strict = float(np.mean(np.all(z < 0, axis=0)))
        if np.isclose(got, strict) and not np.isclose(strict, truth):
            fail(
                f"for {shape} you count {got:.3g}, the truth is {truth:.3g}: a unit whose "
                "input is exactly 0 gets ReLU'(0) = 0 in TensorFlow, so it is dead too (use <= 0)."
            )
        if np.isclose(got, np.mean(z <= 0)) or np.isclose(got, np.mean(z < 0)):
            fail(
                f"for {shape} you return {got:.3g}, the truth is {truth:.3g}: that is the "
                "fraction of (example, unit) entries below 0; a unit is dead only if it is "
                "inactive for every example (reduce over axis 0, the examples)."
            )
        if np.isclose(got, np.mean(np.any(z <= 0, axis=0))):
            fail(
                f"for {shape} you return {got:.3g}, the truth is {truth:.3g}: one example "
                "with a positive input keeps a unit alive (all examples, not any)."
            )
        fail(f"for {shape} you return {got:.3g}, the truth is {truth:.3g}.")
    return (
        "on 3 layers of the check's own pre-activations your fraction of dead units is right "
        "(a unit whose input is exactly 0 gets no gradient either)."
    )


# --- exercise 2 (build): SiLU and its derivative ---------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function without overflow: e^x / (1 + e^x) below 0, 1 / (1 + e^-x) above."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def silu_reference(x) -> np.ndarray:
    """SiLU (swish), :math:`x\\,\\sigma(x)`, computed without overflow.

    Parameters
    ----------
    x : array-like
        Inputs.

    Returns
    -------
    numpy.ndarray
        :math:`x / (1 + e^{-x})`, float64.

    Examples
    --------
    >>> silu_reference([-1.0, 0.0, 1.0]).round(4).tolist()
    [-0.2689, 0.0, 0.7311]
    """
    x = np.asarray(x, dtype=float)
    return x * _sigmoid(x)


def silu_derivative_reference(x) -> np.ndarray:
    """Derivative of the SiLU: :math:`\\sigma(x) + x\\,\\sigma(x)\\,(1 - \\sigma(x))`.

    Parameters
    ----------
    x : array-like
        Inputs.

    Returns
    -------
    numpy.ndarray
        The derivative, float64.

    Examples
    --------
    >>> silu_derivative_reference([0.0]).tolist()
    [0.5]
    """
    x = np.asarray(x, dtype=float)
    s = _sigmoid(x)
    return s + x * s * (1.0 - s)


_SILU_X = np.concatenate([np.linspace(-30.0, 30.0, 241), [-1.2785, 0.0, 1e-3, 2.5]])


def _compare(got: np.ndarray, want: np.ndarray, what: str) -> None:
    bad = ~np.isclose(got, want, rtol=1e-6, atol=1e-8)
    if bad.any():
        i = int(np.flatnonzero(bad)[np.argmax(np.abs(got - want)[bad])])
        fail(
            f"{what} at x = {_SILU_X[i]:.4g} is {got[i]:.6g}, expected {want[i]:.6g} "
            f"({int(bad.sum())} of {bad.size} values differ)."
        )


@answer_check("SiLU and its derivative")
def check_silu(func: Callable, derivative: Callable) -> str:
    """Check ``func(x)`` (the SiLU, :math:`x\\sigma(x)`) and ``derivative(x)``, its slope.

    Both are called on the check's own 245 inputs between -30 and 30. The SiLU is compared
    with :math:`x\\sigma(x)`; the derivative with central finite differences of it.

    Parameters
    ----------
    func : callable
        The student's SiLU for numpy arrays.
    derivative : callable
        The student's derivative for numpy arrays.

    Returns
    -------
    CheckResult
        Truthy when both match.

    Examples
    --------
    >>> check_silu(silu_reference, silu_derivative_reference).passed  # doctest: +ELLIPSIS
    Correct (SiLU and its derivative): ...
    True
    """
    x = _SILU_X.copy()
    got_f = require_array(call_student(func, x, what="my_silu"), "what my_silu returned")
    if got_f.shape != x.shape:
        fail(f"my_silu returned shape {got_f.shape} for an input of shape {x.shape}.")
    _compare(got_f, silu_reference(x), "my_silu")
    got_d = require_array(
        call_student(derivative, x, what="my_silu_prime"), "what my_silu_prime returned"
    )
    if got_d.shape != x.shape:
        fail(f"my_silu_prime returned shape {got_d.shape} for an input of shape {x.shape}.")
    h = 1e-5
    numeric = (silu_reference(x + h) - silu_reference(x - h)) / (2 * h)
    s = _sigmoid(x)
    if np.allclose(got_d, s, rtol=1e-6, atol=1e-8):
        fail(
            "my_silu_prime returns sigma(x): the product rule gives two terms, "
            "d/dx [x sigma(x)] = sigma(x) + x sigma'(x)."
        )
    bad = ~np.isclose(got_d, numeric, rtol=1e-5, atol=1e-6)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        fail(
            f"my_silu_prime at x = {x[i]:.4g} is {got_d[i]:.6g}, but finite differences of "
            f"the SiLU give {numeric[i]:.6g} ({int(bad.sum())} of {bad.size} values differ)."
        )
    minimum = float(x[np.argmin(silu_reference(x))])
    return (
        f"my_silu matches x sigma(x) and my_silu_prime matches finite differences on "
        f"{x.size} inputs; the SiLU dips below 0 (its minimum is near x = {minimum:.2f}) and, "
        "like ReLU, keeps a slope of 1 for large x."
    )


# --- exercise 3 (predict, then verify): the gradient through a sigmoid chain --------------------


def chain_gradient(w: float, n_layers: int) -> float:
    """Run the chain :math:`a_l = \\sigma(w a_{l-1} - w/2)` from :math:`a_0 = 1/2` and return
    :math:`\\partial a_L / \\partial a_0`, accumulated layer by layer (forward-mode chain rule).

    Parameters
    ----------
    w : float
        The weight shared by every layer (the bias is :math:`-w/2`).
    n_layers : int
        Number of layers :math:`L \\ge 1`.

    Returns
    -------
    float
        The derivative of the last activation with respect to the input.

    Raises
    ------
    TypeError, ValueError
        If ``w`` is not a finite number or ``n_layers`` is not a positive integer.

    Examples
    --------
    >>> round(chain_gradient(8.0, 3), 6)
    8.0
    """
    w = check_float(w, "w")
    n_layers = check_int(n_layers, "n_layers", minimum=1)
    a, slope = 0.5, 1.0
    for _ in range(n_layers):
        s = 1.0 / (1.0 + np.exp(-(w * a - w / 2)))
        slope *= w * s * (1.0 - s)  # d a_l / d a_{l-1} = w sigma'(z_l)
        a = s
    return float(slope)


_CHAIN_CASES = ((1.0, 1), (1.0, 10), (4.0, 10), (6.0, 5), (8.0, 10), (-6.0, 3), (2.0, 20))


@answer_check("gradient through a sigmoid chain")
def check_chain_gradient(func: Callable) -> str:
    """Check ``func(w, n_layers)``: the predicted :math:`\\partial a_L/\\partial a_0` of the
    chain :math:`a_l = \\sigma(w a_{l-1} - w/2)`, :math:`a_0 = 1/2`.

    The check runs the chain itself (:func:`chain_gradient`) for seven weights and depths and
    compares with the prediction (relative tolerance 1e-6).

    Parameters
    ----------
    func : callable
        The student's prediction, a function of ``(w, n_layers)``.

    Returns
    -------
    CheckResult
        Truthy when every prediction matches the chain.

    Examples
    --------
    >>> check_chain_gradient(lambda w, n: 0.25**n).passed  # doctest: +ELLIPSIS
    Not yet (gradient through a sigmoid chain): for w = 4, L = 10 you predict 9.537e-07; running the chain gives 1. ... leaves out the weights...
    False
    """
    for w, n in _CHAIN_CASES:
        got = require_number(
            call_student(func, w, n, what="your function"), f"your prediction for w = {w:g}"
        )
        truth = chain_gradient(w, n)
        if np.isclose(got, truth, rtol=1e-6, atol=0.0):
            continue
        hint = "Where does a_l stay, and what is sigma' there? Each layer also multiplies by w."
        if np.isclose(got, 0.25**n, rtol=1e-6):
            hint = "(1/4)^L leaves out the weights: each layer multiplies by w sigma'(z), not sigma'(z)."
        elif np.isclose(got, abs(truth), rtol=1e-6):
            hint = (
                "the size is right but the sign is not: a negative w flips the sign at every layer."
            )
        fail(
            f"for w = {w:g}, L = {n} you predict {got:.4g}; running the chain gives "
            f"{truth:.4g}. {hint}"
        )
    return (
        f"your prediction matches the chain run layer by layer for {len(_CHAIN_CASES)} "
        "weights and depths: at the fixed point a = 1/2 every layer multiplies the gradient "
        "by w/4, so it vanishes for |w| < 4 and explodes for |w| > 4."
    )
