"""Every public answer check has a row in the wrong-answer table of its lesson's tests.

A lesson's checks live in ``helpers/exercises/<lesson>.py``; its tests in
``tests/test_exercises_<lesson>.py`` list ``CASES`` (see ``tests/answer_cases.py``), which
feed each check its right answer, two plausible wrong ones and the hostile table. The generic
checks of ``helpers.checks`` are listed in ``tests/test_checks.py``. A new check without a row
fails here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import helpers.exercises
from helpers import checks

LESSONS = sorted(m.name for m in pkgutil.iter_modules(helpers.exercises.__path__))


def _public_checks(module) -> list[str]:
    return sorted(name for name in getattr(module, "__all__", []) if name.startswith("check_"))


def _tested(test_module_name: str) -> set[str]:
    module = importlib.import_module(test_module_name)
    cases = getattr(module, "CASES", None)
    assert cases is not None, f"tests/{test_module_name}.py has no CASES table"
    return {case.check.__name__ for case in cases}


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_check_of_a_lesson_has_wrong_answer_cases(lesson):
    module = importlib.import_module(f"helpers.exercises.{lesson}")
    public = _public_checks(module)
    assert public, f"helpers.exercises.{lesson} exports no check_* function"
    missing = sorted(set(public) - _tested(f"test_exercises_{lesson}"))
    assert not missing, f"checks of {lesson} without wrong-answer cases: {missing}"


def test_every_generic_check_has_wrong_answer_cases():
    missing = sorted(set(_public_checks(checks)) - _tested("test_checks"))
    assert not missing, f"generic checks without wrong-answer cases: {missing}"
