"""Answer checks for exercises: call one with your answer and read what it says.

Every check prints one specific message, starting with ``Correct`` or ``Not yet``, and
returns a :class:`CheckResult` (truthy when the answer is right). A check never raises because
an answer is wrong, and never hides the reason behind a bare ``assert``. The lesson-specific
checks in :mod:`helpers.exercises` are built from the generic ones here.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._validation import check_float, check_str

__all__ = ["CheckResult", "check_choice", "check_function", "check_shape", "check_value"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of an answer check.

    Attributes
    ----------
    passed : bool
        Whether the answer is right.
    message : str
        What the check printed.
    """

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        # The message was printed when the check ran; showing it twice would be noise.
        return None


def _report(passed: bool, name: str, detail: str) -> CheckResult:
    prefix = "Correct" if passed else "Not yet"
    message = f"{prefix} ({name}): {detail}"
    print(message)
    return CheckResult(passed, message)


def check_value(
    answer,
    expected,
    *,
    name: str = "answer",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
) -> CheckResult:
    """Compare a number or array with the expected one.

    Parameters
    ----------
    answer : float or array-like
        The student's value.
    expected : float or array-like
        The right value.
    name : str, optional
        What is being checked, used in the message.
    rtol, atol : float, optional
        Relative and absolute tolerance, as in :func:`numpy.allclose`.
    hint : str, optional
        Added to the message when the answer is wrong.

    Returns
    -------
    CheckResult
        Truthy when ``answer`` matches ``expected`` within tolerance.

    Raises
    ------
    TypeError
        If ``name`` or ``hint`` is not a string.
    ValueError
        If a tolerance is negative.

    Examples
    --------
    >>> check_value(0.5, 0.5, name="sigmoid(0)").passed
    Correct (sigmoid(0)): 0.5 is right.
    True
    >>> check_value(1.0, 0.5, name="sigmoid(0)", hint="use 1/(1+e^-x)").passed
    Not yet (sigmoid(0)): got 1, expected 0.5. Hint: use 1/(1+e^-x)
    False
    """
    check_str(name, "name")
    check_str(hint, "hint")
    check_float(rtol, "rtol", minimum=0)
    check_float(atol, "atol", minimum=0)
    suffix = f" Hint: {hint}" if hint else ""
    if answer is None or answer is Ellipsis:
        return _report(
            False, name, "no answer yet: replace the placeholder with your value." + suffix
        )
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return _report(
            False, name, f"expected a number, got {type(answer).__name__} {answer!r}." + suffix
        )
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        return _report(False, name, f"shape {got.shape}, expected {want.shape}." + suffix)
    if not np.all(np.isfinite(got)):
        return _report(False, name, "the answer contains NaN or infinity." + suffix)
    if np.allclose(got, want, rtol=rtol, atol=atol):
        shown = f"{float(got):.6g}" if got.ndim == 0 else f"all {got.size} values"
        return _report(True, name, f"{shown} is right." if got.ndim == 0 else f"{shown} match.")
    if got.ndim == 0:
        return _report(False, name, f"got {float(got):.6g}, expected {float(want):.6g}." + suffix)
    wrong = np.flatnonzero(~np.isclose(got, want, rtol=rtol, atol=atol))
    first = np.unravel_index(wrong[0], want.shape)
    return _report(
        False,
        name,
        f"{wrong.size} of {want.size} values differ; first at index {tuple(map(int, first))}: "
        f"got {got[first]:.6g}, expected {want[first]:.6g}." + suffix,
    )


