"""helpers.checks: specific messages for right and wrong answers, never an assert."""

from __future__ import annotations

import numpy as np
import pytest
from answer_cases import CheckCase, answer_check_tests

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
    assert "Not yet (not attempted: answer)" in capsys.readouterr().out
    assert not checks.check_value("abc", 1.0)
    assert "must be a number" in capsys.readouterr().out


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
    assert "not attempted" in capsys.readouterr().out
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


def _relu(x):
    return np.maximum(x, 0.0)


CASES = [
    CheckCase(checks.check_value, right=(0.5, 0.5), wrong=[0.25, 1.0], reason=["got", "got"]),
    CheckCase(
        checks.check_value,
        right=([1.0, 2.0], [1.0, 2.0]),
        wrong=[[1.0, 3.0], [1.0, 2.0, 3.0]],
        reason=["differ", "shape"],
        label="check_value-array",
    ),
    CheckCase(
        checks.check_function,
        right=(_relu, _relu, [np.linspace(-2, 2, 9)]),
        wrong=[np.abs, lambda x: np.where(x > 1, x, 0.0)],
        reason=["wrong value", "wrong value"],
    ),
    CheckCase(
        checks.check_shape,
        right=((None, 14, 14, 8), (None, 14, 14, 8)),
        wrong=[(None, 14.7, 14, 8), (None, 14.5, 14.5, 8), (None, 13, 14, 8), (14, 14, 8)],
        reason=["whole number", "whole number", "axis", "axes"],
    ),
    CheckCase(
        checks.check_choice,
        right=("sigmoid", "sigmoid"),
        wrong=["relu", ["sigmoid", "relu"], {"sigmoid"}, np.array(["sigmoid"])],
        reason=["not the best", "one choice", "one choice", "one choice"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_check_function_copies_its_inputs_for_every_call(capsys):
    """An in-place student function must not rewrite the cases of the next check."""
    cases = [np.linspace(-2.0, 2.0, 9)]

    def relu_in_place(x):
        np.maximum(x, 0.0, out=x)
        return x

    assert checks.check_function(relu_in_place, _relu, cases, name="relu")
    np.testing.assert_array_equal(cases[0], np.linspace(-2.0, 2.0, 9))
    # the classic symptom: after the in-place call a wrong derivative used to pass
    assert not checks.check_function(lambda x: np.ones_like(x), lambda x: x > 0, cases)


def test_check_function_says_none_is_not_attempted_not_a_shape(capsys):
    assert not checks.check_function(lambda x: None, np.tanh, [np.zeros(3)])
    out = capsys.readouterr().out
    assert "not attempted" in out and "returned None" in out and "shape ()" not in out


def test_check_shape_rejects_fractional_and_boolean_axes(capsys):
    assert not checks.check_shape((None, 14.7), (None, 14))
    assert not checks.check_shape((None, True), (None, 1))
    assert not checks.check_shape((None, -3), (None, 3))
    out = capsys.readouterr().out
    assert out.count("Not yet (shape)") == 3


def test_check_choice_answers_unhashable_choices_without_raising(capsys):
    for answer in (["a"], {"a"}, np.array(["a"]), {"a": 1}):
        assert not checks.check_choice(answer, "a")
    assert capsys.readouterr().out.count("give one choice") == 4


def test_run_check_turns_any_exception_into_not_yet(capsys):
    result = checks.run_check("x", lambda: {}["missing"])
    assert not result and "could not use this answer (KeyError" in result.message


def test_require_model_rejects_a_model_without_input_shape(capsys):
    import keras

    model = keras.Sequential([keras.layers.Dense(1)])
    result = checks.run_check("model", lambda: checks.require_model(model) and "ok")
    assert not result and "keras.Input" in result.message


def test_require_history_names_the_missing_metric(capsys):
    result = checks.run_check("h", lambda: checks.require_history({"acc": [1.0]}) and "ok")
    assert not result and "no 'loss'" in result.message
    result = checks.run_check(
        "h", lambda: checks.require_history({"loss": [1.0]}, keys=("val_loss",)) and "ok"
    )
    assert "validation_data" in result.message
    result = checks.run_check("h", lambda: checks.require_history({"loss": [np.nan]}) and "ok")
    assert "NaN" in result.message


def test_check_result_knows_an_open_exercise(capsys):
    assert not checks.check_value(None, 1.0).attempted
    assert checks.check_value(2.0, 1.0).attempted
