"""helpers.checks: specific messages for right and wrong answers, never an assert."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


def test_check_value_accepts_the_right_number(capsys):
    assert checks.check_value(0.3333333, 1 / 3, name="third", rtol=1e-5)
    assert capsys.readouterr().out.startswith("Correct (third)")


def test_check_value_says_what_was_expected_for_a_wrong_number(capsys):
    result = checks.check_value(0.5, 0.25, name="p")
    assert not result
    assert "got 0.5, expected 0.25" in capsys.readouterr().out


def test_check_value_reports_shape_mismatch_and_first_wrong_entry(capsys):
    assert not checks.check_value([1, 2], [1, 2, 3])
    assert "shape (2,), expected (3,)" in capsys.readouterr().out
    assert not checks.check_value([1, 5, 3], [1, 2, 3])
    assert "first at index (1,)" in capsys.readouterr().out


def test_check_value_handles_a_missing_answer(capsys):
    assert not checks.check_value(None, 1.0)
    assert "no answer yet" in capsys.readouterr().out
    assert not checks.check_value("abc", 1.0)
    assert "expected a number" in capsys.readouterr().out


def test_check_value_rejects_negative_tolerance():
    with pytest.raises(ValueError, match="rtol"):
        checks.check_value(1.0, 1.0, rtol=-1)


def test_check_function_reports_the_input_where_a_function_is_wrong(capsys):
    def almost_relu(x):
        return np.where(x > 1, x, 0.0)

    result = checks.check_function(
        almost_relu, lambda x: np.maximum(x, 0), [np.array([-1.0, 0.5, 2.0])], name="relu"
    )
    assert not result
    out = capsys.readouterr().out
    assert "at input 0.5" in out and "got 0, expected 0.5" in out


def test_check_function_reports_unimplemented_and_crashing_functions(capsys):
    def todo(x):
        raise NotImplementedError

    def crash(x):
        return x / "a"

    assert not checks.check_function(todo, np.tanh, [1.0])
    assert "not implemented yet" in capsys.readouterr().out
    assert not checks.check_function(crash, np.tanh, [1.0])
    assert "raised TypeError" in capsys.readouterr().out
    assert not checks.check_function(3, np.tanh, [1.0])
    assert "expected a function" in capsys.readouterr().out


def test_check_function_rejects_a_reference_that_is_not_callable():
    with pytest.raises(TypeError, match="reference must be callable"):
        checks.check_function(np.tanh, 3, [1.0])


def test_check_shape_names_the_wrong_axis(capsys):
    assert checks.check_shape((None, 14, 14, 8), (None, 14, 14, 8))
    assert not checks.check_shape((None, 13, 14, 8), (None, 14, 14, 8))
    assert "axis/axes [1]" in capsys.readouterr().out.splitlines()[-1]
    assert not checks.check_shape((14, 14), (None, 14, 14, 8))
    assert "2 axes, expected 4" in capsys.readouterr().out


def test_check_choice_is_case_insensitive_and_explains_wrong_choices(capsys):
    notes = {"relu": "ReLU is unbounded: no probability.", "sigmoid": "Output in (0, 1)."}
    assert checks.check_choice(" Sigmoid ", "sigmoid", explanations=notes)
    assert not checks.check_choice("ReLU", "sigmoid", explanations=notes)
    assert "unbounded" in capsys.readouterr().out.splitlines()[-1]


def test_check_result_is_truthy_only_when_passed():
    assert checks.CheckResult(True, "ok") and not checks.CheckResult(False, "no")
    assert str(checks.CheckResult(False, "message")) == "message"
