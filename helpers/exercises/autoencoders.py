"""Answer checks for notebook 05 (autoencoders)."""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

from .._validation import check_array, check_float
from ..checks import CheckResult, _report, check_choice

__all__ = ["check_bottleneck_tradeoff", "check_threshold"]

_TRADEOFF = {
    "a": "Correct: a wider bottleneck keeps more information (lower reconstruction error) but "
    "compresses less and can learn to copy noise and anomalies too.",
    "b": "No: a narrower bottleneck must throw information away, so it reconstructs worse.",
    "c": "No: the bottleneck width changes the error, as your own numbers show.",
}


def check_bottleneck_tradeoff(mse_by_size: Mapping, choice: str) -> CheckResult:
    """Check reconstruction errors measured at several bottleneck sizes, and the trade-off.

    Parameters
    ----------
    mse_by_size : mapping of int to float
        Bottleneck size -> test reconstruction MSE, at least two sizes.
    choice : str
        The trade-off statement chosen: ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    CheckResult
        Truthy when the errors are valid, the widest bottleneck has the lowest error and the
        choice is right.

    Raises
    ------
    TypeError
        If ``choice`` is not a string.

    Examples
    --------
    >>> check_bottleneck_tradeoff({2: 0.004, 16: 0.002}, "a").passed
    Correct (bottleneck trade-off): 'a'. Correct: a wider bottleneck keeps more information (lower reconstruction error) but compresses less and can learn to copy noise and anomalies too.
    True
    """
    if not isinstance(choice, str) and choice is not None and choice is not Ellipsis:
        raise TypeError(f"choice must be a string ('a', 'b' or 'c'), got {type(choice).__name__}")
    name = "bottleneck trade-off"
    if not isinstance(mse_by_size, Mapping) or len(mse_by_size) < 2:
        return _report(
            False, name, "give a dict {bottleneck size: test MSE} with two sizes or more."
        )
    sizes = []
    for size, mse in mse_by_size.items():
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
            return _report(
                False, name, f"bottleneck sizes must be positive integers, got {size!r}."
            )
        try:
            value = float(mse)
        except (TypeError, ValueError):
            return _report(False, name, f"the MSE for size {size} is not a number: {mse!r}.")
        if not np.isfinite(value) or value <= 0:
            return _report(False, name, f"the MSE for size {size} must be positive, got {value}.")
        sizes.append((int(size), value))
    sizes.sort()
    if sizes[-1][1] >= sizes[0][1]:
        return _report(
            False,
            name,
            f"size {sizes[-1][0]} gave MSE {sizes[-1][1]:.5f}, not below size {sizes[0][0]} "
            f"({sizes[0][1]:.5f}): train the wider model longer or check you evaluated on the "
            "test images.",
        )
    return check_choice(choice, "a", name=name, explanations=_TRADEOFF)


def check_threshold(threshold, normal_scores, target_fpr: float) -> CheckResult:
    """Check an anomaly threshold that flags a given fraction of normal images.

    Parameters
    ----------
    threshold : float
        The student's threshold: images whose score is above it are flagged.
    normal_scores : array-like, shape (n,)
        Anomaly scores (reconstruction errors) of normal images.
    target_fpr : float
        Wanted false-positive rate, in (0, 1).

    Returns
    -------
    CheckResult
        Truthy when the fraction of normal scores above ``threshold`` is within one image
        (or 0.5 percentage points) of ``target_fpr``.

    Raises
    ------
    TypeError, ValueError
        If ``normal_scores`` is not a finite 1-D array or ``target_fpr`` is outside (0, 1).

    Examples
    --------
    >>> import numpy as np
    >>> scores = np.arange(100) / 100
    >>> check_threshold(0.945, scores, 0.05).passed
    Correct (anomaly threshold): it flags 5.0% of normal images (target 5.0%).
    True
    """
    scores = check_array(normal_scores, "normal_scores", ndim=1)
    fpr = check_float(target_fpr, "target_fpr", minimum=0.0, exclusive_minimum=True, maximum=1.0)
    if fpr >= 1.0:
        raise ValueError(f"target_fpr must be < 1, got {fpr}")
    name = "anomaly threshold"
    if threshold is None or threshold is Ellipsis:
        return _report(False, name, "no answer yet: replace the placeholder with a number.")
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        return _report(False, name, f"expected a number, got {threshold!r}.")
    got = float(np.mean(scores > value))
    tolerance = max(1.0 / scores.size, 0.005) + 1e-12
    message = f"it flags {100 * got:.1f}% of normal images (target {100 * fpr:.1f}%)."
    if abs(got - fpr) <= tolerance:
        return _report(True, name, message)
    return _report(
        False,
        name,
        message + " Hint: the threshold is the (1 - target) quantile of the normal scores.",
    )
