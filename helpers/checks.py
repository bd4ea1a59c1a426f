"""Answer checks for exercises: call one with your answer and read what it says.

Every check prints one specific message and returns a :class:`CheckResult` (truthy when the
answer is right). The message starts with

- ``Correct (what): ...`` when the answer is right;
- ``Not yet (what): ...`` with the reason when it is wrong (a wrong number, NaN, a wrong
  type, a function that raises);
- ``Not yet (not attempted: what): ...`` while the exercise is still open (the answer is
  ``None``, or the student's function still returns ``None``).

**A check never raises because of an answer.** That promise is kept in one place, the harness
of this module: a lesson's check (in :mod:`helpers.exercises`) is a function decorated with
:func:`answer_check` that returns the success message and calls :func:`fail` when something
is wrong; the ``require_*`` functions turn ``None``, NaN, wrong types and shapes into the
right "Not yet"; :func:`call_student` calls a student's function on *copies* of the check's
inputs. Anything else that goes wrong while the answer is evaluated is reported as "Not yet"
with the exception's text, never as a traceback.
"""

from __future__ import annotations

import copy
import functools
import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

import numpy as np

from ._validation import check_float, check_str

__all__ = [
    "CheckFailed",
    "CheckResult",
    "NotAttempted",
    "answer_check",
    "call_student",
    "check_choice",
    "check_function",
    "check_shape",
    "check_value",
    "fail",
    "not_attempted",
    "require_array",
    "require_callable",
    "require_history",
    "require_model",
    "require_number",
    "run_check",
]

NOT_ATTEMPTED = "not attempted"


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

    @property
    def attempted(self) -> bool:
        """``False`` while the exercise is still open (the answer is ``None``)."""
        return not self.message.startswith(f"Not yet ({NOT_ATTEMPTED}:")

    def _ipython_display_(self) -> None:
        # The message was printed when the check ran; showing it twice would be noise.
        return None


class CheckFailed(Exception):
    """Raised inside a check (by :func:`fail`) to report a wrong answer; never escapes it."""


class NotAttempted(Exception):
    """Raised inside a check (by :func:`not_attempted`) for an open exercise; never escapes."""


def fail(detail: str) -> NoReturn:
    """Stop the running check and report the answer as wrong, with ``detail`` as the reason.

    Parameters
    ----------
    detail : str
        What is wrong and, where it helps, how to fix it.

    Raises
    ------
    CheckFailed
        Always; :func:`run_check` turns it into ``Not yet (...): detail``.
    """
    raise CheckFailed(str(detail))


def not_attempted(detail: str) -> NoReturn:
    """Stop the running check and report the exercise as not attempted yet.

    Parameters
    ----------
    detail : str
        What the student should write.

    Raises
    ------
    NotAttempted
        Always; :func:`run_check` turns it into ``Not yet (not attempted: ...): detail``.
    """
    raise NotAttempted(str(detail))


def _report(passed: bool, name: str, detail: str) -> CheckResult:
    prefix = "Correct" if passed else "Not yet"
    message = f"{prefix} ({name}): {detail}"
    print(message)
    return CheckResult(passed, message)


