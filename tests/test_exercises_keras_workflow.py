"""Tests for the answer checks of notebook 07 (helpers.exercises.keras_workflow)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from answer_cases import CheckCase, answer_check_tests

from helpers.exercises import keras_workflow as ex

keras = pytest.importorskip("keras")


# --- exercise 1: parameter count --------------------------------------------------------------
def param_count(units):
    return sum((a + 1) * b for a, b in itertools.pairwise(units))


def param_count_without_biases(units):
    return sum(a * b for a, b in itertools.pairwise(units))


def param_count_with_input_biases(units):
    return sum((a + 1) * (b + 1) for a, b in itertools.pairwise(units))


def param_count_first_layer_only(units):
    return (units[0] + 1) * units[1]


# --- exercise 2: early-stopping callbacks ----------------------------------------------------
class EarlyStoppingCallback(keras.callbacks.Callback):
    """The right answer, written as a student would."""

    def __init__(self, patience):
        super().__init__()
        self.patience = patience

    def on_train_begin(self, logs=None):
        self.best, self.best_weights, self.wait = math.inf, None, 0

    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] < self.best:
            self.best, self.wait = logs["val_loss"], 0
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class ForgetsToRestore(EarlyStoppingCallback):
    def on_train_end(self, logs=None):
        pass


class OneEpochTooPatient(EarlyStoppingCallback):
    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] < self.best:
            self.best, self.wait = logs["val_loss"], 0
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait > self.patience:
                self.model.stop_training = True


class ComparesWithPreviousEpoch(EarlyStoppingCallback):
    """Counts rises against the previous epoch instead of epochs since the best."""

    def on_epoch_end(self, epoch, logs=None):
        previous = getattr(self, "previous", math.inf)
        if logs["val_loss"] < self.best:
            self.best = logs["val_loss"]
            self.best_weights = self.model.get_weights()
        if logs["val_loss"] < previous:
            self.wait = 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.model.stop_training = True
        self.previous = logs["val_loss"]


class TiesCountAsImprovement(EarlyStoppingCallback):
    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] <= self.best:
            self.best, self.wait = logs["val_loss"], 0
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.model.stop_training = True


class DoesNothing(keras.callbacks.Callback):
    """The student version of the exercise: every method body is `pass`."""

    def __init__(self, patience):
        super().__init__()
        self.patience = patience


# --- exercise 3: aperture accuracy -----------------------------------------------------------
def _phi(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _aperture_numbers(flux, radius):
    yy, xx = np.mgrid[0:28, 0:28] - 13.5
    mask = np.hypot(xx, yy) <= radius
    return flux * ex.toy_template()[mask].sum(), mask.sum()


def aperture_without_the_half(flux, radius):
    signal, n = _aperture_numbers(flux, radius)
    return _phi(signal / math.sqrt(n))


def aperture_noise_added_linearly(flux, radius):
    signal, n = _aperture_numbers(flux, radius)
    return _phi(signal / n / 2)


def aperture_holds_all_the_flux(flux, radius):
    _, n = _aperture_numbers(flux, radius)
    return _phi(flux / math.sqrt(n) / 2)


def aperture_by_simulation(flux, radius):
    rng = np.random.default_rng(5)
    signal, n = _aperture_numbers(flux, radius)
    labels = np.arange(40000) % 2
    sums = rng.normal(0, math.sqrt(n), labels.size) + labels * signal
    return float(np.mean((sums > signal / 2) == labels))


CASES = [
    CheckCase(
        ex.check_param_count,
        right=(param_count,),
        wrong=[
            param_count_without_biases,
            param_count_with_input_biases,
            param_count_first_layer_only,
        ],
        reason=["biases", "biases", "biases"],
    ),
    CheckCase(
        ex.check_early_stopping_callback,
        right=(EarlyStoppingCallback,),
        wrong=[
            ForgetsToRestore,
            OneEpochTooPatient,
            ComparesWithPreviousEpoch,
            TiesCountAsImprovement,
        ],
        reason=["Keras restores epoch", "stopped after", "stopped after", "stopped after"],
    ),
    CheckCase(
        ex.check_aperture_accuracy,
        right=(ex.reference_aperture_accuracy,),
        wrong=[
            aperture_without_the_half,
            aperture_noise_added_linearly,
            aperture_holds_all_the_flux,
        ],
        reason=["simulated cutouts", "simulated cutouts", "simulated cutouts"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_param_count_accepts_keras_itself(capsys):
    def with_keras(units):
        model = keras.Sequential(
            [keras.Input(shape=(units[0],)), *[keras.layers.Dense(n) for n in units[1:]]]
        )
        return model.count_params()

    assert ex.check_param_count(with_keras)
    assert ex.check_param_count(lambda units: np.int64(param_count(units)))
    assert capsys.readouterr().out.count("Correct (") == 2


def test_param_count_rejects_a_fractional_count(capsys):
    assert not ex.check_param_count(lambda units: param_count(units) + 0.5)
    assert "you count" in capsys.readouterr().out


def test_early_stopping_callback_that_does_nothing_is_an_open_exercise(capsys):
    result = ex.check_early_stopping_callback(DoesNothing)
    assert not result.passed
    assert not result.attempted
    assert "neither stopped" in capsys.readouterr().out


def test_early_stopping_callback_asks_for_the_class_not_an_instance(capsys):
    assert not ex.check_early_stopping_callback(EarlyStoppingCallback(patience=3))
    assert "pass the class itself" in capsys.readouterr().out


def test_early_stopping_callback_rejects_a_class_that_is_no_callback(capsys):
    class NotACallback:
        def __init__(self, patience):
            self.patience = patience

    assert not ex.check_early_stopping_callback(NotACallback)
    assert "subclass keras.callbacks.Callback" in capsys.readouterr().out


def test_early_stopping_callback_reports_a_method_that_raises(capsys):
    class Broken(EarlyStoppingCallback):
        def on_epoch_end(self, epoch, logs=None):
            raise KeyError("val_accuracy")

    assert not ex.check_early_stopping_callback(Broken)
    out = capsys.readouterr().out
    assert "raised KeyError" in out and "could not use" not in out


def test_early_stopping_callback_accepts_keras_own_early_stopping(capsys):
    def factory(patience):
        return keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=patience, restore_best_weights=True
        )

    assert ex.check_early_stopping_callback(factory)
    assert capsys.readouterr().out.startswith("Correct (")


def test_early_stopping_callback_works_inside_a_real_fit():
    """The right answer stops a real training run where Keras' EarlyStopping does."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 20)).astype("float32"), rng.integers(0, 2, 40).astype("float32")

    def run(callback):
        keras.utils.set_random_seed(1)
        model = keras.Sequential(
            [keras.Input((20,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)]
        )
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
        history = model.fit(
            x[:20], y[:20], validation_data=(x[20:], y[20:]), epochs=60, verbose=0,
            callbacks=[callback], shuffle=False,
        )  # fmt: skip
        return len(history.history["loss"]), model.get_weights()

    ours, keras_own = (
        run(EarlyStoppingCallback(patience=3)),
        run(
            keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
        ),
    )
    assert ours[0] == keras_own[0] < 60
    assert all(np.array_equal(a, b) for a, b in zip(ours[1], keras_own[1], strict=True))


def test_aperture_accuracy_accepts_a_careful_simulation_and_names_the_best_radius(capsys):
    assert ex.check_aperture_accuracy(aperture_by_simulation)
    assert "best aperture at radius 3" in capsys.readouterr().out


def test_reference_aperture_accuracy_matches_a_simulation_and_stays_below_the_matched_filter():
    template = ex.toy_template()
    optimum = _phi(30 * np.sqrt((template**2).sum()) / 2)
    for radius in (1.5, 3.0, 6.0):
        assert ex.reference_aperture_accuracy(30.0, radius) == pytest.approx(
            aperture_by_simulation(30.0, radius), abs=0.006
        )
        assert ex.reference_aperture_accuracy(30.0, radius) < optimum
    with pytest.raises(ValueError, match="radius"):
        ex.reference_aperture_accuracy(30.0, 0.1)
