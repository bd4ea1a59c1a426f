"""Tests for the answer checks of notebook 03 (helpers.exercises.overfitting)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises import overfitting as ex

CURVE = [1.0, 0.8, 0.9, 0.95, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]


def test_early_stopping_epoch_restores_minimum_with_enough_patience():
    assert ex.early_stopping_epoch(CURVE, patience=3) == (8, 4)


def test_early_stopping_epoch_stops_on_first_bump_with_zero_patience():
    assert ex.early_stopping_epoch(CURVE, patience=0) == (3, 1)


@given(st.lists(st.floats(0.01, 10), min_size=1, max_size=30), st.integers(0, 40))
def test_early_stopping_never_restores_worse_than_it_has_seen(curve, patience):
    stop, best = ex.early_stopping_epoch(curve, patience)
    assert 1 <= stop <= len(curve)
    assert curve[best] == min(curve[:stop])


def test_early_stopping_epoch_rejects_bad_patience_and_empty_curve():
    with pytest.raises(ValueError, match="patience"):
        ex.early_stopping_epoch(CURVE, -1)
    with pytest.raises(TypeError, match="patience"):
        ex.early_stopping_epoch(CURVE, 2.5)
    with pytest.raises(ValueError, match="val_loss"):
        ex.early_stopping_epoch([], 2)


def test_check_patience_explains_too_small_and_too_large(capsys):
    assert not ex.check_patience(0, CURVE)
    assert "Too impatient" in capsys.readouterr().out
    assert not ex.check_patience(20, CURVE)
    assert "Too patient" in capsys.readouterr().out
    assert ex.check_patience(3, CURVE)


def test_check_patience_rejects_placeholder_and_non_integer(capsys):
    assert not ex.check_patience(..., CURVE)
    assert "no answer yet" in capsys.readouterr().out
    assert not ex.check_patience(2.0, CURVE)
    assert not ex.check_patience(-1, CURVE)


def test_check_dropout_model_inspects_layers(capsys):
    import keras

    good = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(8),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    assert ex.check_dropout_model(good)
    plain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    assert not ex.check_dropout_model(plain)
    assert "no Dropout layer" in capsys.readouterr().out
    wrong_out = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dropout(0.2), keras.layers.Dense(2)]
    )
    assert not ex.check_dropout_model(wrong_out)
    assert "expected 3" in capsys.readouterr().out


def test_check_dropout_model_rejects_non_model(capsys):
    assert not ex.check_dropout_model(np.zeros(3))
    assert "expected a Keras model" in capsys.readouterr().out