def _describe(value) -> str:
    """A short description of a value for a message: its type and a clipped repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def run_check(name: str, body: Callable[[], str | CheckResult]) -> CheckResult:
    """Run one check's ``body`` inside the shared wrong-answer harness.

    Parameters
    ----------
    name : str
        What is checked; it appears in brackets in the message.
    body : callable
        Evaluates the answer. It returns the success message (a string), or calls
        :func:`fail` / :func:`not_attempted`.

    Returns
    -------
    CheckResult
        ``Correct`` with the returned message; ``Not yet`` with the reason given to
        :func:`fail`; ``Not yet (not attempted: name)`` for an open exercise; ``Not yet`` with
        the exception's text if evaluating the answer raised anything else.

    Examples
    --------
    >>> run_check("two", lambda: "2 is right.").passed
    Correct (two): 2 is right.
    True
    >>> run_check("two", lambda: fail("got 3.")).passed
    Not yet (two): got 3.
    False
    >>> run_check("two", lambda: not_attempted("write a number in place of None.")).passed
    Not yet (not attempted: two): write a number in place of None.
    False
    >>> run_check("two", lambda: 1 / 0).passed
    Not yet (two): the check could not use this answer (ZeroDivisionError: division by zero).
    False
    """
    try:
        outcome = body()
    except NotAttempted as reason:
        return _report(False, f"{NOT_ATTEMPTED}: {name}", str(reason))
    except CheckFailed as reason:
        return _report(False, name, str(reason))
    except Exception as error:  # the promise: an answer never makes a check raise
        return _report(
            False,
            name,
            f"the check could not use this answer ({type(error).__name__}: {error}).",
        )
    if isinstance(outcome, CheckResult):
        return outcome
    return _report(True, name, str(outcome))


def answer_check(name: str) -> Callable[[Callable[..., str]], Callable[..., CheckResult]]:
    """Decorator: make a lesson's check function run inside the shared harness.

    The decorated function evaluates the answer, returns the success message and calls
    :func:`fail` or :func:`not_attempted` (directly or through the ``require_*`` helpers)
    when the answer is wrong or missing. See :func:`run_check` for what is printed.

    Parameters
    ----------
    name : str
        What the check is about, shown in brackets in every message.

    Returns
    -------
    callable
        The decorator.

    Examples
    --------
    >>> @answer_check("half")
    ... def check_half(answer):
    ...     value = require_number(answer, "your answer")
    ...     if value != 0.5:
    ...         fail(f"got {value:g}, expected 0.5.")
    ...     return "0.5 is right."
    >>> check_half(None).passed
    Not yet (not attempted: half): your answer is still None: write it in place of None, then run the cell.
    False
    >>> check_half(float("nan")).passed
    Not yet (half): your answer is NaN; a number is needed.
    False
    >>> check_half(0.5).passed
    Correct (half): 0.5 is right.
    True
    """
    check_str(name, "name")

    def decorate(func: Callable[..., str]) -> Callable[..., CheckResult]:
        @functools.wraps(func)
        def wrapper(*args, **kwargs) -> CheckResult:
            return run_check(name, lambda: func(*args, **kwargs))

        return wrapper

    return decorate


# --- turning answers into checked values -------------------------------------------------


def _missing(value) -> bool:
    return value is None or value is Ellipsis


def require_number(
    value,
    what: str = "the answer",
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float | int:
    """Return an answer as a finite number, or stop the check with the reason it is not one.

    Parameters
    ----------
    value : object
        The student's answer.
    what : str, optional
        How to name it in messages.
    integer : bool, optional
        Require a whole number (an ``int``; ``3.0`` is accepted as 3).
    minimum, maximum : float, optional
        Allowed range (inclusive).

    Returns
    -------
    float or int
        The number.

    Raises
    ------
    NotAttempted
        For ``None`` or ``...``.
    CheckFailed
        For a bool, a string or any non-number, NaN, infinity or a value out of range.
    """
    if _missing(value):
        not_attempted(f"{what} is still None: write it in place of None, then run the cell.")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        fail(f"{what} must be a number, got {_describe(value)}.")
    number = float(value)
    if math.isnan(number):
        fail(f"{what} is NaN; a number is needed.")
    if math.isinf(number):
        fail(f"{what} is infinite; a finite number is needed.")
    if integer:
        if number != round(number):
            fail(f"{what} must be a whole number, got {number:g}.")
        number = round(number)
    if minimum is not None and number < minimum:
        fail(f"{what} must be at least {minimum:g}, got {number:g}.")
    if maximum is not None and number > maximum:
        fail(f"{what} must be at most {maximum:g}, got {number:g}.")
    return number


def require_array(
    value,
    what: str = "the answer",
    *,
    shape: Sequence[int] | None = None,
    ndim: int | None = None,
    finite: bool = True,
) -> np.ndarray:
    """Return an answer as a float array, or stop the check with the reason it is not one.

    Parameters
    ----------
    value : array-like
        The student's answer.
    what : str, optional
        How to name it in messages.
    shape : sequence of int, optional
        Required shape.
    ndim : int, optional
        Required number of dimensions.
    finite : bool, optional
        Reject NaN and infinity (default ``True``).

    Returns
    -------
    numpy.ndarray
        A float64 copy of the answer.

    Raises
    ------
    NotAttempted
        For ``None`` or ``...``.
    CheckFailed
        For something that is not numbers (strings, booleans, ragged lists), a wrong shape, or
        NaN/infinite entries.
    """
    if _missing(value):
        not_attempted(f"{what} is still None: write it in place of None, then run the cell.")
    if isinstance(value, (str, bytes, Mapping, set, frozenset)):
        fail(f"{what} must be an array of numbers, got {_describe(value)}.")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as error:
        fail(f"{what} must be an array of numbers ({error}).")
    if raw.dtype == bool or raw.dtype.kind not in "iuf":
        if raw.dtype == object and raw.size and any(_missing(v) for v in raw.ravel()):
            not_attempted(f"{what} still holds None: fill in every entry.")
        fail(f"{what} must be an array of numbers, got an array of {raw.dtype}.")
    array = raw.astype(np.float64, copy=True)
    if ndim is not None and array.ndim != ndim:
        fail(f"{what} must have {ndim} dimension(s), got shape {array.shape}.")
    if shape is not None and array.shape != tuple(shape):
        fail(f"{what} has shape {array.shape}, expected {tuple(shape)}.")
    if finite and array.size and not np.all(np.isfinite(array)):
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        fail(f"{what} has {bad} NaN or infinite value(s) of {array.size}.")
    return array


def require_callable(func, what: str = "your function") -> Callable:
    """Return ``func`` if it is callable, else stop the check with the reason.

    Raises
    ------
    NotAttempted
        For ``None`` or ``...``.
    CheckFailed
        For anything else that cannot be called.
    """
    if _missing(func):
        not_attempted(f"{what} is still None: define the function, then run the cell.")
    if not callable(func):
        fail(f"expected a function for {what}, got {_describe(func)}.")
    return func


def call_student(func: Callable, *args, what: str = "your function", **kwargs):
    """Call a student's function on deep copies of the arguments and return what it returned.

    Copies protect the check's own test data from a function that works in place. A
    function that raises ``NotImplementedError`` or returns ``None`` is an open exercise.

    Parameters
    ----------
    func : callable
        The student's function (checked with :func:`require_callable` first).
    *args, **kwargs
        The arguments; each call gets fresh copies.
    what : str, optional
        How to name the function in messages.

    Returns
    -------
    object
        The function's return value (never ``None``).

    Raises
    ------
    NotAttempted
        If the function raises ``NotImplementedError`` or returns ``None``.
    CheckFailed
        If the function raises anything else (the message gives the exception).

    Examples
    --------
    >>> data = [1.0, 2.0]
    >>> def doubles_in_place(x):
    ...     x[0] = 99.0
    ...     return x
    >>> call_student(doubles_in_place, data)
    [99.0, 2.0]
    >>> data
    [1.0, 2.0]
    """
    func = require_callable(func, what)
    args = copy.deepcopy(args)
    kwargs = copy.deepcopy(kwargs)
    try:
        result = func(*args, **kwargs)
    except NotImplementedError:
        not_attempted(f"{what} is not written yet: write its body, then run the cell.")
    except Exception as error:  # the student's code failed: say how
        fail(f"calling {what} raised {type(error).__name__}: {error}.")
    if result is None:
        not_attempted(
            f"{what} returned None: write its body and end it with `return ...`, then run the cell."
        )
    return result


def require_model(model, what: str = "your model"):
    """Return a built Keras model, or stop the check with the reason it is not one.

    Parameters
    ----------
    model : keras.Model
        The student's model.
    what : str, optional
        How to name it in messages.

    Returns
    -------
    keras.Model
        The model, built (it knows its input shape).

    Raises
    ------
    NotAttempted
        For ``None`` or ``...``.
    CheckFailed
        If it is not a Keras model, or was never built (no ``keras.Input`` and never called).
    """
    import keras

    if _missing(model):
        not_attempted(f"{what} is still None: build it, then run the cell.")
    if not isinstance(model, keras.Model):
        fail(f"{what} must be a keras Model, got {_describe(model)}.")
    try:
        model.input_shape  # noqa: B018  (raises for a model that was never built)
    except (AttributeError, ValueError):
        fail(
            f"{what} has no input shape yet: start it with keras.Input(shape=...) so Keras "
            "knows the size of the data."
        )
    return model


def require_history(history, keys: Iterable[str] = ("loss",), what: str = "the history"):
    """Return the ``{metric: [values per epoch]}`` dict of a Keras History (or such a dict).

    Parameters
    ----------
    history : keras.callbacks.History or dict
        What ``model.fit`` returned, or its ``.history`` dict.
    keys : iterable of str, optional
        Metrics that must be present (default ``("loss",)``).
    what : str, optional
        How to name it in messages.

    Returns
    -------
    dict
        Metric name -> list of finite floats, one per epoch.

    Raises
    ------
    NotAttempted
        For ``None`` or ``...``.
    CheckFailed
        If it is not a history, lacks a required metric, is empty or holds NaN.
    """
    if _missing(history):
        not_attempted(f"{what} is still None: assign what model.fit(...) returns.")
    record = getattr(history, "history", history)
    if not isinstance(record, Mapping):
        fail(f"{what} must be what model.fit(...) returns, got {_describe(history)}.")
    out = {}
    for key in keys:
        if key not in record:
            present = sorted(str(k) for k in record)
            fail(
                f"{what} has no {key!r} (it has {present}); "
                + (
                    "pass validation_data=(x_val, y_val) to fit."
                    if key.startswith("val_")
                    else "train the model with fit."
                )
            )
    for key, values in record.items():
        out[str(key)] = list(require_array(values, f"{what}[{key!r}]", ndim=1))
        if not out[str(key)]:
            fail(f"{what}[{key!r}] is empty: train for at least one epoch.")
    return out


# --- generic checks ------------------------------------------------------------------------


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
    >>> check_value(None, 0.5, name="sigmoid(0)").passed
    Not yet (not attempted: sigmoid(0)): your value is still None: write it in place of None, then run the cell.
    False
    """
    check_str(name, "name")
    check_str(hint, "hint")
    check_float(rtol, "rtol", minimum=0)
    check_float(atol, "atol", minimum=0)
    suffix = f" Hint: {hint}" if hint else ""
    want = np.asarray(expected, dtype=float)

    def body() -> str:
        if want.ndim == 0:
            got = np.asarray(require_number(answer, "your value"), dtype=float)
        else:
            got = require_array(answer, "your value")
        if got.shape != want.shape:
            fail(f"shape {got.shape}, expected {want.shape}." + suffix)
        if np.allclose(got, want, rtol=rtol, atol=atol):
            if got.ndim == 0:
                return f"{float(got):.6g} is right."
            return f"all {got.size} values match."
        if got.ndim == 0:
            fail(f"got {float(got):.6g}, expected {float(want):.6g}." + suffix)
        wrong = np.flatnonzero(~np.isclose(got, want, rtol=rtol, atol=atol))
        first = np.unravel_index(wrong[0], want.shape)
        fail(
            f"{wrong.size} of {want.size} values differ; first at index "
            f"{tuple(map(int, first))}: got {got[first]:.6g}, expected {want[first]:.6g}." + suffix
        )

    return run_check(name, body)


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

    Each call gets its own copy of the inputs, so a function that changes its arguments in
    place cannot alter the cases of later calls or of other checks.

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
    >>> check_function(lambda x: None, np.tanh, [np.zeros(3)], name="tanh").passed
    Not yet (not attempted: tanh): your function returned None: write its body and end it with `return ...`, then run the cell.
    False
    """
    check_str(name, "name")
    check_str(hint, "hint")
    if not callable(reference):
        raise TypeError(f"reference must be callable, got {type(reference).__name__}")
    cases = [case if isinstance(case, tuple) else (case,) for case in inputs]
    suffix = f" Hint: {hint}" if hint else ""

    def body() -> str:
        require_callable(func)
        for case in cases:
            want = np.asarray(reference(*copy.deepcopy(case)), dtype=float)
            got = require_array(
                call_student(func, *case), "what your function returned", finite=False
            )
            if got.shape != want.shape:
                fail(
                    f"for input(s) of shape {[np.shape(a) for a in case]} it returned shape "
                    f"{got.shape}, expected {want.shape}." + suffix
                )
            if np.isnan(got).any() and not np.isnan(want).any():
                fail(f"it returned NaN for {int(np.isnan(got).sum())} value(s)." + suffix)
            if not np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
                bad = np.flatnonzero(~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True))
                index = np.unravel_index(bad[0], want.shape) if want.ndim else ()
                where = ""
                if want.ndim and np.shape(case[0]) == want.shape:
                    where = f" at input {np.asarray(case[0], dtype=float)[index]:.4g}"
                fail(
                    f"wrong value{where}: got {got[index]:.6g}, expected {want[index]:.6g} "
                    f"({bad.size} of {max(want.size, 1)} values differ)." + suffix
                )
        return f"matches the reference on {len(cases)} test input(s)."

    return run_check(name, body)


def check_shape(answer, expected: Sequence[int | None], *, name: str = "shape") -> CheckResult:
    """Compare a shape (a tuple of ints; ``None`` allowed for the batch axis).

    Parameters
    ----------
    answer : tuple
        The student's shape. Every entry must be an integer (``None`` only where the right
        shape has ``None``); ``14.7`` or ``True`` is not an axis length.
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
    >>> check_shape((None, 14.5, 14.5, 8), (None, 14, 14, 8)).passed
    Not yet (shape): axis 1 is 14.5; an axis length is a whole number.
    False
    """
    check_str(name, "name")
    want = tuple(expected)

    def body() -> str:
        if _missing(answer):
            not_attempted("the shape is still None: write it as a tuple, e.g. (None, 7, 7, 3).")
        if isinstance(answer, (str, bytes, Mapping, set, frozenset)) or not isinstance(
            answer, Iterable
        ):
            fail(f"expected a tuple of integers, got {_describe(answer)}.")
        got = []
        for axis, size in enumerate(answer):
            if size is None:
                got.append(None)
            elif isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Integral):
                if isinstance(size, numbers.Real) and not isinstance(size, (bool, np.bool_)):
                    fail(f"axis {axis} is {size!r}; an axis length is a whole number.")
                fail(f"axis {axis} is {_describe(size)}; an axis length is an integer.")
            elif size < 0:
                fail(f"axis {axis} is {int(size)}; an axis length cannot be negative.")
            else:
                got.append(int(size))
        got = tuple(got)
        if got == want:
            return f"{got} is right."
        if len(got) != len(want):
            fail(f"{got} has {len(got)} axes, expected {len(want)}.")
        axes = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
        fail(f"{got} differs from the right shape on axis/axes {axes}.")

    return run_check(name, body)


def _normalise_choice(value):
    if isinstance(value, str):
        return value.strip().lower()
    return value


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
        The student's choice (strings are compared case-insensitively, spaces trimmed). One
        choice: a list, set or array of choices is answered with "Not yet".
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
    >>> check_choice(["sigmoid", "relu"], "sigmoid", name="output activation").passed
    Not yet (output activation): give one choice, got list ['sigmoid', 'relu'].
    False
    """
    check_str(name, "name")
    accepted = (
        {_normalise_choice(c) for c in correct}
        if isinstance(correct, (set, frozenset, list, tuple))
        else {_normalise_choice(correct)}
    )
    notes = {_normalise_choice(k): v for k, v in (explanations or {}).items()}

    def body() -> str:
        if _missing(answer):
            not_attempted("your choice is still None: write one of the options in its place.")
        if not isinstance(answer, Hashable) or isinstance(answer, (tuple, frozenset)):
            fail(f"give one choice, got {_describe(answer)}.")
        if isinstance(answer, float) and math.isnan(answer):
            fail("your choice is NaN; write one of the options.")
        key = _normalise_choice(answer)
        note = notes.get(key, "")
        if key in accepted:
            return f"{key!r}." + (f" {note}" if note else "")
        fail(f"{key!r} is not the best choice." + (f" {note}" if note else " Think again."))

    return run_check(name, body)
