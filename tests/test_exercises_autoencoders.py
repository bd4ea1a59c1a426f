"""Tests for the answer checks of notebook 05 (autoencoders)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import autoencoders as ex


def test_bottleneck_check_accepts_lower_error_for_wider_bottleneck_and_right_choice():
    assert ex.check_bottleneck_tradeoff({2: 0.0045, 16: 0.002}, "a")


def test_bottleneck_check_rejects_wrong_choice():
    assert not ex.check_bottleneck_tradeoff({2: 0.0045, 16: 0.002}, "b")


def test_bottleneck_check_rejects_wider_bottleneck_with_higher_error(capsys):
    assert not ex.check_bottleneck_tradeoff({2: 0.002, 16: 0.004}, "a")
    assert "not below" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer", [None, {}, {2: 0.1}, {0: 0.1, 2: 0.05}, {2: "x", 4: 0.1}, {2: -1.0, 4: 0.1}]
)
def test_bottleneck_check_rejects_malformed_answers(answer):
    assert not ex.check_bottleneck_tradeoff(answer, "a")


def test_bottleneck_check_raises_type_error_for_non_string_choice():
    with pytest.raises(TypeError, match="choice"):
        ex.check_bottleneck_tradeoff({2: 0.1, 4: 0.05}, 3)


def test_threshold_check_accepts_quantile():
    scores = np.random.default_rng(0).exponential(size=500)
    assert ex.check_threshold(np.quantile(scores, 0.95), scores, 0.05)


def test_threshold_check_rejects_threshold_with_wrong_rate(capsys):
    scores = np.linspace(0, 1, 200)
    assert not ex.check_threshold(0.5, scores, 0.05)
    assert "quantile" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [None, "high"])
def test_threshold_check_rejects_missing_or_non_numeric_answer(answer):
    assert not ex.check_threshold(answer, np.arange(10.0), 0.1)


@pytest.mark.parametrize("fpr", [0.0, 1.0, -0.1, 2.0])
def test_threshold_check_rejects_target_fpr_outside_unit_interval(fpr):
    with pytest.raises(ValueError, match="target_fpr"):
        ex.check_threshold(0.5, np.arange(10.0), fpr)


def test_threshold_check_rejects_two_dimensional_scores():
    with pytest.raises(ValueError, match="normal_scores"):
        ex.check_threshold(0.5, np.ones((3, 3)), 0.1)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 0.5), st.integers(50, 400))
def test_threshold_check_accepts_the_quantile_for_any_rate(fpr, n):
    scores = np.random.default_rng(n).normal(size=n)
    assert ex.check_threshold(np.quantile(scores, 1 - fpr), scores, fpr)
