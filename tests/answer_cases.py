"""The wrong-answer table that every answer check is tested with.

The brief's teaching standard: a check is fed the right answer, at least two *plausible* wrong
answers, and a table of hostile values (``None``, a wrong type, NaN, ...). The right answer
gets "Correct (...)"; every other gets "Not yet (...)" with a reason, ``None`` gets
"Not yet (not attempted: ...)", and no answer ever makes a check raise.

A lesson's test module lists its checks as :class:`CheckCase` rows and turns them into tests:

>>> CASES = [CheckCase(ex.check_thing, right=(0.5,), wrong=[0.25, 1.0])]  # doctest: +SKIP
>>> (
...     test_each_check_accepts_its_right_answer,
...     test_each_check_rejects_plausible_wrong_answers,
...     test_each_check_rejects_hostile_answers,
... ) = answer_check_tests(CASES)  # doctest: +SKIP

``tests/test_every_check_is_tested.py`` fails when a public check has no row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pytest


class Lazy:
    """An answer built when the test runs (a Keras model, a trained history): ``Lazy(f)``."""

    def __init__(self, factory: Callable[[], object], label: str = ""):
        self.factory = factory
        self.label = label or getattr(factory, "__name__", "lazy")

    def __repr__(self) -> str:
        return self.label


def _inplace_scribbler(*args, **kwargs):
    """A student function that overwrites its array arguments and returns garbage."""
    for a in args:
        if isinstance(a, np.ndarray) and a.dtype.kind == "f":
            a[...] = 1e9
    return args[0] if args else 0.0


def _raiser(*args, **kwargs):
    raise ZeroDivisionError("student code divided by zero")


#: Hostile answers: each must get "Not yet (...)"; the first two "not attempted".
HOSTILE: dict[str, object] = {
    "None": None,
    "Ellipsis": Ellipsis,
    "NaN": math.nan,
    "infinity": math.inf,
    "negative infinity": -math.inf,
    "a string": "0.5",
    "an empty string": "",
    "a bool": True,
    "an empty list": [],
    "a list of strings": ["a", "b"],
    "a list with None": [None, None],
    "a dict": {"answer": 1},
    "a set": {1, 2},
    "an array of NaN": np.full(3, np.nan),
    "a 3-D array": np.zeros((2, 2, 2)),
    "an object": object(),
    "a function returning None": lambda *a, **k: None,
    "a function returning NaN": lambda *a, **k: math.nan,
    "a function that raises": _raiser,
    "a function working in place": _inplace_scribbler,
}
NOT_ATTEMPTED = ("None", "Ellipsis")


@dataclass
class CheckCase:
    """One answer check and the answers it is tested with.

    Attributes
    ----------
    check : callable
        The check.
    right : tuple or callable
        Positional arguments (the answer at position ``answer``) that earn "Correct"; a
        callable returning the tuple is called when the test runs.
    wrong : sequence
        At least two plausible wrong answers (substituted at position ``answer``); wrap one
        that is expensive to build in :class:`Lazy`.
    kwargs : dict
        Keyword arguments passed on every call.
    answer : int
        Position of the student's answer among the arguments.
    reason : sequence of str, optional
        Words that must appear in the message for each wrong answer (same order as ``wrong``).
    label : str
        Test id; defaults to the check's name.
    """

    check: Callable
    right: tuple | Callable[[], tuple]
    wrong: Sequence = ()
    kwargs: dict = field(default_factory=dict)
    answer: int = 0
    reason: Sequence[str] = ()
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.check.__name__

    def args(self) -> tuple:
        return tuple(self.right() if callable(self.right) else self.right)

    def call_with(self, answer):
        if isinstance(answer, Lazy):
            answer = answer.factory()
        args = list(self.args())
        args[self.answer] = answer
        snapshot = [_snapshot(a) for a in args]
        result = self.check(*args, **self.kwargs)
        for position, (before, after) in enumerate(zip(snapshot, args, strict=True)):
            if position != self.answer and before is not None:
                assert _same(before, _snapshot(after)), (
                    f"{self.id}: argument {position} was changed by the check or the answer "
                    "(a check must hand the student copies of its inputs)"
                )
        return result


def _snapshot(value):
    """A comparable copy of plain data (arrays, numbers, lists); None for anything else."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (int, float, str, bool)):
        return value
    if isinstance(value, (list, tuple)):
        parts = [_snapshot(v) for v in value]
        return None if any(p is None for p in parts) else parts
    return None


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=True)
        )
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return a == b or (a != a and b != b)


def _message(result, out: str) -> str:
    assert hasattr(result, "passed") and hasattr(result, "message"), (
        f"a check must return a CheckResult, got {type(result).__name__}"
    )
    assert result.message in out, "a check prints the message it returns"
    return result.message


def answer_check_tests(cases: Sequence[CheckCase]):
    """Return the three parametrized tests of the wrong-answer table for ``cases``."""
    cases = list(cases)
    for case in cases:
        assert len(case.wrong) >= 2, f"{case.id}: give at least two plausible wrong answers"
        assert not case.reason or len(case.reason) == len(case.wrong), (
            f"{case.id}: one reason per wrong answer"
        )

    @pytest.mark.parametrize("case", cases, ids=[c.id for c in cases])
    def test_each_check_accepts_its_right_answer(case, capsys):
        result = case.check(*case.args(), **case.kwargs)
        message = _message(result, capsys.readouterr().out)
        assert result.passed, message
        assert message.startswith("Correct ("), message

    wrong = [(c, i) for c in cases for i in range(len(c.wrong))]

    @pytest.mark.parametrize(
        ("case", "index"), wrong, ids=[f"{c.id}-wrong{i}-{c.wrong[i]!r:.30}" for c, i in wrong]
    )
    def test_each_check_rejects_plausible_wrong_answers(case, index, capsys):
        result = case.call_with(case.wrong[index])
        message = _message(result, capsys.readouterr().out)
        assert not result.passed, f"a wrong answer passed: {message}"
        assert message.startswith("Not yet ("), message
        assert "not attempted" not in message, f"a wrong answer is not an open one: {message}"
        assert "could not use this answer" not in message, (
            f"a plausible wrong answer deserves a specific reason, not an exception: {message}"
        )
        if case.reason:
            assert case.reason[index].lower() in message.lower(), message

    hostile = [(c, label) for c in cases for label in HOSTILE]

    @pytest.mark.parametrize(("case", "label"), hostile, ids=[f"{c.id}-{h}" for c, h in hostile])
    def test_each_check_rejects_hostile_answers(case, label, capsys):
        result = case.call_with(HOSTILE[label])  # must not raise
        message = _message(result, capsys.readouterr().out)
        assert not result.passed, f"{label} passed: {message}"
        if label in NOT_ATTEMPTED:
            assert message.startswith("Not yet (not attempted: "), message
        else:
            assert message.startswith("Not yet ("), message
        if label == "a function working in place":
            # the check copied its test inputs: a wrong answer still fails after this one
            for answer in case.wrong:
                again = case.call_with(answer)
                assert not again.passed, f"after an in-place answer a wrong one passed: {again}"

    return (
        test_each_check_accepts_its_right_answer,
        test_each_check_rejects_plausible_wrong_answers,
        test_each_check_rejects_hostile_answers,
    )
