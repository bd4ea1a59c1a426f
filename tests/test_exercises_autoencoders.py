"""Tests for the answer checks of notebook 05 (helpers.exercises.autoencoders)."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest
from answer_cases import CheckCase, Lazy, answer_check_tests

from helpers.exercises import autoencoders as ex

WINDOW, HORIZON = 24, 5


def smoothed_noise(sigma, width):
    return sigma / (2 * math.sqrt(math.pi) * width)


def quantile_threshold(scores, rate):
    return np.quantile(scores, 1 - rate)


@cache
def _linear_weights(window=WINDOW, horizon=HORIZON):
    """Least-squares linear forecaster fitted on simulated curves (a seed the check never uses)."""
    curves = ex._light_curves(3000, window + horizon, np.random.default_rng(11))
    past = np.c_[curves[:, :window], np.ones(len(curves))]
    weights, *_ = np.linalg.lstsq(past, curves[:, window:], rcond=None)
    return weights[:-1].astype("float32"), weights[-1].astype("float32")


def _dense_forecaster(window=WINDOW, horizon=HORIZON, weights=None, channel=True):
    import keras
    from keras import layers

    keras.utils.set_random_seed(3)
    shape = (window, 1) if channel else (window,)
    model = keras.Sequential([keras.Input(shape=shape), layers.Flatten(), layers.Dense(horizon)])
    if weights is not None:
        model.layers[-1].set_weights(list(weights))
    return model


def linear_forecaster(channel=True):
    """A right answer that needs no training: the best linear forecast, as a Keras model."""
    return _dense_forecaster(weights=_linear_weights(), channel=channel)


def one_step_forecaster():
    """The lesson's forecaster shape: one future sample instead of five."""
    w, b = _linear_weights(WINDOW, 1)
    return _dense_forecaster(horizon=1, weights=(w, b))


def untrained_forecaster():
    return _dense_forecaster()


def last_value_forecaster():
    """Repeats the last sample seen: exactly the naive forecast."""
    weights = np.zeros((WINDOW, HORIZON), dtype="float32")
    weights[-1] = 1.0
    return _dense_forecaster(weights=(weights, np.zeros(HORIZON, dtype="float32")))


def reversed_targets_forecaster():
    """Trained with the future samples in reverse order (the targets sliced backwards)."""
    w, b = _linear_weights()
    return _dense_forecaster(weights=(w[:, ::-1].copy(), b[::-1].copy()))


CASES = [
    CheckCase(
        ex.check_smoothed_noise,
        right=(smoothed_noise,),
        wrong=[
            lambda sigma, width: sigma / width,  # divides by the width, not 2 sqrt(pi) width
            lambda sigma, width: sigma / (math.sqrt(2 * math.pi) * width),  # the 1-D formula
            lambda sigma, width: sigma**2 / (4 * math.pi * width**2),  # the variance
            lambda sigma, width: sigma,  # smoothing does not change the noise
        ],
        reason=["too large", "too large", "too small", "too large"],
    ),
    CheckCase(
        ex.check_threshold,
        right=(quantile_threshold,),
        wrong=[
            lambda scores, rate: np.quantile(scores, rate),  # the wrong tail
            lambda scores, rate: np.quantile(scores, 0.95),  # right only for rate 5%
            lambda scores, rate: scores.mean() + 2 * scores.std(),  # ignores the rate
        ],
        reason=["flags 95.0%", "rate 10%", "target"],
    ),
    CheckCase(
        ex.check_multistep_forecaster,
        right=lambda: (linear_forecaster(),),
        wrong=[
            Lazy(one_step_forecaster, "one-step forecaster"),
            Lazy(untrained_forecaster, "untrained forecaster"),
            Lazy(last_value_forecaster, "last-value forecaster"),
            Lazy(reversed_targets_forecaster, "reversed targets"),
        ],
        kwargs={"horizon": HORIZON},
        reason=["next 5 samples", "not below", "not below", "not below"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_smoothed_noise_accepts_numpy_and_the_exact_discrete_kernel_sum(capsys):
    from scipy import ndimage

    def discrete(sigma, width):
        impulse = np.zeros((61, 61))
        impulse[30, 30] = 1.0
        kernel = ndimage.gaussian_filter(impulse, width)
        return np.float32(sigma * np.sqrt((kernel**2).sum()))

    assert ex.check_smoothed_noise(discrete)
    assert ex.check_smoothed_noise(lambda s, w: np.sqrt(s**2 / (4 * np.pi * w**2)))
    assert capsys.readouterr().out.count("Correct (") == 2


def test_smoothed_noise_rejects_a_prediction_two_percent_off_only_beyond_tolerance(capsys):
    assert ex.check_smoothed_noise(lambda s, w: 1.02 * smoothed_noise(s, w))
    assert not ex.check_smoothed_noise(lambda s, w: 1.10 * smoothed_noise(s, w))
    assert "too large" in capsys.readouterr().out


def test_threshold_accepts_percentile_and_sorting_rules(capsys):
    assert ex.check_threshold(lambda s, r: np.percentile(s, 100 * (1 - r)))
    assert ex.check_threshold(lambda s, r: np.sort(s)[round(len(s) * (1 - r)) - 1])
    assert capsys.readouterr().out.count("Correct (") == 2


def test_threshold_rejects_an_array_of_thresholds(capsys):
    assert not ex.check_threshold(lambda s, r: np.quantile(s, [1 - r, 1 - r]))
    assert "number" in capsys.readouterr().out


def test_multistep_forecaster_accepts_a_window_without_channel_axis(capsys):
    assert ex.check_multistep_forecaster(linear_forecaster(channel=False), horizon=HORIZON)
    assert "times that of the better trivial" in capsys.readouterr().out


def test_multistep_forecaster_rejects_a_model_on_images(capsys):
    import keras
    from keras import layers

    image_model = keras.Sequential(
        [keras.Input(shape=(24, 24, 1)), layers.Flatten(), layers.Dense(HORIZON)]
    )
    assert not ex.check_multistep_forecaster(image_model, horizon=HORIZON)
    assert "windows of shape" in capsys.readouterr().out


@pytest.mark.parametrize("horizon", [0, 2.5, True, "5"])
def test_multistep_forecaster_rejects_a_bad_horizon_without_raising(horizon, capsys):
    assert not ex.check_multistep_forecaster(linear_forecaster(), horizon=horizon)
    assert "horizon" in capsys.readouterr().out


def test_multistep_forecaster_rejects_a_linear_model_with_too_short_a_memory(capsys):
    """Only the last two samples used: below the trivial errors, but not far below."""
    curves = ex._light_curves(3000, WINDOW + HORIZON, np.random.default_rng(12))
    past = np.c_[curves[:, WINDOW - 2 : WINDOW], np.ones(len(curves))]
    w, *_ = np.linalg.lstsq(past, curves[:, WINDOW:], rcond=None)
    weights = np.zeros((WINDOW, HORIZON), dtype="float32")
    weights[-2:] = w[:2]
    model = _dense_forecaster(weights=(weights, w[-1].astype("float32")))
    result = ex.check_multistep_forecaster(model, horizon=HORIZON)
    out = capsys.readouterr().out
    assert not result
    assert "times that of the better trivial" in out
