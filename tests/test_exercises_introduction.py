"""helpers.exercises.introduction: the checks of notebook 00."""

from __future__ import annotations

import pytest

from helpers.exercises import introduction as ex

X, W, B = [0.5, -1.2, 3.0], [0.8, 0.1, -0.4], 0.2


def test_neuron_check_accepts_the_sigmoid_of_the_weighted_sum(capsys):
    assert ex.check_neuron_output(ex.neuron_reference(X, W, B), X, W, B)


def test_neuron_check_spots_a_forgotten_activation(capsys):
    z = sum(w * x for w, x in zip(W, X, strict=True)) + B
    assert not ex.check_neuron_output(z, X, W, B)
    assert "apply the sigmoid" in capsys.readouterr().out


def test_neuron_check_gives_the_weighted_sum_as_a_hint(capsys):
    assert not ex.check_neuron_output(0.9, X, W, B)
    assert "z = w·x + b" in capsys.readouterr().out


def test_neuron_check_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="same shape"):
        ex.check_neuron_output(0.5, [1, 2], [1], 0)


def test_buzzword_check_explains_what_is_missing_or_extra(capsys):
    assert ex.check_buzzwords(ex.METHODS)
    assert not ex.check_buzzwords(["deep learning", "dark matter"])
    out = capsys.readouterr().out.splitlines()[-1]
    assert "missing" in out and "dark matter" in out
    assert not ex.check_buzzwords(["quantum"])
    assert "not on the slide" in capsys.readouterr().out
    assert not ex.check_buzzwords("deep learning")