def check_function(
    func: Callable,
    reference: Callable,
    inputs: Iterable,
    *,
    name: str = "function",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
) -> CheckResult:
    """Call a student's function on test inputs and compare with a reference implementation.

    Parameters
    ----------
    func : callable
        The student's function.
    reference : callable
        The right implementation, called with the same arguments.
    inputs : iterable
        Test cases: each is a tuple of positional arguments (a non-tuple is one argument).
    name : str, optional
        What is being checked, used in the message.
    rtol, atol : float, optional
        Tolerances as in :func:`numpy.allclose`.
    hint : str, optional
        Added to the message when an output is wrong.

    Returns
    -------
    CheckResult
        Truthy when every output matches.

    Raises
    ------
    TypeError
        If ``reference`` is not callable.

    Examples
    --------
    >>> import numpy as np
    >>> check_function(np.tanh, np.tanh, [np.linspace(-2, 2, 5)], name="tanh").passed
    Correct (tanh): matches the reference on 1 test input(s).
    True
    """
    check_str(name, "name")
    if not callable(reference):
        raise TypeError(f"reference must be callable, got {type(reference).__name__}")
    if not callable(func):
        return _report(False, name, f"expected a function, got {type(func).__name__} {func!r}.")
    cases = [case if isinstance(case, tuple) else (case,) for case in inputs]
    suffix = f" Hint: {hint}" if hint else ""
    for case in cases:
        want = np.asarray(reference(*case), dtype=float)
        try:
            got_raw = func(*case)
        except NotImplementedError:
            return _report(False, name, "not implemented yet: write the function body.")
        except Exception as error:  # the student's code failed: say how
            return _report(
                False, name, f"calling it raised {type(error).__name__}: {error}." + suffix
            )
        try:
            got = np.asarray(got_raw, dtype=float)
        except (TypeError, ValueError):
            return _report(
                False, name, f"it returned {type(got_raw).__name__}, expected numbers." + suffix
            )
        if got.shape != want.shape:
            return _report(
                False,
                name,
                f"for input(s) of shape {[np.shape(a) for a in case]} it returned shape "
                f"{got.shape}, expected {want.shape}." + suffix,
            )
        if not np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
            bad = np.flatnonzero(~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True))
            index = np.unravel_index(bad[0], want.shape) if want.ndim else ()
            where = ""
            if want.ndim and np.ndim(case[0]) == want.ndim and np.shape(case[0]) == want.shape:
                where = f" at input {np.asarray(case[0], dtype=float)[index]:.4g}"
            return _report(
                False,
                name,
                f"wrong value{where}: got {got[index]:.6g}, expected {want[index]:.6g} "
                f"({bad.size} of {max(want.size, 1)} values differ)." + suffix,
            )
    return _report(True, name, f"matches the reference on {len(cases)} test input(s).")


def check_shape(answer, expected: Sequence[int], *, name: str = "shape") -> CheckResult:
    """Compare a shape (a tuple of ints; ``None`` allowed for the batch axis).

    Parameters
    ----------
    answer : tuple
        The student's shape.
    expected : sequence of int or None
        The right shape.
    name : str, optional
        What is being checked.

    Returns
    -------
    CheckResult
        Truthy when the shapes are equal.

    Examples
    --------
    >>> check_shape((None, 14, 14, 8), (None, 14, 14, 8)).passed
    Correct (shape): (None, 14, 14, 8) is right.
    True
    """
    check_str(name, "name")
    want = tuple(expected)
    if answer is None or answer is Ellipsis:
        return _report(False, name, "no answer yet: replace the placeholder with a tuple.")
    try:
        got = tuple(None if a is None else int(a) for a in answer)
    except (TypeError, ValueError):
        return _report(False, name, f"expected a tuple of integers, got {answer!r}.")
    if got == want:
        return _report(True, name, f"{got} is right.")
    if len(got) != len(want):
        return _report(False, name, f"{got} has {len(got)} axes, expected {len(want)}.")
    axes = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    return _report(False, name, f"{got} differs from the right shape on axis/axes {axes}.")


def check_choice(
    answer,
    correct,
    *,
    name: str = "choice",
    explanations: Mapping | None = None,
) -> CheckResult:
    """Check a multiple-choice answer and explain why a wrong choice is wrong.

    Parameters
    ----------
    answer : str or number
        The student's choice (strings are compared case-insensitively, spaces trimmed).
    correct : str, number or collection of them
        The accepted choice(s).
    name : str, optional
        What is being checked.
    explanations : mapping, optional
        Choice -> sentence explaining it; shown for wrong choices (and for the right one).

    Returns
    -------
    CheckResult
        Truthy when ``answer`` is an accepted choice.

    Examples
    --------
    >>> check_choice("Sigmoid", "sigmoid", name="output activation").passed
    Correct (output activation): 'sigmoid'.
    True
    """
    check_str(name, "name")

    def norm(x):
        if isinstance(x, str):
            return x.strip().lower()
        if isinstance(x, numbers.Number):
            return x
        return x

    accepted = (
        {norm(c) for c in correct}
        if isinstance(correct, (set, frozenset, list, tuple))
        else {norm(correct)}
    )
    notes = {norm(k): v for k, v in (explanations or {}).items()}
    if answer is None or answer is Ellipsis:
        return _report(False, name, "no answer yet: replace the placeholder with your choice.")
    key = norm(answer)
    note = notes.get(key, "")
    if key in accepted:
        return _report(True, name, f"{key!r}." + (f" {note}" if note else ""))
    return _report(
        False, name, f"{key!r} is not the best choice." + (f" {note}" if note else " Think again.")
    )
