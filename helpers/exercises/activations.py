"""Answer checks for notebook 01 (activation functions).

The lesson's own numpy implementations live in the notebook; the references here are only
what the checks compare a student's answer with.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_array, check_float
from ..checks import CheckResult, _report, check_choice, check_function

__all__ = [
    "OUTPUT_ACTIVATION_EXPLANATIONS",
    "check_elu",
    "check_output_activation",
    "elu_derivative_reference",
    "elu_reference",
]


def elu_reference(x, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit, :math:`x` for :math:`x \\ge 0`, :math:`\\alpha(e^x - 1)` below.

    Parameters
    ----------
    x : array-like
        Input values (finite).
    alpha : float, optional
        Value the function approaches for :math:`x \\to -\\infty` is :math:`-\\alpha`;
        must be > 0 (default 1).

    Returns
    -------
    numpy.ndarray
        ELU of ``x``, float64, same shape as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric or ``alpha`` is not a real number.
    ValueError
        If ``x`` has non-finite values or ``alpha`` is not positive.

    Examples
    --------
    >>> elu_reference([-1.0, 0.0, 2.0], alpha=1.0).round(4).tolist()
    [-0.6321, 0.0, 2.0]
    """
    x = check_array(x, "x", min_size=0)
    alpha = check_float(alpha, "alpha", minimum=0.0, exclusive_minimum=True)
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative_reference(x, alpha: float = 1.0) -> np.ndarray:
    """Derivative of the ELU: 1 for :math:`x \\ge 0`, :math:`f(x) + \\alpha = \\alpha e^x` below.

    Parameters
    ----------
    x : array-like
        Input values (finite).
    alpha : float, optional
        ELU parameter, > 0 (default 1).

    Returns
    -------
    numpy.ndarray
        :math:`f'(x)`, float64, same shape as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric or ``alpha`` is not a real number.
    ValueError
        If ``x`` has non-finite values or ``alpha`` is not positive.

    Examples
    --------
    >>> elu_derivative_reference([-1.0, 0.0, 2.0], alpha=0.5).round(4).tolist()
    [0.1839, 1.0, 1.0]
    """
    x = check_array(x, "x", min_size=0)
    alpha = check_float(alpha, "alpha", minimum=0.0, exclusive_minimum=True)
    return np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


#: Test inputs for the ELU checks: both branches, zero, large negative values, several alphas.
_ELU_CASES = (
    *((np.linspace(-6.0, 3.0, 37), alpha) for alpha in (1.0, 0.5, 2.0)),
    (np.array([-30.0, -1e-3, 0.0, 1e-3, 30.0]), 1.0),
)


def check_elu(elu, elu_derivative) -> CheckResult:
    """Check a student's ELU and its derivative, both called as ``f(x, alpha)`` on arrays.

    Parameters
    ----------
    elu : callable
        ``elu(x, alpha)`` returning an array shaped like ``x``.
    elu_derivative : callable
        ``elu_derivative(x, alpha)`` returning :math:`f'(x)`.

    Returns
    -------
    CheckResult
        Truthy when both match the references for alpha = 0.5, 1 and 2.

    Examples
    --------
    >>> check_elu(elu_reference, elu_derivative_reference).passed
    Correct (ELU): matches the reference on 4 test input(s).
    Correct (ELU derivative): matches the reference on 4 test input(s).
    Correct (ELU and derivative): both agree for alpha = 0.5, 1 and 2.
    True
    """
    first = check_function(
        elu,
        elu_reference,
        _ELU_CASES,
        name="ELU",
        hint="alpha * (exp(x) - 1) for x < 0 and x itself for x >= 0; np.where picks per element.",
    )
    second = check_function(
        elu_derivative,
        elu_derivative_reference,
        _ELU_CASES,
        name="ELU derivative",
        hint="for x < 0 the derivative is f(x) + alpha = alpha * exp(x); for x >= 0 it is 1.",
    )
    if first and second:
        return _report(True, "ELU and derivative", "both agree for alpha = 0.5, 1 and 2.")
    return _report(False, "ELU and derivative", "fix the part marked 'Not yet' above.")


#: Why each activation is (or is not) the right one for a binary classifier's output neuron.
OUTPUT_ACTIVATION_EXPLANATIONS = {
    "sigmoid": "Its output lies in (0, 1) and reads as the probability of class 1; with binary "
    "cross-entropy its gradient does not saturate where the prediction is wrong.",
    "logistic": "The logistic function is the sigmoid: output in (0, 1), a probability.",
    "identity": "Its output is unbounded, so it cannot be a probability (use it for regression).",
    "linear": "Its output is unbounded, so it cannot be a probability (use it for regression).",
    "binary step": "Its output is 0 or 1 but its derivative is 0 everywhere: nothing to learn.",
    "tanh": "Its output lies in (-1, 1), not (0, 1); you would have to rescale it.",
    "arctan": "Its output lies in (-pi/2, pi/2), not a probability.",
    "relu": "Its output is unbounded above and exactly 0 for half the inputs: not a probability.",
    "prelu": "Its output is unbounded, so it cannot be a probability.",
    "elu": "Its output is unbounded above, so it cannot be a probability.",
    "softplus": "Its output is positive but unbounded, so it cannot be a probability.",
}


def check_output_activation(answer) -> CheckResult:
    """Check which activation a binary classifier's single output neuron should use.

    Parameters
    ----------
    answer : str
        A name from the lesson's table (case-insensitive), e.g. ``"tanh"``.

    Returns
    -------
    CheckResult
        Truthy for ``"sigmoid"`` (or ``"logistic"``).

    Examples
    --------
    >>> check_output_activation("relu").passed  # doctest: +ELLIPSIS
    Not yet (output activation): 'relu' is not the best choice. Its output is unbounded ...
    False
    """
    if isinstance(answer, str) and answer.strip().lower() not in OUTPUT_ACTIVATION_EXPLANATIONS:
        known = ", ".join(sorted(OUTPUT_ACTIVATION_EXPLANATIONS))
        return _report(
            False, "output activation", f"{answer!r} is not in the table; choose one of: {known}."
        )
    return check_choice(
        answer,
        ("sigmoid", "logistic"),
        name="output activation",
        explanations=OUTPUT_ACTIVATION_EXPLANATIONS,
    )
