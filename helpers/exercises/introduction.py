"""Answer checks for notebook 00 (introduction)."""

from __future__ import annotations

import numpy as np

from ..checks import CheckResult, _report, check_value

__all__ = ["BUZZWORDS", "METHODS", "check_buzzwords", "check_neuron_output", "neuron_reference"]

#: The deck's buzzwords, as printed on the slide.
BUZZWORDS = (
    "machine learning",
    "deep learning",
    "AI",
    "neural network",
    "Bayesian analysis",
    "gravitational waves",
    "exoplanets",
    "dark matter",
)

#: Which buzzwords name methods (ways of learning from data) rather than things in the sky.
METHODS = frozenset(
    {"machine learning", "deep learning", "ai", "neural network", "bayesian analysis"}
)


def neuron_reference(x, w, b) -> float:
    """Output of one sigmoid neuron, :math:`\\sigma(w \\cdot x + b)` (the exercise's answer).

    Parameters
    ----------
    x, w : array-like
        Inputs and weights, same length.
    b : float
        Bias.

    Returns
    -------
    float
        The neuron's output, between 0 and 1.

    Examples
    --------
    >>> neuron_reference([1.0, 2.0], [0.5, -0.25], 0.0)
    0.5
    """
    z = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)) + float(b))
    return float(1.0 / (1.0 + np.exp(-z)))


def check_neuron_output(answer, x, w, b) -> CheckResult:
    """Check the output of one sigmoid neuron with inputs ``x``, weights ``w``, bias ``b``.

    Parameters
    ----------
    answer : float
        The student's value of :math:`\\sigma(w \\cdot x + b)`.
    x, w : array-like
        Inputs and weights (same length).
    b : float
        Bias.

    Returns
    -------
    CheckResult
        Truthy when the answer is right to 1e-6.

    Raises
    ------
    ValueError
        If ``x`` and ``w`` have different lengths.

    Examples
    --------
    >>> check_neuron_output(0.5, [1.0], [0.0], 0.0).passed
    Correct (neuron output): 0.5 is right.
    True
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if x.shape != w.shape:
        raise ValueError(f"x and w must have the same shape, got {x.shape} and {w.shape}")
    z = float(w @ x + b)
    hint = f"first the weighted sum z = w·x + b (here {z:.4f}), then the sigmoid 1/(1+exp(-z))."
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return check_value(answer, neuron_reference(x, w, b), name="neuron output", hint=hint)
    if np.isclose(value, z, rtol=1e-6):
        return _report(
            False, "neuron output", "that is the weighted sum z; apply the sigmoid to it."
        )
    return check_value(answer, neuron_reference(x, w, b), name="neuron output", hint=hint)


def check_buzzwords(methods) -> CheckResult:
    """Check which of the deck's buzzwords are methods rather than science topics.

    Parameters
    ----------
    methods : iterable of str
        The buzzwords the student calls methods (case-insensitive).

    Returns
    -------
    CheckResult
        Truthy when exactly the methods were chosen.

    Examples
    --------
    >>> check_buzzwords(["exoplanets"]).passed  # doctest: +ELLIPSIS
    Not yet (buzzwords): missing ...
    False
    """
    if methods is None or methods is Ellipsis or isinstance(methods, str):
        return _report(False, "buzzwords", "give a list of buzzwords, e.g. ['deep learning'].")
    chosen = {str(m).strip().lower() for m in methods}
    known = {b.lower() for b in BUZZWORDS}
    unknown = sorted(chosen - known)
    if unknown:
        return _report(False, "buzzwords", f"{unknown} are not on the slide; spell as printed.")
    missing = sorted(METHODS - chosen)
    extra = sorted(chosen - METHODS)
    if not missing and not extra:
        return _report(
            True,
            "buzzwords",
            "the first five are ways to learn from data; the last three are what astronomers "
            "point them at.",
        )
    parts = []
    if missing:
        parts.append(f"missing {missing}")
    if extra:
        parts.append(f"{extra} are things in the Universe, not methods")
    return _report(False, "buzzwords", "; ".join(parts) + ".")
